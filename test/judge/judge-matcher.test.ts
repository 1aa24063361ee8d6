import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  expectTypeOf,
  type RunnerTestCase,
  type TaskMeta,
  test,
  vi,
} from 'vitest';
import { CONFIGURE_JUDGE } from '../../src/judge/choose-judge.js';
import type { CaseRecord, JudgeRecord } from '../../src/records/case-record.js';
import { CaseRecordBuilder, type CaseRecordStart } from '../../src/records/case-record-builder.js';
import { attachCaseRecord } from '../../src/vitest/case-meta.js';
import { nanogradeMatchers } from '../../src/vitest/matchers/index.js';
import type { JudgeOptions } from '../../src/vitest/matchers/judge-matcher.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';
import { makeRun, toolCall } from '../vitest/agent-run-factory.js';
import {
  ALL_FAKES,
  gradeTurn,
  type JudgeTurn,
  OLLAMA_HOST,
  rawTurn,
  scriptedJudge,
  serveJudgeFakes,
  stubJudgeEnv,
} from './judge-fakes.js';

expect.extend(nanogradeMatchers);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => stubJudgeEnv({ ...ALL_FAKES, NANOGRADE_JUDGE: 'openai:gpt-5-mini' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

const run = makeRun({
  output: 'Canberra is the capital of Australia.',
  transcript: [
    { role: 'system', content: 'You are the nano agent.' },
    { role: 'user', content: 'What is the capital of Australia? One word.' },
    { role: 'assistant', content: 'Canberra is the capital of Australia.', toolCalls: [] },
  ],
  toolCalls: [toolCall('write_file', { file_path: 'answer.txt', content: 'Canberra' })],
});

/** Starts the case's record the way agentTest does before the check runs: in task meta, with the run. */
function startCase(task: { meta: TaskMeta }, extra: Partial<CaseRecordStart> = {}): void {
  const builder = new CaseRecordBuilder({
    case: 'capital',
    model: 'openai:gpt-5-mini',
    provider: 'openai',
    expected: 'Canberra',
    rubric: 'One word was asked for.',
    ...extra,
  });
  builder.run(run);
  attachCaseRecord(task, builder);
}

function judge(script: JudgeTurn[]) {
  const scripted = scriptedJudge(script);
  return { ...scripted, fakes: serveJudgeFakes(server, scripted.brain) };
}

describe('toJudgeAtLeast with a judge model', () => {
  test('passes when the grade reaches the bar, and records the verdict for the reporter', async ({
    expect,
    task,
  }) => {
    startCase(task);
    const { seen } = judge([
      gradeTurn('A', 'Correct; a sentence where one word was asked.', {
        usage: { freshInput: 800, cachedInput: 0, output: 50, reasoning: 0 },
      }),
    ]);
    await expect(run).toJudgeAtLeast('B');
    expect(task.meta.nanograde?.judgements).toEqual([
      {
        status: 'graded',
        bar: 'B',
        grade: 'A',
        reason: 'Correct; a sentence where one word was asked.',
        judge: 'openai:gpt-5-mini',
        usage: {
          inputTokens: 800,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: 50,
          reasoningTokens: 0,
        },
        // 800 · $0.25 + 50 · $2 per million.
        costUsd: 0.0003,
        durationMs: expect.any(Number),
      },
    ]);
    // The agent's own cost is untouched by the judge's.
    expect(task.meta.nanograde?.run?.costUsd).toBe(run.costUsd);
    // Expected answer and rubric came from the case.
    expect(seen[0]?.messages[0]?.content).toContain('## Expected answer\n```\nCanberra\n```');
    expect(seen[0]?.messages[0]?.content).toContain('## Rubric\nOne word was asked for.');
  });

  test('fails below the bar, showing grade, bar, reason and what the model answered', async ({
    expect,
    task,
  }) => {
    startCase(task);
    judge([gradeTurn('C', 'A full sentence, though one word was asked.')]);
    await expect(expect(run).toJudgeAtLeast('B')).rejects.toThrow(
      /^expected the run to be judged at least B, but the judge \(openai:gpt-5-mini\) graded it C\nReason: A full sentence, though one word was asked\.\nJudge's own usage: \d+ in \/ \d+ out tokens, \$[\d.]+\nRun: openai:gpt-5-mini · 2 turns · \$0\.00046 · 4\.2s\nTool calls \(1\):\n.*\nOutput \(37 chars\):\n {2}│ Canberra is the capital of Australia\.$/s,
    );
    expect(task.meta.nanograde?.judgements?.map((verdict) => verdict.grade)).toEqual(['C']);
  });

  test('.not passes below the bar and fails at it', async ({ expect }) => {
    judge([gradeTurn('D', 'Wrong city.'), gradeTurn('B', 'Right city, wordy.')]);
    await expect(run).not.toJudgeAtLeast('B');
    await expect(expect(run).not.toJudgeAtLeast('B')).rejects.toThrow(
      /^expected the run to be judged below B, but the judge \(openai:gpt-5-mini\) graded it B\n/,
    );
  });

  test('an unscored run fails, with or without .not, and is recorded as unscored', async ({
    expect,
    task,
  }) => {
    startCase(task);
    judge([rawTurn('B'), rawTurn('B'), rawTurn('{}'), rawTurn('{}')]);
    await expect(expect(run).toJudgeAtLeast('B')).rejects.toThrow(
      /^cannot check expect\(run\)\.toJudgeAtLeast\('B'\): the judge \(openai:gpt-5-mini\) left the run unscored — the judge's reply could not be read, even after one retry: the record_grade arguments are not JSON: "B"\nJudge's own usage: \d+ in \/ \d+ out tokens, \$[\d.]+\nRun: /,
    );
    await expect(expect(run).not.toJudgeAtLeast('B')).rejects.toThrow(
      /^cannot check expect\(run\)\.not\.toJudgeAtLeast\('B'\): the judge \(openai:gpt-5-mini\) left the run unscored — /,
    );
    expect(
      task.meta.nanograde?.judgements?.map((verdict) => [verdict.status, verdict.grade]),
    ).toEqual([
      ['unscored', null],
      ['unscored', null],
    ]);
  });

  test('options override the case’s rubric and expected answer; tool calls and files on request', async ({
    expect,
  }) => {
    const workspace = mkdtempSync(join(tmpdir(), 'nanograde-judge-matcher-'));
    try {
      writeFileSync(join(workspace, 'answer.txt'), 'Canberra\n');
      const { seen } = judge([gradeTurn('S', 'Exact.')]);
      const options: JudgeOptions = {
        expected: 'Canberra (one word)',
        rubric: 'The file must hold the answer.',
        include: ['toolCalls', 'files'],
        workspace,
      };
      await expect(run).toJudgeAtLeast('A', options);
      const shown = seen[0]?.messages[0]?.content ?? '';
      expect(shown).toContain('## Expected answer\n```\nCanberra (one word)\n```');
      expect(shown).toContain('## Rubric\nThe file must hold the answer.');
      expect(shown).toContain(
        '## The agent\'s tool calls\n1. write_file {"file_path":"answer.txt","content":"Canberra"} -> ok',
      );
      expect(shown).toContain('## Files the agent wrote\n### answer.txt\n```\nCanberra\n\n```');
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  test('votes: n concurrent asks, the median grade', async ({ expect, task }) => {
    startCase(task);
    judge([gradeTurn('S', 'x'), gradeTurn('C', 'y'), gradeTurn('A', 'z')]);
    await expect(run).toJudgeAtLeast('A', { votes: 3 });
    const [verdict] = task.meta.nanograde?.judgements ?? [];
    expect(verdict?.grade).toBe('A');
    expect([...(verdict?.votes ?? [])].sort()).toEqual(['A', 'C', 'S']);
  });
});

describe('toJudgeAtLeast on every current judge: no request breaks its API’s rules', () => {
  // The done-when list of issue 12: the default judges of each provider and two more.
  test.for([
    'anthropic:claude-sonnet-5-5',
    'anthropic:claude-opus-5-5',
    'openai:gpt-6.1-terra',
    'openai:gpt-6-luna',
    'ollama:gpt-oss:20b',
  ])('%s', async (judgeId, { expect, task }) => {
    stubJudgeEnv({ ...ALL_FAKES, NANOGRADE_JUDGE: judgeId });
    startCase(task);
    const { fakes, seen } = judge([gradeTurn('A', 'Canberra, in a sentence.')]);
    await expect(run).toJudgeAtLeast('B');
    expect(task.meta.nanograde?.judgements?.[0]).toMatchObject({
      status: 'graded',
      grade: 'A',
      judge: judgeId,
    });
    expect(seen).toHaveLength(1);
    const requests = [
      ...fakes.openai.log.requests,
      ...fakes.anthropic.log.requests,
      ...fakes.ollama.log.requests,
    ].filter(({ request }) => request.method === 'POST');
    // Every request the strict fakes saw was one the real API accepts.
    expect(requests.map(({ response }) => response.status)).not.toContain(400);
    expect(requests.every(({ response }) => response.status === 200)).toBe(true);
    for (const { request, json } of fakes.ollama.log.requests) {
      if (request.url.pathname !== '/api/chat') continue;
      const numCtx = (json as { options?: { num_ctx?: number } }).options?.num_ctx;
      expect(numCtx).toBeGreaterThanOrEqual(32_768);
    }
  });

  test('Claude Sonnet 5.5 answers in text instead of calling the tool: asked once more, then graded', async ({
    expect,
    task,
  }) => {
    stubJudgeEnv({ ...ALL_FAKES, NANOGRADE_JUDGE: 'anthropic:claude-sonnet-5-5' });
    startCase(task);
    const { fakes, seen } = judge([
      () => ({ text: 'I would give this an A.' }),
      gradeTurn('A', 'Correct.'),
    ]);
    await expect(run).toJudgeAtLeast('B');
    expect(seen).toHaveLength(2);
    expect(seen[1]?.messages.at(-1)).toMatchObject({
      role: 'user',
      content: expect.stringContaining('Call record_grade once'),
    });
    expect(fakes.anthropic.log.requests.map(({ response }) => response.status)).toEqual([200, 200]);
  });
});

describe('a judgement nobody awaits', () => {
  // What the first test left behind: its errors and its record, read by the tests after it.
  const left: { errors: string[]; record?: CaseRecord | undefined } = { errors: [] };
  // Registered first, so it runs last: after the judgement's own end-of-test check.
  const keepWhatIsLeft = (task: Readonly<RunnerTestCase>) => () => {
    left.errors = (task.result?.errors ?? []).map((error) => error.message);
    left.record = task.meta.nanograde;
  };

  test.fails('fails its test (so this test, marked .fails, passes)', ({
    expect,
    task,
    onTestFinished,
  }) => {
    onTestFinished(keepWhatIsLeft(task));
    startCase(task);
    judge([gradeTurn('S', 'Flawless.', { delayMs: 5_000 })]);
    // The mistake: no await. Nothing below waits for the judge.
    expect(run).toJudgeAtLeast('B');
  });

  test('with a message saying to await it; the stopped judgement is recorded unscored', () => {
    expect(left.errors).toEqual([
      "expect(run).toJudgeAtLeast('B') was not awaited, so the test ended before the judge's verdict. Write `await expect(run).toJudgeAtLeast('B')`: a judgement is async.",
    ]);
    expect(left.record?.judgements).toEqual([
      expect.objectContaining({
        status: 'unscored',
        grade: null,
        reason:
          "the test ended before the verdict: expect(run).toJudgeAtLeast('B') was not awaited",
        judge: 'openai:gpt-5-mini',
      }),
    ]);
  });

  test.fails('fails even when its verdict came before the test ended', async ({
    expect,
    task,
    onTestFinished,
  }) => {
    onTestFinished(keepWhatIsLeft(task));
    startCase(task);
    judge([gradeTurn('D', 'Wrong.')]);
    expect(run).toJudgeAtLeast('B');
    // Long enough for the judge to answer; the failed verdict must still fail this test.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  test('…keeping the verdict it reached', () => {
    expect(left.errors).toEqual([
      expect.stringMatching(/^expect\(run\)\.toJudgeAtLeast\('B'\) was not awaited/),
    ]);
    expect(
      left.record?.judgements?.map((verdict: JudgeRecord) => [verdict.status, verdict.grade]),
    ).toEqual([['graded', 'D']]);
  });

  test('awaited judgements, one after another or all at once, pass', async ({ expect }) => {
    judge([gradeTurn('A', 'Good.'), gradeTurn('A', 'Good.'), gradeTurn('S', 'Great.')]);
    await expect(run).toJudgeAtLeast('B');
    await Promise.all([expect(run).toJudgeAtLeast('B'), expect(run).toJudgeAtLeast('A')]);
  });
});

describe('which judge model', () => {
  test('NANOGRADE_JUDGE picks a local judge: ollama:gpt-oss:120b through structured output', async ({
    expect,
    task,
  }) => {
    stubJudgeEnv({ ...ALL_FAKES, NANOGRADE_JUDGE: 'ollama:gpt-oss:120b' });
    startCase(task);
    const { fakes } = judge([gradeTurn('A', 'Correct, a bit wordy.')]);
    await expect(run).toJudgeAtLeast('B');
    expect(fakes.openai.log.requests).toHaveLength(0);
    expect(task.meta.nanograde?.judgements?.[0]).toMatchObject({
      judge: 'ollama:gpt-oss:120b',
      grade: 'A',
      costUsd: 0,
    });
  });

  test('the option wins over NANOGRADE_JUDGE', async ({ expect }) => {
    const { fakes } = judge([gradeTurn('A', 'ok')]);
    await expect(run).toJudgeAtLeast('B', { judge: 'anthropic:claude-haiku-4-5' });
    expect(
      fakes.anthropic.log.requests.filter((entry) => entry.request.method === 'POST'),
    ).toHaveLength(1);
    expect(fakes.openai.log.requests).toHaveLength(0);
  });

  test('by default, the OpenAI key present picks openai:gpt-6.1-terra', async ({
    expect,
    task,
  }) => {
    stubJudgeEnv({ ...ALL_FAKES });
    startCase(task);
    judge([gradeTurn('B', 'ok')]);
    await expect(run).toJudgeAtLeast('B');
    expect(task.meta.nanograde?.judgements?.[0]?.judge).toBe('openai:gpt-6.1-terra');
  });

  test('with no judge available it fails, saying how to configure one', async ({
    expect,
    task,
  }) => {
    stubJudgeEnv({ OLLAMA_HOST });
    startCase(task);
    // Ollama runs, but without gpt-oss:120b; there are no keys.
    const ollama = createOllamaFake({ brain: () => ({ text: '' }), models: ['gpt-oss:20b'] });
    server.use(mswHandler(OLLAMA_HOST, ollama.handler));
    const failure = expect(run).toJudgeAtLeast('B');
    await expect(failure).rejects.toThrow(
      "cannot check expect(run).toJudgeAtLeast('B'): No judge model is available for toJudgeAtLeast (tried ollama:gpt-oss:120b: gpt-oss:120b is not pulled",
    );
    await expect(expect(run).toJudgeAtLeast('B')).rejects.toThrow(CONFIGURE_JUDGE);
    expect(task.meta.nanograde?.judgements?.[0]).toMatchObject({
      status: 'unscored',
      grade: null,
      judge: 'none',
      // No judge ran: nothing was spent, and the report need not call its cost unknown.
      costUsd: 0,
    });
  });
});

test('a named judge that cannot run here fails the same way, naming it', async ({
  expect,
  task,
}) => {
  stubJudgeEnv({ NANOGRADE_JUDGE: 'anthropic:claude-haiku-4-5' });
  startCase(task);
  await expect(expect(run).toJudgeAtLeast('B')).rejects.toThrow(
    `cannot check expect(run).toJudgeAtLeast('B'): The judge anthropic:claude-haiku-4-5 (from NANOGRADE_JUDGE) cannot run here: Set ANTHROPIC_API_KEY to run Anthropic models`,
  );
  expect(task.meta.nanograde?.judgements?.[0]).toMatchObject({
    status: 'unscored',
    judge: 'anthropic:claude-haiku-4-5',
  });
});

describe('oracle: a deterministic grade, no model', () => {
  test('grades with no judge model and no request at all', async ({ expect, task }) => {
    stubJudgeEnv({});
    startCase(task);
    const exact = (answer: typeof run) => (answer.output.trim() === 'Canberra' ? 'S' : 'B');
    await expect(run).toJudgeAtLeast('B', { oracle: exact });
    await expect(expect(run).toJudgeAtLeast('A', { oracle: exact })).rejects.toThrow(
      /^expected the run to be judged at least A, but the oracle graded it B\nReason: the oracle graded it B\nRun: /,
    );
    await expect(
      expect(run).toJudgeAtLeast('C', {
        oracle: async () => ({ grade: 'F', reason: 'Not the expected city.' }),
      }),
    ).rejects.toThrow(/graded it F\nReason: Not the expected city\.\n/);
    expect(
      task.meta.nanograde?.judgements?.map((verdict) => [
        verdict.judge,
        verdict.grade,
        verdict.costUsd,
      ]),
    ).toEqual([
      ['oracle', 'B', 0],
      ['oracle', 'B', 0],
      ['oracle', 'F', 0],
    ]);
  });

  test('an oracle that returns no grade is a broken test', async ({ expect }) => {
    const broken = (() => 'excellent') as unknown as JudgeOptions['oracle'];
    await expect(expect(run).toJudgeAtLeast('B', { oracle: broken })).rejects.toThrow(
      'toJudgeAtLeast: the oracle must return a grade (S, A, B, C, D or F) or { grade, reason }, got "excellent"',
    );
  });
});

describe('built-in models', () => {
  test('without an oracle, a built-in passes ungraded — no judge asked', async ({
    expect,
    task,
  }) => {
    stubJudgeEnv({});
    startCase(task, { model: 'builtin:null', builtin: 'null' });
    await expect(makeRun({ output: '' })).toJudgeAtLeast('S');
    await expect(makeRun({ output: '' })).not.toJudgeAtLeast('S');
    expect(task.meta.nanograde?.judgements?.[0]).toEqual({
      status: 'ungraded',
      bar: 'S',
      grade: null,
      reason: 'the built-in null model is not graded by a judge model; pass { oracle } to grade it',
      judge: 'none',
      costUsd: 0,
      durationMs: 0,
    });
  });

  test('with an oracle, a built-in is graded', async ({ expect, task }) => {
    startCase(task, { model: 'builtin:null', builtin: 'null' });
    await expect(
      expect(makeRun({ output: '' })).toJudgeAtLeast('B', { oracle: () => 'F' }),
    ).rejects.toThrow(/but the oracle graded it F/);
    expect(task.meta.nanograde?.judgements?.[0]?.status).toBe('graded');
  });
});

describe('misuse', () => {
  test('a bar that is no grade, bad options, or files without a workspace', async ({ expect }) => {
    // @ts-expect-error — the bar is one of S..F
    await expect(expect(run).toJudgeAtLeast('B+')).rejects.toThrow(
      'toJudgeAtLeast expects a grade S, A, B, C, D or F, got "B+"',
    );
    await expect(expect(run).toJudgeAtLeast('B', { votes: 0 })).rejects.toThrow(
      /^toJudgeAtLeast: votes: Too small/,
    );
    // @ts-expect-error — a misspelt option is refused with the one meant
    await expect(expect(run).toJudgeAtLeast('B', { vote: 3 })).rejects.toThrow(
      /^toJudgeAtLeast: unknown option 'vote' — did you mean 'votes'\? \(options: rubric, expected, judge, votes,/,
    );
    await expect(expect(run).toJudgeAtLeast('B', { include: ['files'] })).rejects.toThrow(
      "toJudgeAtLeast with include: ['files'] reads the files the agent wrote from its workspace: pass { workspace }",
    );
    await expect(expect({ output: 'hi' }).toJudgeAtLeast('B')).rejects.toThrow(
      /^toJudgeAtLeast expects the `run` from agentTest \(an AgentRun\)/,
    );
  });

  test('is typed on expect(…) as an async matcher', () => {
    expectTypeOf(expect(run).toJudgeAtLeast)
      .parameter(0)
      .toEqualTypeOf<'S' | 'A' | 'B' | 'C' | 'D' | 'F'>();
    expectTypeOf(expect(run).toJudgeAtLeast).parameter(1).toEqualTypeOf<JudgeOptions | undefined>();
    expectTypeOf(expect(run).toJudgeAtLeast).returns.resolves.not.toBeAny();
    expectTypeOf(expect(run).toJudgeAtLeast).returns.toMatchTypeOf<Promise<unknown>>();
  });
});
