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

/** When model requests (POSTs) were in flight. */
class Span {
  private inFlight = 0;
  maxInFlight = 0;
  firstStart = Number.POSITIVE_INFINITY;
  lastEnd = 0;

  async time<T>(request: () => Promise<T>): Promise<T> {
    this.firstStart = Math.min(this.firstStart, performance.now());
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await request();
    } finally {
      this.inFlight -= 1;
      this.lastEnd = performance.now();
    }
  }

  /** From the first request to the last answer: model time, without the child's startup. */
  get ms(): number {
    return this.lastEnd - this.firstStart;
  }
}

/** The child's model requests, timed across every fake and per model (the body's `model`). */
class TrafficClock {
  readonly all = new Span();
  readonly perModel = new Map<string, Span>();

  /** Wraps a fake so its model requests are timed on this clock. */
  observe(fake: FakeHandler): FakeHandler {
    return (request) => {
      if (request.method !== 'POST') return fake(request);
      const model = String((JSON.parse(request.bodyText) as { model?: unknown }).model);
      const span = this.perModel.get(model) ?? new Span();
      this.perModel.set(model, span);
      return this.all.time(() => span.time(() => fake(request)));
    };
  }
}

// One child run of the matrix: Vitest startup dominates a child's wall time, so spans are taken
// at the fakes, from a model's first request to its last answer. Had the models run one after
// another, the whole run's span would be at least the sum of theirs. Ratios only — machines are
// noisy.
describe('vitest run --project agents: the matrix runs concurrently', () => {
  const clock = new TrafficClock();
  let servers: ServedFake[] = [];
  let run: VitestRun;

  beforeAll(async () => {
    const brain = readerBrain({ delayMs: TURN_DELAY_MS });
    servers = await Promise.all(
      [createOpenAIFake({ brain }), createAnthropicFake({ brain })].map((fake) =>
        serveFake(clock.observe(fake.handler)),
      ),
    );
    const [openaiServer, anthropicServer] = servers as [ServedFake, ServedFake];
    run = await runVitest({
      root: e2eProject('matrix'),
      env: {
        OPENAI_BASE_URL: `${openaiServer.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
        ANTHROPIC_BASE_URL: anthropicServer.url,
        ANTHROPIC_API_KEY: 'sk-ant-test',
        NANOGRADE_MODELS: MATRIX.join(','),
      },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('passes every model', () => {
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+4 passed \(4\)/);
    for (const model of MATRIX) {
      expect(testLine(run.stdout, `motto › ${model}`)).toMatch(/^\s*✓ /);
    }
  });

  it("waited for the fake on every turn, one turn of a model's run after the other", () => {
    // The API's model ids (Claude's carries its date).
    expect(clock.perModel.size).toBe(MATRIX.length);
    for (const [model, span] of clock.perModel) {
      // Two turns, each answered after TURN_DELAY_MS: a run cannot be faster than that.
      expect(span.ms, model).toBeGreaterThanOrEqual(2 * TURN_DELAY_MS);
      expect(span.maxInFlight, model).toBe(1);
    }
  });

  it('runs the models of a case at once: the matrix takes about as long as one model', () => {
    expect(clock.all.maxInFlight).toBeGreaterThanOrEqual(3);
    const oneAfterAnother = [...clock.perModel.values()].reduce((sum, span) => sum + span.ms, 0);
    expect(clock.all.ms).toBeLessThan(0.6 * oneAfterAnother);
  });
});
