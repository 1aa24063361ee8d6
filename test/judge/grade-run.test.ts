import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { GRADE_TOOL } from '../../src/judge/grade-reply.js';
import { type GradeRunOptions, gradeAskFor, gradeRun } from '../../src/judge/grade-run.js';
import { JUDGE_SYSTEM_PROMPT } from '../../src/judge/judge-prompt.js';
import { capabilitiesOf, resolveModel } from '../../src/models/resolve-model.js';
import { makeRun } from '../vitest/agent-run-factory.js';
import {
  ALL_FAKES,
  gradeTurn,
  type JudgeTurn,
  rawTurn,
  scriptedJudge,
  serveJudgeFakes,
  stubJudgeEnv,
} from './judge-fakes.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => stubJudgeEnv(ALL_FAKES));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

const run = makeRun({
  output: 'The capital of Australia is Canberra.',
  transcript: [
    { role: 'system', content: 'You are the nano agent.' },
    { role: 'user', content: 'What is the capital of Australia? One word.' },
    { role: 'assistant', content: 'The capital of Australia is Canberra.', toolCalls: [] },
  ],
});

function judging(judge: string, overrides: Partial<GradeRunOptions> = {}): GradeRunOptions {
  return {
    input: { run, expected: 'Canberra', rubric: 'One word was asked for.' },
    bar: 'B',
    judge: resolveModel(judge),
    ...overrides,
  };
}

function setup(script: JudgeTurn[]) {
  const judge = scriptedJudge(script);
  const fakes = serveJudgeFakes(server, judge.brain);
  return { ...judge, fakes };
}

describe('the grade asked for the way each judge’s API allows, as its strict fake sees it', () => {
  const tools = [expect.objectContaining({ name: 'record_grade' })];
  test.for([
    {
      judge: 'openai:gpt-5-mini',
      how: 'forced_tool',
      toolChoice: { tool_choice: { type: 'function', name: 'record_grade' } },
      temperature: undefined,
    },
    {
      // A server the catalog does not list: no forced call assumed, the tool offered.
      judge: 'openai-compatible:qwen3:8b',
      how: 'instructed_tool',
      toolChoice: { tools: [expect.objectContaining({ type: 'function' })] },
      temperature: 0,
    },
    {
      judge: 'anthropic:claude-haiku-4-5',
      how: 'forced_tool',
      toolChoice: { tool_choice: { type: 'tool', name: 'record_grade' } },
      temperature: undefined,
    },
    {
      // Forced tool use is a 400 there: the tool is offered and the prompt says to call it.
      judge: 'anthropic:claude-sonnet-5-5',
      how: 'instructed_tool',
      toolChoice: { tools },
      temperature: undefined,
    },
    {
      judge: 'ollama:gpt-oss:120b',
      how: 'structured_output',
      toolChoice: { format: GRADE_TOOL.parameters },
      temperature: 0,
    },
  ])('$judge: $how', async ({ judge, how, toolChoice, temperature }) => {
    expect(gradeAskFor(capabilitiesOf(resolveModel(judge)))).toBe(how);
    const { seen } = setup([gradeTurn('B', 'Correct, but a sentence where one word was asked.')]);
    const verdict = await gradeRun(judging(judge));
    expect(verdict).toMatchObject({
      status: 'graded',
      bar: 'B',
      grade: 'B',
      reason: 'Correct, but a sentence where one word was asked.',
      judge: resolveModel(judge).id,
    });
    expect(verdict).not.toHaveProperty('votes');
    const [view] = seen;
    expect(seen).toHaveLength(1);
    expect(view?.raw).toMatchObject(toolChoice);
    if (how === 'instructed_tool') expect(view?.raw).not.toHaveProperty('tool_choice');
    expect(view?.system).toBe(JUDGE_SYSTEM_PROMPT);
    const [question] = view?.messages ?? [];
    expect(question?.role).toBe('user');
    expect(question?.content).toContain('What is the capital of Australia? One word.');
    expect(question?.content).toContain('```\nThe capital of Australia is Canberra.\n```');
    expect(question?.content).toContain('## Expected answer\n```\nCanberra\n```');
    expect(question?.content).toContain('## Rubric\nOne word was asked for.');
    // Temperature 0 only where the record says the model takes it (not gpt-5*, not Claude).
    const sent =
      view?.raw.temperature ?? (view?.raw.options as { temperature?: number })?.temperature;
    expect(sent).toBe(temperature);
  });
});

describe('a reply that cannot be read', () => {
  test('is asked for once more, with what was wrong; the second reply counts', async () => {
    const { seen, fakes } = setup([
      rawTurn('{"reason": "Close.", "grade": "B+"}'),
      gradeTurn('A', 'Right answer, one extra sentence.'),
    ]);
    const verdict = await gradeRun(judging('openai:gpt-5-mini'));
    expect(verdict).toMatchObject({
      status: 'graded',
      grade: 'A',
      reason: 'Right answer, one extra sentence.',
    });
    // The retry answers the rejected call (its encrypted reasoning echoed, which the fake checks).
    const retry = seen[1];
    expect(retry?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(retry?.lastToolResults[0]?.content).toMatch(
      /^Error: Your reply could not be used: the record_grade arguments are invalid \(grade: Invalid option: expected one of .*\)\. Call record_grade once, with a reason of at most 300 characters and a grade of S, A, B, C, D or F\.$/,
    );
    expect(
      fakes.openai.log.requests
        .filter((entry) => entry.request.url.pathname.endsWith('/responses'))
        .map((entry) => entry.response.status),
    ).toEqual([200, 200]);
  });

  test('twice leaves the run unscored — no grade, a clear reason, both requests paid for', async () => {
    const { seen } = setup([rawTurn('{"grade": "B"'), rawTurn('{"grade": "B"}')]);
    const verdict = await gradeRun(judging('openai:gpt-5-mini'));
    expect(verdict).toMatchObject({
      status: 'unscored',
      grade: null,
      reason:
        "the judge's reply could not be read, even after one retry: the record_grade arguments are invalid (reason: Invalid input: expected string, received undefined)",
    });
    expect(seen).toHaveLength(2);
    expect(verdict.usage?.inputTokens).toBeGreaterThan(0);
  });

  test('on Ollama: a reply cut off at the token limit is retried through the conversation', async () => {
    const { seen } = setup([
      rawTurn('{"reason": "The answer is cor', { truncated: true }),
      gradeTurn('A', 'Correct; one sentence instead of one word.'),
    ]);
    const verdict = await gradeRun(judging('ollama:gpt-oss:120b'));
    expect(verdict).toMatchObject({ status: 'graded', grade: 'A', costUsd: 0 });
    expect(seen[1]?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(seen[1]?.messages[2]?.content).toBe(
      'Your reply could not be used: the reply is not JSON: "{\\"reason\\": \\"The answer is cor". Answer with one JSON object: a reason of at most 300 characters and a grade of S, A, B, C, D or F.',
    );
    expect(seen[1]?.raw.format).toEqual(GRADE_TOOL.parameters);
  });

  test('on Anthropic: the retry answers the tool_use with an error tool_result', async () => {
    const { seen, fakes } = setup([
      rawTurn(JSON.stringify({ reason: 'r'.repeat(301), grade: 'A' })),
      gradeTurn('A', 'Correct, slightly wordy.'),
    ]);
    const verdict = await gradeRun(judging('anthropic:claude-haiku-4-5'));
    expect(verdict).toMatchObject({ status: 'graded', grade: 'A' });
    expect(seen[1]?.lastToolResults).toEqual([
      expect.objectContaining({ name: 'record_grade', isError: true }),
    ]);
    expect(
      fakes.anthropic.log.requests
        .filter((entry) => entry.request.method === 'POST')
        .map((entry) => entry.response.status),
    ).toEqual([200, 200]);
  });
});

describe('votes', () => {
  test('judges that disagree: the median grade, every vote and the spread are recorded', async () => {
    const { seen } = setup([
      gradeTurn('A', 'Right, a little wordy.'),
      gradeTurn('C', 'Not one word as asked.'),
      gradeTurn('B', 'Right, but a full sentence.'),
    ]);
    const verdict = await gradeRun(judging('openai:gpt-5-mini', { votes: 3 }));
    expect(seen).toHaveLength(3);
    expect(verdict.status).toBe('graded');
    expect(verdict.grade).toBe('B');
    expect([...(verdict.votes ?? [])].sort()).toEqual(['A', 'B', 'C']);
    expect(verdict.spread).toBe(2);
    expect(verdict.reason).toMatch(
      /^median of 3 votes \([ABC], [ABC], [ABC]; spread 2\): Right, but a full sentence\.$/,
    );
  });

  test('one vote that cannot be scored leaves the whole verdict unscored', async () => {
    const { seen } = setup([gradeTurn('A', 'Fine.'), rawTurn('nope'), rawTurn('still nope')]);
    const verdict = await gradeRun(judging('openai:gpt-5-mini', { votes: 2 }));
    expect(seen).toHaveLength(3);
    expect(verdict.status).toBe('unscored');
    expect(verdict.grade).toBeNull();
    expect(verdict.reason).toMatch(
      /^1 of 2 votes could not be scored; the judge's reply could not be read, even after one retry: /,
    );
    expect(verdict.votes).toEqual(['A']);
  });

  test('votes must be a whole number of at least 1', async () => {
    await expect(gradeRun(judging('openai:gpt-5-mini', { votes: 0 }))).rejects.toThrow(
      'votes must be a whole number of at least 1, got 0',
    );
  });
});

describe('a judge that fails', () => {
  test('times out: unscored, saying so, without waiting for the slow reply', async () => {
    setup([gradeTurn('S', 'Too late.', { delayMs: 5_000 })]);
    const started = performance.now();
    const verdict = await gradeRun(judging('openai:gpt-5-mini', { timeoutMs: 150 }));
    expect(verdict).toMatchObject({
      status: 'unscored',
      grade: null,
      reason: 'judge timed out after 0.15 s',
      costUsd: 0,
    });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  test('rejects the key: unscored, with the provider’s own words', async () => {
    stubJudgeEnv({ ...ALL_FAKES, OPENAI_API_KEY: 'sk-wrong-key-0000' });
    const { seen } = setup([gradeTurn('S', 'never')]);
    const verdict = await gradeRun(judging('openai:gpt-5-mini'));
    expect(verdict.status).toBe('unscored');
    expect(verdict.reason).toMatch(
      /^the judge's request failed: auth \(HTTP 401\): Incorrect API key provided: sk-\*{8}0000\./,
    );
    expect(seen).toHaveLength(0);
  });

  test('an aborted test aborts the judging: the abort propagates, it is no verdict', async () => {
    setup([gradeTurn('S', 'Too late.', { delayMs: 5_000 })]);
    const controller = new AbortController();
    const judgingRun = gradeRun(judging('openai:gpt-5-mini', { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('the test was aborted')), 50);
    await expect(judgingRun).rejects.toThrow('the test was aborted');
  });
});

describe('the judge’s own cost, apart from the agent’s', () => {
  test('gpt-5-mini: every request billed, the retry included (hand-computed)', async () => {
    setup([
      rawTurn('{"reason": "ok", "grade": "Z"}', {
        usage: { freshInput: 1000, cachedInput: 600, output: 120, reasoning: 380 },
      }),
      gradeTurn('A', 'Correct.', {
        usage: { freshInput: 1500, cachedInput: 0, output: 100, reasoning: 0 },
      }),
    ]);
    const verdict = await gradeRun(judging('openai:gpt-5-mini'));
    expect(verdict.usage).toEqual({
      inputTokens: 3100,
      cachedInputTokens: 600,
      cacheWriteTokens: 0,
      outputTokens: 600,
      reasoningTokens: 380,
    });
    // $0.25 / $0.025 / $2 per million: (1000·0.25 + 600·0.025 + 500·2) + (1500·0.25 + 100·2)
    // = 1265 + 575 micro-dollars.
    expect(verdict.costUsd).toBeCloseTo(0.00184, 12);
  });

  test('three votes on Claude Haiku 4.5 with cache reads and writes (hand-computed)', async () => {
    const usage = {
      freshInput: 2000,
      cacheWrite: 1000,
      cachedInput: 500,
      output: 200,
      reasoning: 0,
    };
    setup([
      gradeTurn('A', 'a', { usage }),
      gradeTurn('A', 'b', { usage }),
      gradeTurn('B', 'c', { usage }),
    ]);
    const verdict = await gradeRun(judging('anthropic:claude-haiku-4-5', { votes: 3 }));
    expect(verdict.grade).toBe('A');
    expect(verdict.usage).toEqual({
      inputTokens: 10_500,
      cachedInputTokens: 1500,
      cacheWriteTokens: 3000,
      outputTokens: 600,
      reasoningTokens: 0,
    });
    // $1 input, $1.25 cache write, $0.10 cache read, $5 output per million:
    // 2000 + 1250 + 50 + 1000 = 4300 micro-dollars a request, three requests.
    expect(verdict.costUsd).toBeCloseTo(0.0129, 12);
  });

  test('a local judge costs $0; one of unknown price costs null, never a silent 0', async () => {
    setup([gradeTurn('B', 'ok'), gradeTurn('B', 'ok')]);
    expect((await gradeRun(judging('ollama:gpt-oss:120b'))).costUsd).toBe(0);
    expect((await gradeRun(judging('openai-compatible:qwen3:8b'))).costUsd).toBeNull();
  });
});
