import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, testLine, type VitestRun } from './run-vitest.js';

// The verdicts project: 'first line' (answered right) and 'last line' (answered wrong) on the
// project config's matrix, gpt-5-mini and claude-haiku-4-5, against strict fakes on real ports.
describe('vitest run --project agents: passing and failing cases', () => {
  const openai = createOpenAIFake({ brain: readerBrain() });
  const anthropic = createAnthropicFake({ brain: readerBrain() });
  let servers: ServedFake[] = [];
  let result: VitestRun;

  beforeAll(async () => {
    const [openaiServer, anthropicServer] = await Promise.all([
      serveFake(openai.handler),
      serveFake(anthropic.handler),
    ]);
    servers = [openaiServer, anthropicServer];
    result = await runVitest({
      root: e2eProject('verdicts'),
      env: {
        OPENAI_BASE_URL: `${openaiServer.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
        ANTHROPIC_BASE_URL: anthropicServer.url,
        ANTHROPIC_API_KEY: 'sk-ant-test',
      },
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('exits 1 because a check failed', () => {
    expect(result.exitCode, result.output).toBe(1);
    expect(result.output).toMatch(/Tests\s+2 failed \| 2 passed \(4\)/);
  });

  it('lists each case × model as its own test, passed or failed', () => {
    // Verbose reporter: ✓ for a pass, × for a failure, the test's full name after the file.
    expect(testLine(result.stdout, 'first line › gpt-5-mini')).toMatch(/^\s*✓ /);
    expect(testLine(result.stdout, 'first line › claude-haiku-4-5')).toMatch(/^\s*✓ /);
    expect(testLine(result.stdout, 'last line › gpt-5-mini')).toMatch(/^\s*× /);
    expect(testLine(result.stdout, 'last line › claude-haiku-4-5')).toMatch(/^\s*× /);
  });

  it("shows the matcher's message with what the model actually answered", () => {
    // Each failure is reported under its full name, then toFollowFormat's message and the output.
    // The run line's cost is hand-computed from the fake's usage (turns: 300 in + 20 out,
    // 350 in + 5 out): gpt-5-mini 650 × $0.25/M + 25 × $2/M = $0.0002125; claude-haiku-4-5
    // 650 × $1/M + 25 × $5/M = $0.000775, written to two significant digits below a cent.
    const runLines = {
      'gpt-5-mini': 'Run: openai:gpt-5-mini · 2 turns · $0.00021 · ',
      'claude-haiku-4-5': 'Run: anthropic:claude-haiku-4-5 · 2 turns · $0.00077 · ',
    };
    for (const [model, runLine] of Object.entries(runLines)) {
      const heading = `FAIL  |agents| agent-tests/letter.agent.ts > last line › ${model}`;
      const start = result.output.indexOf(heading);
      expect(start, `no failure report for ${model}:\n${result.output}`).toBeGreaterThanOrEqual(0);
      const report = result.output.slice(start, start + 600);
      expect(report).toContain("expected the run's output to match /^Goodbye$/, but it does not");
      expect(report).toContain(runLine);
      expect(report).toMatch(/Output \(5 chars\):\n\s*│ Hello\n/);
      // The stack points at the failing line of the user's agent test.
      expect(report).toContain('agent-tests/letter.agent.ts:27:');
    }
  });

  it('really sent both models through their providers, two turns per run', () => {
    // Per provider: availability (GET /v1/models/…) once, then 2 runs × 2 turns.
    const posts = (log: typeof openai.log) =>
      log.requests.filter(({ request }) => request.method === 'POST').length;
    expect(posts(openai.log)).toBe(4);
    expect(posts(anthropic.log)).toBe(4);
    expect(openai.log.requests.every(({ response }) => response.status === 200)).toBe(true);
    expect(anthropic.log.requests.every(({ response }) => response.status === 200)).toBe(true);
  });
});
