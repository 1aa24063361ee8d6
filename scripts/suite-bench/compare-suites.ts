import { loadavg } from 'node:os';
import { expect } from 'vitest';
import { type Concurrency, limitRule } from '../../src/providers/slot-limits.js';
import { isProviderName } from '../../src/records/provider-facts.js';
import { ProviderTraffic } from '../../test/fakes/provider-traffic.js';
import { type BenchFakes, goalLine, runBenchSuite } from './bench-fakes.js';

/** A bench project: its folder, the tests it must pass, and how to remove it. */
export interface ComparedSuite {
  root: string;
  tests: number;
  remove: () => Promise<void>;
}

/** Two suites' summed wall and model time (ms), the most in flight per traffic key, the loads. */
export interface SuiteComparison<K extends string> {
  wall: Record<K, number>;
  span: Record<K, number>;
  peaks: Map<string, number>;
  loads: number[];
}

/**
 * Runs suite `a`, then `b` twice, then `a` again (so a drift of the machine's speed hits both
 * alike) against the fakes, each run passing all its tests; then closes the fakes and removes
 * the projects.
 */
export async function compareSuites<K extends string>(
  fakes: BenchFakes,
  suites: Record<K, ComparedSuite>,
  [a, b]: [K, K],
): Promise<SuiteComparison<K>> {
  const wall = { [a]: 0, [b]: 0 } as Record<K, number>;
  const span = { [a]: 0, [b]: 0 } as Record<K, number>;
  const peaks = new Map<string, number>();
  const loads: number[] = [];
  try {
    for (const key of [a, b, b, a]) {
      loads.push(loadavg()[0] ?? 0);
      const suite = suites[key];
      const traffic = new ProviderTraffic();
      const run = await fakes.measuring(traffic, () => runBenchSuite(suite.root, fakes.env));
      expect(run.exitCode, run.output).toBe(0);
      expect(run.output).toMatch(new RegExp(`Tests\\s+${suite.tests} passed`));
      wall[key] += run.durationMs;
      span[key] += traffic.spanMs;
      for (const [trafficKey, seen] of traffic.byKey) {
        peaks.set(trafficKey, Math.max(peaks.get(trafficKey) ?? 0, seen.maxInFlight));
      }
    }
  } finally {
    await fakes.close();
    await Promise.all(Object.values<ComparedSuite>(suites).map((suite) => suite.remove()));
  }
  return { wall, span, peaks, loads };
}

/**
 * A goal line per traffic key (a provider, or `ollama <model>`): the most it had in flight
 * against its limit under `concurrency`; and the keys that went past it.
 */
export function inFlightLines(
  peaks: Map<string, number>,
  concurrency?: Concurrency,
): { lines: string[]; broken: string[] } {
  const lines: string[] = [];
  const broken: string[] = [];
  for (const [key, peak] of [...peaks].sort()) {
    const provider = key.split(' ')[0] ?? key;
    const limit = isProviderName(provider) ? limitRule(provider, concurrency, {}).max : 0;
    lines.push(
      goalLine(`most in flight, ${key}`, String(peak), `≤ ${limit} (its limit)`, peak <= limit),
    );
    if (peak > limit) broken.push(`${key}: ${peak} in flight, limit ${limit}`);
  }
  return { lines, broken };
}
