import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { ProviderTraffic } from '../fakes/provider-traffic.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import {
  e2eProject,
  runVitest,
  type VitestRun,
  type WatchedVitest,
  watchVitest,
} from './run-vitest.js';

const ROOT = e2eProject('two-projects');

/** What one child run did, and the most OpenAI requests the fake had in flight at once. */
interface LimitedRun {
  run: VitestRun;
  peak: number | undefined;
}

/**
 * Runs the two-projects fixture (projects alpha, OpenAI limit 2, and beta, limit 3; each file
 * of each wants 3 requests at once) with `projects` selected, against one OpenAI fake that
 * counts the requests in flight.
 */
async function runTwoProjects(projects: string[]): Promise<LimitedRun> {
  const traffic = new ProviderTraffic();
  const fake = createOpenAIFake({ brain: readerBrain({ delayMs: 300 }) }).handler;
  const server = await serveFake(traffic.observe(fake, () => 'openai'));
  try {
    const run = await runVitest({
      root: ROOT,
      project: projects,
      env: { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: 'sk-test' },
      timeoutMs: 120_000,
    });
    return { run, peak: traffic.byKey.get('openai')?.maxInFlight };
  } finally {
    await server.close();
  }
}

const OVERRULED =
  /the agents projects of this run set different limits for openai \(alpha: 2 at once, adaptive \(one more every 10 s\); beta: 3 at once, adaptive \(one more every 10 s\)\)\. .* the strictest holds across the whole run: 2 at once, adaptive/;

// Provider limits belong to an API key, not to a Vitest project: two agents projects in one
// command share one coordinator, so their tests together never exceed the run-wide limit.
describe('two agents projects in one run share the provider limits', () => {
  let both: LimitedRun;

  beforeAll(async () => {
    both = await runTwoProjects(['alpha', 'beta']);
  }, 180_000);

  it('passes every test of both projects', () => {
    expect(both.run.exitCode, both.run.output).toBe(0);
    expect(both.run.output).toMatch(/Tests\s+12 passed \(12\)/);
  });

  it('never had more OpenAI requests in flight than the strictest limit, and used it', () => {
    // Each project alone may send 2 and 3; with a coordinator each, 5 could be in flight.
    expect(both.peak).toBe(2);
  });

  it('says once that the projects disagree, and which limit holds', () => {
    expect(both.run.output).toMatch(OVERRULED);
    expect(both.run.output.match(/set different limits/g)).toHaveLength(1);
  });
});

describe('a --project filter that selects one agents project', () => {
  let beta: LimitedRun;

  beforeAll(async () => {
    beta = await runTwoProjects(['beta']);
  }, 180_000);

  it('runs under that project own limit, not the one of a project that does not run', () => {
    expect(beta.run.exitCode, beta.run.output).toBe(0);
    expect(beta.run.output).toMatch(/Tests\s+6 passed \(6\)/);
    expect(beta.peak).toBe(3);
    expect(beta.run.output).not.toMatch(/set different limits/);
  });
});

// Watch mode: Vitest runs a project's global setup once, not per re-run, and on a restart (a
// changed config) tears every project down and sets them up again on the same Vitest object.
// The coordinator must outlive re-runs and be started afresh after a restart.
describe('watch mode with two agents projects', () => {
  const fake = createOpenAIFake({ brain: readerBrain({ delayMs: 300 }) }).handler;
  /** The traffic of each finished run, and of the run under way. */
  const finished: ProviderTraffic[] = [];
  let current = new ProviderTraffic();
  let served: ServedFake;
  let out: string;
  let watcher: WatchedVitest;

  /** Waits until `count` runs have finished; the next run's traffic is counted afresh. */
  async function runsDone(count: number): Promise<void> {
    await watcher.runsDone(count, 90_000);
    finished.push(current);
    current = new ProviderTraffic();
  }

  /** Writes a file of the fixture again, unchanged: Vitest sees a change. */
  const touch = async (file: string) => writeFile(file, await readFile(file, 'utf8'));

  beforeAll(async () => {
    served = await serveFake((request) => current.observe(fake, () => 'openai')(request));
    out = await mkdtemp(join(tmpdir(), 'nanograde-watch-limits-'));
    watcher = watchVitest(
      [
        '--watch',
        ...['--project', 'alpha', '--project', 'beta'],
        ...['--root', ROOT, '--no-cache', '--reporter=verbose'],
      ],
      {
        cwd: ROOT,
        env: {
          NANOGRADE_OUT: out,
          // Every run calls the model: the watch-mode response cache would answer re-runs.
          NANOGRADE_FIXTURES: 'live',
          OPENAI_BASE_URL: `${served.url}/v1`,
          OPENAI_API_KEY: 'sk-test',
        },
      },
    );
    await runsDone(1);
    // A re-run of one beta file: beta alone may send 3 at once, the run still 2.
    await touch(join(ROOT, 'beta/motto-1.agent.ts'));
    await runsDone(2);
    // The config written again: Vitest restarts, tearing down both projects first.
    await touch(join(ROOT, 'vitest.config.ts'));
    await runsDone(3);
  }, 300_000);

  afterAll(async () => {
    watcher?.stop();
    await served?.close();
    if (out) await rm(out, { recursive: true, force: true });
    await rm(join(ROOT, 'node_modules'), { recursive: true, force: true });
  });

  it('passes every test of every run: the first, the re-run of one file, the run after the restart', () => {
    const output = watcher.output();
    const totals = [...output.matchAll(/Tests\s+(.*)/g)].map(([, total]) => total?.trim());
    expect(totals, output).toEqual(['12 passed (12)', '3 passed (3)', '12 passed (12)']);
    expect(output).not.toMatch(/coordinator .* (cannot be reached|closed the connection)/);
  });

  it('held the run-wide limit in every run', () => {
    expect(finished.map((traffic) => traffic.byKey.get('openai')?.maxInFlight)).toEqual([2, 2, 2]);
  });

  it('started one coordinator per set-up of the projects: at the start and after the restart', () => {
    expect(watcher.output().match(/set different limits for openai/g)).toHaveLength(2);
  });
});
