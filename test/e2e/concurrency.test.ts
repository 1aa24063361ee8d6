import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { FakeHandler } from '../fakes/fake-types.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, testLine, type VitestRun } from './run-vitest.js';

/** Every model turn waits this long at the fake; a run of the motto case takes two turns. */
const TURN_DELAY_MS = 400;
const MATRIX = ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'claude-haiku-4-5'];

/** When the child's model requests (POSTs) were in flight, across every fake it talks to. */
class TrafficClock {
  private inFlight = 0;
  maxInFlight = 0;
  firstStart = Number.POSITIVE_INFINITY;
  lastEnd = 0;

  /** Wraps a fake so its model requests are timed on this clock. */
  observe(fake: FakeHandler): FakeHandler {
    return async (request) => {
      if (request.method !== 'POST') return fake(request);
      this.firstStart = Math.min(this.firstStart, performance.now());
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      try {
        return await fake(request);
      } finally {
        this.inFlight -= 1;
        this.lastEnd = performance.now();
      }
    };
  }

  /** From the first model request to the last answer: the run's model time, without startup. */
  get spanMs(): number {
    return this.lastEnd - this.firstStart;
  }
}

// Vitest startup dominates a child's wall time, so the spans are taken at the fakes: from the
// child's first model request to its last answer. Ratios only — machines are noisy.
describe('vitest run --project agents: the matrix runs concurrently', () => {
  const single = new TrafficClock();
  const matrix = new TrafficClock();
  let clock = single;
  let servers: ServedFake[] = [];
  let singleRun: VitestRun;
  let matrixRun: VitestRun;

  beforeAll(async () => {
    const brain = readerBrain({ delayMs: TURN_DELAY_MS });
    const openai = createOpenAIFake({ brain });
    const anthropic = createAnthropicFake({ brain });
    servers = await Promise.all(
      [openai.handler, anthropic.handler].map((handler) =>
        serveFake((request) => clock.observe(handler)(request)),
      ),
    );
    const [openaiServer, anthropicServer] = servers as [ServedFake, ServedFake];
    const env = {
      OPENAI_BASE_URL: `${openaiServer.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      ANTHROPIC_BASE_URL: anthropicServer.url,
      ANTHROPIC_API_KEY: 'sk-ant-test',
    };
    singleRun = await runVitest({
      root: e2eProject('matrix'),
      env: { ...env, NANOGRADE_MODELS: 'gpt-5-mini' },
    });
    clock = matrix;
    matrixRun = await runVitest({
      root: e2eProject('matrix'),
      env: { ...env, NANOGRADE_MODELS: MATRIX.join(',') },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('passes every model of both runs', () => {
    expect(singleRun.exitCode, singleRun.output).toBe(0);
    expect(singleRun.output).toMatch(/Tests\s+1 passed \(1\)/);
    expect(matrixRun.exitCode, matrixRun.output).toBe(0);
    expect(matrixRun.output).toMatch(/Tests\s+4 passed \(4\)/);
    for (const model of MATRIX) {
      expect(testLine(matrixRun.stdout, `motto › ${model}`)).toMatch(/^\s*✓ /);
    }
  });

  it('waited for the fake on every turn', () => {
    // Two turns, each answered after TURN_DELAY_MS: a single run cannot be faster than that.
    expect(single.spanMs).toBeGreaterThanOrEqual(2 * TURN_DELAY_MS);
    expect(single.maxInFlight).toBe(1);
  });

  it('runs the models of a case at once: the matrix takes about as long as one model', () => {
    // Run one after another, the matrix would take MATRIX.length × the single run.
    expect(matrix.maxInFlight).toBeGreaterThanOrEqual(3);
    expect(matrix.spanMs).toBeLessThan(0.6 * MATRIX.length * single.spanMs);
  });
});
