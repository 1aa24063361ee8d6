/**
 * Benchmark: a nine-model matrix against one model (issue 16). The same three cases run on one
 * model (Ollama's gpt-oss:20b: local models are the slowest lane, one request at a time per
 * model) and on nine — the default matrix with both Ollama models, topped up with gpt-5-nano —
 * every model request answered after 500 ms by the strict fakes on 127.0.0.1. Twice, in the
 * order one, nine, nine, one. It prints the wall-time ratio of nine models to one against its
 * goal (≤ 1.15), the model-time ratio at the fakes, and the most requests in flight per limit
 * (per cloud provider, per Ollama model), which must never exceed the limit.
 * Run it with `npm run bench:matrix`.
 */
import { loadavg } from 'node:os';
import { expect, test } from 'vitest';
import { defaultMatrix } from '../src/models/default-matrix.js';
import { limitRule } from '../src/providers/slot-limits.js';
import { isProviderName } from '../src/records/provider-facts.js';
import { ProviderTraffic } from '../test/fakes/provider-traffic.js';
import { goalLine, runBenchSuite, serveBenchFakes } from './suite-bench/bench-fakes.js';
import { writeBenchProject } from './suite-bench/bench-project.js';

const CASES = ['motto 1', 'motto 2', 'motto 3'];
const ONE = ['ollama:gpt-oss:20b'];
const NINE = [...defaultMatrix().models, 'openai:gpt-5-nano'];
const DELAY_MS = 500;
const GOAL_RATIO = 1.15;

test('bench:matrix — nine models (two on Ollama) vs one', async () => {
  expect(NINE).toHaveLength(9);
  expect(NINE.filter((id) => id.startsWith('ollama:'))).toHaveLength(2);
  const fakes = await serveBenchFakes(NINE, DELAY_MS);
  const projects = {
    one: await writeBenchProject([{ name: 'mottos', cases: CASES }], { models: ONE }),
    nine: await writeBenchProject([{ name: 'mottos', cases: CASES }], { models: NINE }),
  };
  const wall = { one: 0, nine: 0 };
  const span = { one: 0, nine: 0 };
  const peaks = new Map<string, number>();
  const loads: number[] = [];
  try {
    for (const matrix of ['one', 'nine', 'nine', 'one'] as const) {
      loads.push(loadavg()[0] ?? 0);
      const traffic = new ProviderTraffic();
      const run = await fakes.measuring(traffic, () =>
        runBenchSuite(projects[matrix].root, fakes.env),
      );
      expect(run.exitCode, run.output).toBe(0);
      const tests = CASES.length * (matrix === 'one' ? ONE : NINE).length;
      expect(run.output).toMatch(new RegExp(`Tests\\s+${tests} passed`));
      wall[matrix] += run.durationMs;
      span[matrix] += traffic.spanMs;
      for (const [key, seen] of traffic.byKey) {
        peaks.set(key, Math.max(peaks.get(key) ?? 0, seen.maxInFlight));
      }
    }
  } finally {
    await fakes.close();
    await Promise.all(Object.values(projects).map((project) => project.remove()));
  }
  const ratio = wall.nine / wall.one;
  const spanRatio = span.nine / span.one;
  const seconds = (ms: number) => `${(ms / 2000).toFixed(2)} s`;
  const lines = [
    '',
    `bench:matrix — ${CASES.length} cases on ${ONE.join('')} vs on ${NINE.length} models (${NINE.join(', ')}), 2 requests per run, ${DELAY_MS} ms each; mean of 2 runs each; load average ${loads.map((l) => l.toFixed(1)).join(' / ')}`,
    `  wall time: one model ${seconds(wall.one)}, nine models ${seconds(wall.nine)}; model time at the fakes: one ${seconds(span.one)}, nine ${seconds(span.nine)}`,
    goalLine('nine models / one (wall)', ratio.toFixed(2), `≤ ${GOAL_RATIO}`, ratio <= GOAL_RATIO),
    goalLine(
      'nine models / one (model time)',
      spanRatio.toFixed(2),
      `≤ ${GOAL_RATIO}`,
      spanRatio <= GOAL_RATIO,
    ),
  ];
  const broken: string[] = [];
  for (const [key, peak] of [...peaks].sort()) {
    const provider = key.split(' ')[0] ?? key;
    const limit = isProviderName(provider) ? limitRule(provider, undefined, {}).max : 0;
    lines.push(
      goalLine(`most in flight, ${key}`, String(peak), `≤ ${limit} (its limit)`, peak <= limit),
    );
    if (peak > limit) broken.push(`${key}: ${peak} in flight, limit ${limit}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  expect(broken, 'a provider limit was exceeded').toEqual([]);
});
