import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_CASES as CASES,
  createExampleFakes,
  EXAMPLE_MODELS as MODELS,
  type ServedExampleFakes,
  serveExampleFakes,
} from '../fakes/example-fakes.js';
import { REPO_ROOT, runVitest, testLine, type VitestRun } from './run-vitest.js';

// The repo's own agents project (agent-tests/), as a user runs it, with models that solve it:
// five case files on three providers, each run judged. A long child run, so it runs with the
// slow tests; pass-fail.test.ts and judging-e2e.test.ts take the same path in `npm test`.
describe('vitest run --project agents: the example suite', () => {
  const fakes = createExampleFakes();
  const { openai, anthropic, ollama } = fakes;
  let served: ServedExampleFakes | undefined;
  let result: VitestRun;

  beforeAll(async () => {
    served = await serveExampleFakes(fakes);
    result = await runVitest({ root: REPO_ROOT, env: served.env });
  }, 90_000);

  afterAll(async () => {
    await served?.close();
  });

  it('passes every case on every model (exit 0)', () => {
    expect(result.exitCode, result.output).toBe(0);
    const [, passed, total] = /Tests\s+(\d+) passed \((\d+)\)/.exec(result.output) ?? [];
    expect(passed, result.output).toBeDefined();
    expect(passed).toBe(total);
    expect(Number(total)).toBeGreaterThanOrEqual(CASES.length * MODELS.length);
  });

  it.for(CASES)('lists "%s" as passed on each model', (name) => {
    for (const model of MODELS) {
      expect(testLine(result.stdout, `${name} › ${model}`), `${name} › ${model}`).toMatch(/^\s*✓ /);
    }
  });

  it('judged every run of every case, apart from the agent runs', () => {
    const graded = openai.log.requests.filter(({ json }) =>
      JSON.stringify((json as { tool_choice?: unknown } | undefined)?.tool_choice ?? null).includes(
        'record_grade',
      ),
    );
    // One verdict per case × model, each at grade A from the fake judge.
    expect(graded).toHaveLength(CASES.length * MODELS.length);
    const grades = graded.map(({ response }) => {
      const output = (response.body as { output: { type: string; arguments?: string }[] }).output;
      const call = output.find((item) => item.type === 'function_call');
      return (JSON.parse(call?.arguments ?? '{}') as { grade?: string }).grade;
    });
    expect(new Set(grades)).toEqual(new Set(['A']));
  });

  it('ran every model through its provider', () => {
    const chats = (log: typeof openai.log, path: string) =>
      log.requests.filter(({ request }) => request.url.pathname === path).length;
    // At least one model turn per case on each provider, none refused.
    expect(chats(openai.log, '/v1/responses')).toBeGreaterThanOrEqual(CASES.length);
    expect(chats(anthropic.log, '/v1/messages')).toBeGreaterThanOrEqual(CASES.length);
    expect(chats(ollama.log, '/api/chat')).toBeGreaterThanOrEqual(CASES.length);
    for (const fake of [openai, anthropic, ollama]) {
      const refused = fake.log.requests.filter(({ response }) => response.status !== 200);
      expect(refused.map(({ response }) => response.body)).toEqual([]);
    }
  });
});
