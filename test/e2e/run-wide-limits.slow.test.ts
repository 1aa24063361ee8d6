import { beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { ProviderTraffic } from '../fakes/provider-traffic.js';
import { serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, type VitestRun } from './run-vitest.js';

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
      root: e2eProject('two-projects'),
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
