// How a run ends when a turn does not end cleanly, and Ollama's context window, through runAgent,
// the real adapters and the strict fakes (msw).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { runAgent } from '../../src/agent/run-agent.js';
import { prepareWorkspace, type Workspace } from '../../src/agent/workspace.js';
import { NanogradeConfigError } from '../../src/env/config-error.js';
import { checkNanogradeEnv } from '../../src/env/nanograde-env.js';
import { ModelOptionsError } from '../../src/models/model-options.js';
import { AgentRunSchema } from '../../src/records/agent-run.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain, BrainTurn, ConversationView } from '../fakes/fake-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';
import { rejectionOf } from '../fakes/test-support.js';

const URLS = {
  openai: 'http://openai.early.test/v1',
  anthropic: 'http://anthropic.early.test',
  ollama: 'http://ollama.early.test:11434',
};

let script: BrainTurn[] = [];
const seen: ConversationView[] = [];
const brain: Brain = (view) => {
  seen.push(view);
  const turn = script[seen.length - 1];
  if (!turn)
    throw new Error(`the model was asked ${seen.length} times; the script has ${script.length}`);
  return turn;
};
const openai = createOpenAIFake({ brain });
const anthropic = createAnthropicFake({ brain });
const ollama = createOllamaFake({ brain, models: ['gpt-oss:20b'] });
const server = setupServer(
  mswHandler(URLS.openai, openai.handler),
  mswHandler(URLS.anthropic, anthropic.handler),
  mswHandler(URLS.ollama, ollama.handler),
);

let workspace: Workspace;
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(async () => {
  script = [];
  seen.length = 0;
  for (const fake of [openai, anthropic, ollama]) fake.log.requests.length = 0;
  vi.stubEnv('OPENAI_API_KEY', 'sk-test');
  vi.stubEnv('OPENAI_BASE_URL', URLS.openai);
  vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-test');
  vi.stubEnv('ANTHROPIC_BASE_URL', URLS.anthropic);
  vi.stubEnv('OLLAMA_HOST', URLS.ollama);
  vi.stubEnv('NANOGRADE_OLLAMA_NUM_CTX', undefined);
  workspace = await prepareWorkspace(undefined);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await workspace.dispose();
});

const run = (model: string, extra: Partial<Parameters<typeof runAgent>[0]> = {}) =>
  runAgent({ model, prompt: 'Write the report.', workspace: workspace.root, ...extra });

const writeCall = {
  name: 'write_file',
  arguments: { file_path: 'report.txt', content: 'All systems nominal.' },
};

describe('output limit: a cut turn ends the run, and its tool calls are never run', () => {
  test.for(['openai:gpt-6.1-terra', 'anthropic:claude-sonnet-5-5', 'ollama:gpt-oss:20b'])(
    '%s',
    async (model) => {
      script = [{ reasoning: 'Write it.', toolCalls: [writeCall], truncated: true }];
      const result = await run(model);
      expect(result.error).toEqual({
        kind: 'output_limit',
        message:
          'turn 1 hit the limit of 8192 output tokens (its 1 tool call not executed); raise limits.maxOutputTokensPerTurn',
      });
      expect(result.toolCalls).toEqual([]);
      expect(existsSync(join(workspace.root, 'report.txt'))).toBe(false);
      expect(AgentRunSchema.parse(result)).toEqual(result);
    },
  );

  test('OpenAI: the cut function call came back incomplete, with arguments that do not parse', async () => {
    script = [{ toolCalls: [writeCall], truncated: true }];
    const result = await run('openai:gpt-6.1-terra');
    const body = openai.log.requests[0]?.response.body as { output: Record<string, unknown>[] };
    const call = body.output.find((item) => item.type === 'function_call');
    expect(call?.status).toBe('incomplete');
    expect(result.error?.kind).toBe('output_limit');
  });
});

describe('refusals and content filters', () => {
  test('Claude stop_reason refusal: refusal, with its explanation', async () => {
    script = [{ refusal: 'The request asks for harmful content.' }];
    const result = await run('anthropic:claude-haiku-5-5');
    expect(result.error).toEqual({
      kind: 'refusal',
      message: 'the model refused on turn 1: The request asks for harmful content.',
    });
  });

  test('OpenAI incomplete by the content filter: refusal, saying so', async () => {
    script = [{ text: 'The first half of', contentFiltered: true }];
    const result = await run('openai:gpt-6-luna');
    expect(result.error).toEqual({
      kind: 'refusal',
      message: 'the model refused on turn 1: the content filter stopped the response',
    });
  });

  test('OpenAI refusal content part: refusal, in its words', async () => {
    script = [{ refusal: "I can't help with that." }];
    const result = await run('openai:gpt-6.1-sol');
    expect(result.error).toEqual({
      kind: 'refusal',
      message: "the model refused on turn 1: I can't help with that.",
    });
    expect(result.output).toBe("I can't help with that.");
  });
});

describe('pause_turn: the paused turn is sent back as it is, and continues', () => {
  test('Sonnet 5.5: no user message is added; the continuation is a turn of its own', async () => {
    script = [{ text: 'Looking into it…', paused: true }, { text: 'Report: all systems nominal.' }];
    const result = await run('anthropic:claude-sonnet-5-5');
    expect(result.error).toBeNull();
    expect(result.output).toBe('Report: all systems nominal.');
    expect(result.turns).toBe(2);
    const second = anthropic.log.requests[1]?.json as {
      messages: { role: string; content: unknown }[];
    };
    expect(second.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    // Sent back verbatim: the fake accepts a final assistant message on Sonnet 5.5 only then.
    expect(second.messages[1]?.content).toEqual(
      (anthropic.log.requests[0]?.response.body as { content?: unknown } | undefined)?.content,
    );
    expect(anthropic.log.requests.map(({ response }) => response.status)).toEqual([200, 200]);
  });

  test('a turn paused again and again ends at maxTurns, saying why', async () => {
    script = [
      { text: 'Still going…', paused: true },
      { text: 'Still going…', paused: true },
      { text: 'Still going…', paused: true },
    ];
    const result = await run('anthropic:claude-haiku-5-5', { limits: { maxTurns: 3 } });
    expect(result.error).toEqual({
      kind: 'max_turns',
      message:
        'the API was still pausing the turn (pause_turn) after 3 turns; raise limits.maxTurns',
    });
  });
});

describe('an answer of reasoning only is no success', () => {
  test.for(['openai:gpt-6.1-terra', 'ollama:gpt-oss:20b', 'anthropic:claude-sonnet-5'])(
    '%s: empty_answer',
    async (model) => {
      script = [{ reasoning: 'The report should say all systems are nominal.' }];
      const result = await run(model);
      expect(result.error).toEqual({
        kind: 'empty_answer',
        message: 'turn 1 ended with reasoning only: no answer and no tool call',
      });
      expect(result.output).toBe('');
    },
  );

  test('an empty answer without any reasoning stays a clean end (the null model’s answer)', async () => {
    script = [{ text: '' }];
    const result = await run('openai:gpt-4.1');
    expect(result.error).toBeNull();
  });
});

describe('modelOptions are checked before any request', () => {
  test('an effort the model refuses throws, naming the model and what it takes; nothing is sent', async () => {
    const error = await rejectionOf(
      run('openai:gpt-6.1-sol', { modelOptions: { effort: 'none' } }),
    );
    expect(error).toBeInstanceOf(ModelOptionsError);
    expect((error as Error).message).toBe(
      'modelOptions for openai:gpt-6.1-sol: effort "none" is not accepted; it takes "low", "medium", "high", "xhigh", "max".',
    );
    expect(openai.log.requests).toHaveLength(0);
  });

  test('each accepted value reaches the wire in the API’s own field', async () => {
    script = [{ text: 'ok' }, { text: 'ok' }, { text: 'ok' }];
    await run('openai:gpt-6.1-terra', { modelOptions: { effort: 'max' } });
    await run('anthropic:claude-sonnet-5-5', {
      modelOptions: { effort: 'medium', thinking: 'between_tools' },
    });
    await run('ollama:gpt-oss:20b', { modelOptions: { effort: 'high' } });
    expect(
      (openai.log.requests[0]?.json as { reasoning?: unknown } | undefined)?.reasoning,
    ).toEqual({
      effort: 'max',
    });
    expect(anthropic.log.requests[0]?.json).toMatchObject({
      output_config: { effort: 'medium' },
      thinking: { type: 'between_tools' },
    });
    const chat = ollama.log.requests.find(({ request }) => request.url.pathname === '/api/chat');
    expect((chat?.json as { think?: unknown } | undefined)?.think).toBe('high');
    for (const fake of [openai, anthropic, ollama]) {
      expect(fake.log.requests.every(({ response }) => response.status === 200)).toBe(true);
    }
  });

  test('the old reasoningEffort says it was renamed', async () => {
    const error = await rejectionOf(
      run('openai:gpt-5-mini', { modelOptions: { reasoningEffort: 'low' } as never }),
    );
    expect((error as Error).message).toContain(
      'modelOptions.reasoningEffort was renamed to effort',
    );
  });
});

describe("Ollama's context window", () => {
  const chats = () =>
    ollama.log.requests.filter(({ request }) => request.url.pathname === '/api/chat');
  const numCtxOf = (entry: (typeof ollama.log.requests)[number]) =>
    (entry.json as { options: { num_ctx: number } }).options.num_ctx;
  /** A model that reads `count` 100 KB pages of a log, then answers. */
  const reader = (count: number): BrainTurn[] => [
    ...Array.from({ length: count }, (_, page) => ({
      toolCalls: [
        {
          name: 'read_file',
          arguments: { file_path: 'big.log', offset: page * 1000 + 1, limit: 1000 },
        },
      ],
    })),
    { text: 'The log is fine.' },
  ];
  async function writeBigLog() {
    const { writeFile } = await import('node:fs/promises');
    // 5,000 lines of 100 characters: five pages of 100 KB (~25,000 tokens each to the fake).
    await writeFile(join(workspace.root, 'big.log'), `${'x'.repeat(99)}\n`.repeat(5_000));
  }

  test('every request carries the same num_ctx, the model’s own 131,072, so it is never reloaded', async () => {
    await writeBigLog();
    script = reader(2);
    const result = await run('ollama:gpt-oss:20b');
    expect(result.error).toBeNull();
    expect(chats().map(numCtxOf)).toEqual([131_072, 131_072, 131_072]);
    expect(ollama.reloads).toEqual([]);
    // The model saw the task on every turn: nothing was cut.
    expect(seen.every((view) => view.messages[0]?.content === 'Write the report.')).toBe(true);
  });

  test('NANOGRADE_OLLAMA_NUM_CTX caps it; modelOptions.numCtx wins over the variable', async () => {
    vi.stubEnv('NANOGRADE_OLLAMA_NUM_CTX', '65536');
    script = [{ text: 'ok' }, { text: 'ok' }];
    await run('ollama:gpt-oss:20b');
    await run('ollama:gpt-oss:20b', { modelOptions: { numCtx: 40_000 } });
    expect(chats().map(numCtxOf)).toEqual([65_536, 40_000]);
  });

  test('a cut conversation ends the run as context_length, not as a confused model', async () => {
    vi.stubEnv('NANOGRADE_OLLAMA_NUM_CTX', '32768');
    await writeBigLog();
    script = reader(3);
    const result = await run('ollama:gpt-oss:20b');
    // Turn 3 would hold two pages (~50,000 tokens): Ollama dropped the task and the first page,
    // whole, and still answered — prompt_eval_count stopped growing, well below num_ctx.
    expect(seen[2]?.messages.some((message) => message.content === 'Write the report.')).toBe(
      false,
    );
    const kept = (chats()[2]?.response.body as { prompt_eval_count?: number } | undefined)
      ?.prompt_eval_count;
    expect(kept).toBeLessThan(32_768 - 4_000);
    expect(result.error).toMatchObject({
      kind: 'provider',
      provider: {
        kind: 'context_length',
        providerMessage: expect.stringMatching(
          /^Ollama dropped the start of the conversation to fit its context window of 32768 tokens: it kept \d+ prompt tokens, after \d+ on the turn before, although the conversation grew; raise modelOptions\.numCtx or NANOGRADE_OLLAMA_NUM_CTX \(num_ctx was 32768; the model holds 32768\)/,
        ),
      },
    });
    expect(result.turns).toBe(3);
  });

  test('a prompt that fills the window is context_length too', async () => {
    vi.stubEnv('NANOGRADE_OLLAMA_NUM_CTX', '32768');
    await writeBigLog();
    // One message as long as the window: Ollama cuts it in the middle and fills the window.
    script = [{ text: 'fine' }];
    const result = await runAgent({
      model: 'ollama:gpt-oss:20b',
      prompt: `Summarise: ${'y'.repeat(140_000)}`,
      workspace: workspace.root,
    });
    expect(result.error?.provider?.kind).toBe('context_length');
    expect(result.error?.provider?.providerMessage).toMatch(
      /filled Ollama's context window of 32768 tokens/,
    );
  });

  test("a NANOGRADE_OLLAMA_NUM_CTX below 32,768 is refused with the start-up check's message", async () => {
    vi.stubEnv('NANOGRADE_OLLAMA_NUM_CTX', '8192');
    const error = await rejectionOf(run('ollama:gpt-oss:20b'));
    // One validation, one message: the same words checkNanogradeEnv prints at start-up.
    const message =
      'NANOGRADE_OLLAMA_NUM_CTX="8192": below 32768. Allowed: a whole number of tokens, at least 32768, e.g. 65536.';
    expect(error).toBeInstanceOf(NanogradeConfigError);
    expect((error as Error).message).toBe(message);
    expect(() => checkNanogradeEnv({ NANOGRADE_OLLAMA_NUM_CTX: '8192' })).toThrow(message);
  });
});
