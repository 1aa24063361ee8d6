import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Brain } from '../fakes/fake-types.js';
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

/** A model request as the fake saw it: when it came and was answered, whether it began a run. */
interface SeenRequest {
  at: number;
  answeredAt: number;
  /** The first turn of a run (no tool result in it yet): a run that got its slot. */
  first: boolean;
  status: number;
}

/** What one child run did, the most OpenAI requests in flight at once, and every request. */
interface LimitedRun {
  run: VitestRun;
  peak: number | undefined;
  requests: SeenRequest[];
}

/**
 * Runs the two-projects fixture (projects alpha, OpenAI limit 2, and beta, limit 3; each file
 * of each wants 3 requests at once) with `projects` selected, against one OpenAI fake that
 * thinks with `brain` (default: reads, then answers, 300 ms a turn) and counts the requests in
 * flight.
 */
async function runTwoProjects(
  projects: string[],
  brain: Brain = readerBrain({ delayMs: 300 }),
): Promise<LimitedRun> {
  const traffic = new ProviderTraffic();
  const requests: SeenRequest[] = [];
  const fake = traffic.observe(createOpenAIFake({ brain }).handler, () => 'openai');
  const server = await serveFake(async (request) => {
    const at = performance.now();
    const response = await fake(request);
    if (request.method === 'POST') {
      const first = !request.bodyText.includes('function_call_output');
      requests.push({ at, answeredAt: performance.now(), first, status: response.status });
    }
    return response;
  });
  try {
    const run = await runVitest({
      root: ROOT,
      project: projects,
      env: { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: 'sk-test' },
      timeoutMs: 120_000,
    });
    return { run, peak: traffic.byKey.get('openai')?.maxInFlight, requests };
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

// A 429 met by one project's run is news for the whole API key: with retry-after 2 s, no run of
// either project may start for 2 s (the runs already under way finish their turns).
describe("a rate limit one project meets pauses the other project's runs too", () => {
  const RETRY_AFTER_S = 2;
  let limited: LimitedRun;

  beforeAll(async () => {
    const reader = readerBrain({ delayMs: 300 });
    let answered429 = false;
    const brain: Brain = (view) => {
      if (answered429) return reader(view);
      answered429 = true;
      return {
        error: {
          status: 429,
          message:
            'Rate limit reached for requests in organization org-e2e on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in 2s.',
          headers: { 'retry-after': String(RETRY_AFTER_S) },
        },
      };
    };
    limited = await runTwoProjects(['alpha', 'beta'], brain);
  }, 180_000);

  it('passes every test: the run that met the 429 retried after the wait', () => {
    expect(limited.run.exitCode, limited.run.output).toBe(0);
    expect(limited.run.output).toMatch(/Tests\s+12 passed \(12\)/);
    expect(limited.requests.filter(({ status }) => status === 429)).toHaveLength(1);
  });

  it('started no run of either project while the provider asked to wait', () => {
    const [rateLimited] = limited.requests.filter(({ status }) => status === 429);
    const from = (rateLimited?.answeredAt ?? 0) + 200; // the news reaches the coordinator
    const until = (rateLimited?.answeredAt ?? 0) + RETRY_AFTER_S * 1000 - 200;
    const started = limited.requests.filter(({ first, at }) => first && at > from && at < until);
    expect(started.map(({ at }) => Math.round(at - from))).toEqual([]);
    // Every run began once (one of them with the 429), and that one began again.
    expect(limited.requests.filter(({ first }) => first)).toHaveLength(13);
  });
});

// Shards are separate Vitest processes (in CI, separate machines) that go at once on the same API
// key: each keeps its share of the limit, so together they stay within it.
describe('two shards of a run at once', () => {
  const SHARD_NOTE =
    /nanograde: shard (\d)\/2\. The shards of a run go at once on the same API keys, so each keeps its share of the cloud providers' limits: OpenAI 1 at once \(of 2\)/;
  let shards: VitestRun[];
  let peak: number | undefined;

  beforeAll(async () => {
    const traffic = new ProviderTraffic();
    const fake = traffic.observe(
      createOpenAIFake({ brain: readerBrain({ delayMs: 300 }) }).handler,
      () => 'openai',
    );
    const server = await serveFake(fake);
    try {
      // alpha: OpenAI limit 2, two files of 3 models each; one file per shard.
      shards = await Promise.all(
        [1, 2].map((index) =>
          runVitest({
            root: ROOT,
            project: 'alpha',
            args: ['--reporter=verbose', `--shard=${index}/2`],
            env: { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: 'sk-test' },
            timeoutMs: 120_000,
          }),
        ),
      );
      peak = traffic.byKey.get('openai')?.maxInFlight;
    } finally {
      await server.close();
    }
  }, 180_000);

  it('passes each shard, and each says which share of the limit it keeps', () => {
    for (const shard of shards) {
      expect(shard.exitCode, shard.output).toBe(0);
      expect(shard.output).toMatch(/Tests\s+3 passed \(3\)/);
    }
    expect(shards.map((shard) => SHARD_NOTE.exec(shard.output)?.[1]).sort()).toEqual(['1', '2']);
  });

  it('never had more OpenAI requests in flight than the limit, across both shards', () => {
    // Each shard alone would keep 2 in flight: 4 at once when their runs overlap.
    expect(peak).toBeLessThanOrEqual(2);
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

  /**
   * Writes a file of the fixture again, unchanged, over itself: Vitest sees a change, and never
   * an empty file (a truncating write shows one to a watcher that loads the config at once).
   */
  async function touch(file: string): Promise<void> {
    const content = await readFile(file);
    const handle = await open(file, 'r+');
    try {
      await handle.write(content, 0, content.length, 0);
    } finally {
      await handle.close();
    }
  }

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
