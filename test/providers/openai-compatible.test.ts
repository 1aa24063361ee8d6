import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAgent } from '../../src/agent/run-agent.js';
import { createCatalog } from '../../src/models/catalog.js';
import { resolveModel } from '../../src/models/resolve-model.js';
import {
  createOpenAICompatibleProvider,
  type OpenAICompatibleProviderOptions,
} from '../../src/providers/openai-compatible/adapter.js';
import {
  type CompletionRequest,
  ProviderError,
  type ToolSchema,
} from '../../src/providers/provider-types.js';
import { withRetries } from '../../src/providers/retry-policy.js';
import type { TranscriptMessage } from '../../src/records/agent-run.js';
import type { Brain, ConversationView } from '../fakes/fake-types.js';
import { createOpenAIFake, type OpenAIFakeOptions } from '../fakes/openai-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';
import { closedPortUrl, rejectionOf } from '../fakes/test-support.js';
import { capabilitiesFor } from './request-capabilities.js';

/** LM Studio's default address; the fake stands in for any OpenAI-compatible server. */
const LOCAL = 'http://127.0.0.1:1234/v1';
const OPENAI = 'https://api.openai.com/v1';
const SYSTEM = 'You are a careful agent. Use the tools.';
const LOCAL_MODELS = ['qwen3:8b', 'llama3.2:3b'];

const TOOLS: ToolSchema[] = [
  {
    name: 'read_file',
    description: 'Read a text file in the workspace.',
    parameters: {
      type: 'object',
      properties: { file_path: { type: 'string' } },
      required: ['file_path'],
    },
  },
  {
    name: 'list_directory',
    description: 'List a directory of the workspace.',
    parameters: { type: 'object', properties: { directory_path: { type: 'string' } } },
  },
];

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

type Fake = ReturnType<typeof createOpenAIFake>;

/** A local server (no real key; reasoning in `reasoning_content`; no usage details) by default. */
function setup(
  brain: Brain,
  fakeOptions: Partial<OpenAIFakeOptions> = {},
  providerOptions: Partial<OpenAICompatibleProviderOptions> = {},
  retried = false,
) {
  vi.stubEnv('OPENAI_COMPATIBLE_API_KEY', '');
  const base = providerOptions.baseURL ?? LOCAL;
  const fake = createOpenAIFake({
    brain,
    apiKey: 'not-needed',
    models: LOCAL_MODELS,
    chatReasoningField: 'reasoning_content',
    chatUsageDetails: false,
    ...fakeOptions,
  });
  server.use(mswHandler(base, fake.handler));
  const adapter = createOpenAICompatibleProvider({ baseURL: base, ...providerOptions });
  // `retried`: under the retry policy, as the registry gives it out.
  return { fake, provider: retried ? withRetries(adapter) : adapter };
}

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  const model = overrides.model ?? 'qwen3:8b';
  return {
    model,
    capabilities: capabilitiesFor('openai-compatible', model),
    system: SYSTEM,
    messages: [{ role: 'user', content: 'What does notes.txt say?' }],
    tools: TOOLS,
    maxOutputTokens: 8192,
    ...overrides,
  };
}

const requestBody = (fake: Fake, n: number) =>
  fake.log.requests[n]?.json as Record<string, unknown>;

async function closedPortBase(): Promise<string> {
  const base = `${await closedPortUrl()}/v1`;
  server.use(http.all(`${base}/*`, () => passthrough()));
  return base;
}

const rejection = rejectionOf;

describe('openai-compatible provider: a multi-turn tool loop', () => {
  it('speaks Chat Completions: system first, nested tools, tool_calls echoed, tool results by id', async () => {
    const views: ConversationView[] = [];
    const { fake, provider } = setup((view) => {
      views.push(view);
      if (view.turn === 0) {
        return {
          reasoning: 'The user wants the notes. Read them.',
          toolCalls: [{ name: 'read_file', arguments: { file_path: 'notes.txt' } }],
          usage: { freshInput: 300, output: 40, reasoning: 25 },
        };
      }
      return { text: `It says: ${view.lastToolResults[0]?.content}`, reasoning: 'Easy.' };
    });
    const messages: TranscriptMessage[] = [{ role: 'user', content: 'What does notes.txt say?' }];

    const first = await provider.complete(request({ messages }));
    expect(first.stopReason).toBe('tool_calls');
    expect(first.message.content).toBe('');
    expect(first.message.reasoning).toBe('The user wants the notes. Read them.');
    const answer = fake.log.requests[0]?.response.body as {
      choices: { message: { tool_calls: { id: string }[] } }[];
    };
    const wireCalls = answer.choices[0]?.message.tool_calls;
    expect(first.message.toolCalls).toEqual([
      { id: wireCalls?.[0]?.id, name: 'read_file', arguments: '{"file_path":"notes.txt"}' },
    ]);
    // No usage details from this server: prompt 300, completion 40 + 25, parts unknown → 0.
    expect(first.usage).toEqual({
      inputTokens: 300,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 65,
      reasoningTokens: 0,
    });

    const sent = requestBody(fake, 0);
    expect(fake.log.requests[0]?.request.headers.get('authorization')).toBe('Bearer not-needed');
    expect(fake.log.requests[0]?.request.url.pathname).toBe('/v1/chat/completions');
    expect(sent.messages).toEqual([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: 'What does notes.txt say?' },
    ]);
    expect(sent.tools).toEqual(
      TOOLS.map((t) => ({
        type: 'function',
        function: { name: t.name, description: t.description, parameters: t.parameters },
      })),
    );
    expect(sent.max_completion_tokens).toBe(8192);
    expect(sent).not.toHaveProperty('max_tokens');
    expect(sent).not.toHaveProperty('temperature');

    const callId = first.message.toolCalls[0]?.id ?? '';
    messages.push(JSON.parse(JSON.stringify(first.message)), {
      role: 'tool',
      toolCallId: callId,
      name: 'read_file',
      content: 'buy milk',
      isError: false,
    });
    const second = await provider.complete(request({ messages }));
    expect(fake.log.requests[1]?.response.status).toBe(200);
    expect((requestBody(fake, 1).messages as unknown[]).slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: callId,
            type: 'function',
            function: { name: 'read_file', arguments: '{"file_path":"notes.txt"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: callId, content: 'buy milk' },
    ]);
    expect(views[1]?.lastToolResults).toEqual([
      { role: 'tool', toolCallId: callId, name: 'read_file', content: 'buy milk', isError: false },
    ]);
    expect(second.stopReason).toBe('end');
    // The thinking stays out of the answer.
    expect(second.message.content).toBe('It says: buy milk');
    expect(second.message.reasoning).toBe('Easy.');
  });

  it("keeps Ollama's `reasoning` field as reasoning too", async () => {
    const { provider } = setup(() => ({ text: '4', reasoning: '2 + 2 = 4' }), {
      chatReasoningField: 'reasoning',
    });
    const result = await provider.complete(request({ tools: [] }));
    expect(result.message).toEqual({
      role: 'assistant',
      content: '4',
      reasoning: '2 + 2 = 4',
      toolCalls: [],
    });
  });
});

describe('openai-compatible provider: settings, usage, stop reasons', () => {
  it('normalises OpenAI usage details; sends effort as reasoning_effort and never max_tokens', async () => {
    const { fake, provider } = setup(
      () => ({
        text: 'ok',
        usage: { freshInput: 500, cachedInput: 1500, output: 100, reasoning: 300 },
      }),
      {
        apiKey: 'sk-test',
        models: ['gpt-5-mini'],
        chatReasoningField: undefined,
        chatUsageDetails: true,
      },
      { baseURL: OPENAI, apiKey: 'sk-test' },
    );
    const result = await provider.complete(
      request({ model: 'gpt-5-mini', options: { effort: 'minimal' } }),
    );
    // prompt_tokens = 500 + 1500 (cached inside); completion_tokens = 100 + 300 (reasoning inside).
    expect(result.usage).toEqual({
      inputTokens: 2000,
      cachedInputTokens: 1500,
      cacheWriteTokens: 0,
      outputTokens: 400,
      reasoningTokens: 300,
    });
    const sent = requestBody(fake, 0);
    expect(sent).not.toHaveProperty('temperature');
    expect(sent).not.toHaveProperty('max_tokens');
    expect(sent.reasoning_effort).toBe('minimal');
  });

  it('sends temperature to models that take it', async () => {
    const { fake, provider } = setup(() => ({ text: 'ok' }));
    await provider.complete(request({ model: 'llama3.2:3b', options: { temperature: 0.7 } }));
    expect(requestBody(fake, 0).temperature).toBe(0.7);
  });

  it("maps finish_reason 'length' to max_tokens", async () => {
    const { fake, provider } = setup(() => ({ text: 'Once upon a', truncated: true }));
    const result = await provider.complete(request({ maxOutputTokens: 5 }));
    expect(result.stopReason).toBe('max_tokens');
    expect(result.message.content).toBe('Once upon a');
    expect(requestBody(fake, 0).max_completion_tokens).toBe(5);
  });

  it('uses OPENAI_COMPATIBLE_API_KEY, and never OpenAI’s key, organization or project', async () => {
    const fake = createOpenAIFake({
      brain: () => ({ text: 'ok' }),
      apiKey: 'sk-vllm',
      models: LOCAL_MODELS,
    });
    server.use(mswHandler(LOCAL, fake.handler));
    vi.stubEnv('OPENAI_COMPATIBLE_API_KEY', 'sk-vllm');
    // OpenAI's own account settings must not leak to another server.
    vi.stubEnv('OPENAI_API_KEY', 'sk-openai-secret');
    vi.stubEnv('OPENAI_ORG_ID', 'org-secret');
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj_secret');
    const result = await createOpenAICompatibleProvider({ baseURL: LOCAL }).complete(request());
    expect(result.message.content).toBe('ok');
    const headers = fake.log.requests[0]?.request.headers;
    expect(headers?.get('authorization')).toBe('Bearer sk-vllm');
    expect(headers?.has('openai-organization')).toBe(false);
    expect(headers?.has('openai-project')).toBe(false);
  });
});

describe('openai-compatible provider: errors', () => {
  it('classifies 401 as auth and an unknown model as not_found', async () => {
    const { provider } = setup(() => ({ text: 'never' }), {}, { apiKey: 'wrong-key-123456' });
    await expect(provider.complete(request())).rejects.toMatchObject({ kind: 'auth', status: 401 });
    const { provider: keyed } = setup(() => ({ text: 'never' }));
    await expect(keyed.complete(request({ model: 'mistral:7b' }))).rejects.toMatchObject({
      kind: 'not_found',
      status: 404,
      providerMessage: 'The model `mistral:7b` does not exist or you do not have access to it.',
    });
  });

  it("recognises a local server's context-length 400 without OpenAI's code", async () => {
    const message =
      "This model's maximum context length is 4096 tokens. However, you requested 5120 tokens (4096 in the messages, 1024 in the completion).";
    const { provider } = setup(() => ({
      error: { status: 400, type: 'BadRequestError', message },
    }));
    await expect(provider.complete(request())).rejects.toMatchObject({
      kind: 'context_length',
      status: 400,
      providerMessage: message,
    });
  });

  it('retries a 429 with retry-after-ms, but never insufficient_quota', async () => {
    let calls = 0;
    const { fake, provider } = setup(
      () => {
        calls++;
        return calls === 1
          ? {
              error: {
                status: 429,
                message: 'Too many requests',
                headers: { 'retry-after-ms': '10' },
              },
            }
          : { text: 'done' };
      },
      {},
      {},
      true,
    );
    expect((await provider.complete(request())).message.content).toBe('done');
    expect(fake.log.requests.map((r) => r.response.status)).toEqual([429, 200]);

    const quota = setup(
      () => ({
        error: {
          status: 429,
          type: 'insufficient_quota',
          message: 'You exceeded your current quota, please check your plan and billing details.',
          headers: { 'retry-after-ms': '10' },
        },
      }),
      {},
      {},
      true,
    );
    await expect(quota.provider.complete(request())).rejects.toMatchObject({
      kind: 'rate_limit',
      status: 429,
    });
    expect(quota.fake.log.requests).toHaveLength(1);
  });

  it('retries a 502 then classifies it as server', async () => {
    const { fake, provider } = setup(
      () => ({
        error: { status: 502, message: 'Bad gateway', headers: { 'retry-after-ms': '10' } },
      }),
      {},
      {},
      true,
    );
    await expect(provider.complete(request())).rejects.toMatchObject({
      kind: 'server',
      status: 502,
      attempts: 3,
    });
    expect(fake.log.requests).toHaveLength(3);
  });

  it('classifies a refused connection as network, naming the base URL', async () => {
    const base = await closedPortBase();
    const error = await rejection(
      createOpenAICompatibleProvider({ baseURL: base }).complete(request()),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as ProviderError).providerMessage).toContain(base);
  });

  it('rejects with the abort itself when the signal aborts mid-request', async () => {
    let brainCalls = 0;
    const { provider } = setup(() => {
      brainCalls++;
      return { text: 'too late', delayMs: 10_000 };
    });
    const reason = new Error('run timed out');
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 50);
    const started = Date.now();
    await expect(provider.complete(request({ signal: controller.signal }))).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(brainCalls).toBe(1);
  });
});

describe('openai-compatible provider: availability', () => {
  it('lists the models: available, or unknown_model naming what the server has', async () => {
    const { fake, provider } = setup(() => ({ text: 'never' }));
    expect(await provider.availability('qwen3:8b')).toEqual({ available: true });
    expect(fake.log.requests[0]?.request.url.pathname).toBe('/v1/models');
    const missing = await provider.availability('mistral:7b');
    expect(missing).toMatchObject({ available: false, reason: 'unknown_model' });
    expect(missing.available === false && missing.message).toContain('qwen3:8b, llama3.2:3b');
  });

  it('says invalid_key when the server rejects the key', async () => {
    const { provider } = setup(() => ({ text: 'never' }), { apiKey: 'sk-vllm' });
    expect(await provider.availability('qwen3:8b')).toMatchObject({
      available: false,
      reason: 'invalid_key',
    });
  });

  it('says unreachable when nothing listens, or when the base URL lacks /v1', async () => {
    const base = await closedPortBase();
    const down = await createOpenAICompatibleProvider({ baseURL: base }).availability('qwen3:8b');
    expect(down).toMatchObject({ available: false, reason: 'unreachable' });
    expect(down.available === false && down.message).toContain(base);

    const root = 'http://127.0.0.1:1234';
    const { provider } = setup(() => ({ text: 'never' }), {}, { baseURL: root });
    const wrongBase = await provider.availability('qwen3:8b');
    expect(wrongBase).toMatchObject({ available: false, reason: 'unreachable' });
    expect(wrongBase.available === false && wrongBase.message).toContain('/v1');
  });
});

describe('openai fake (Chat Completions): rejects what the real API rejects', () => {
  const fake = createOpenAIFake({ brain: () => ({ text: 'ok' }) });

  async function post(body: Record<string, unknown>) {
    const response = await fake.handler({
      method: 'POST',
      url: new URL(`${OPENAI}/chat/completions`),
      headers: new Headers({ authorization: 'Bearer sk-test' }),
      bodyText: JSON.stringify({ model: 'gpt-5-mini', ...body }),
    });
    return response as {
      status: number;
      body: { error: { message: string; code: string | null } };
    };
  }

  const user = { role: 'user', content: 'hi' };
  const assistantCall = {
    role: 'assistant',
    content: null,
    tool_calls: [
      { id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{}' } },
    ],
  };

  it('checks that tool messages answer the preceding tool_calls, all of them', async () => {
    const stray = await post({
      messages: [user, { role: 'tool', tool_call_id: 'call_1', content: 'x' }],
    });
    expect(stray.status).toBe(400);
    expect(stray.body.error.message).toContain(
      "must be a response to a preceeding message with 'tool_calls'",
    );
    const wrongId = await post({
      messages: [user, assistantCall, { role: 'tool', tool_call_id: 'call_2', content: 'x' }],
    });
    expect(wrongId.body.error.message).toBe(
      "Invalid parameter: 'tool_call_id' of 'call_2' not found in 'tool_calls' of previous message.",
    );
    const unanswered = await post({ messages: [user, assistantCall, user] });
    expect(unanswered.status).toBe(400);
    expect(unanswered.body.error.message).toContain('did not have response messages: call_1');
  });

  it('rejects max_tokens on gpt-5, flat tools, unknown arguments and unknown message fields', async () => {
    const maxTokens = await post({ messages: [user], max_tokens: 100 });
    expect([maxTokens.status, maxTokens.body.error.code]).toEqual([400, 'unsupported_parameter']);
    const flat = await post({
      messages: [user],
      tools: [{ type: 'function', name: 'read_file', parameters: { type: 'object' } }],
    });
    expect(flat.body.error.message).toBe("Missing required parameter: 'tools[0].function'.");
    const unknown = await post({ messages: [user], max_output_tokens: 100 });
    expect(unknown.body.error.message).toBe(
      'Unrecognized request argument supplied: max_output_tokens',
    );
    const extraField = await post({
      messages: [user, { role: 'assistant', content: 'x', reasoning_content: 'y' }, user],
    });
    expect(extraField.status).toBe(400);
    expect(extraField.body.error.message).toContain("'reasoning_content' was unexpected");
  });
});

// Some servers and proxies leave `usage` out of a Chat Completions answer. Zeros in its place
// would bill a priced model $0 (cost grade S, "cheapest"): the cost is unknown instead.
describe('openai-compatible provider: a server that sends no usage', () => {
  const catalog = createCatalog({
    models: [
      { id: 'openai-compatible:qwen3:8b', baseURL: LOCAL, price: { input: 0.2, output: 0.8 } },
    ],
  });
  const answer: Brain = () => ({ text: 'done', usage: { freshInput: 1000, output: 100 } });

  async function runOn(fakeOptions: Partial<OpenAIFakeOptions>, limits = {}) {
    const { provider } = setup(answer, fakeOptions);
    const workspace = await mkdtemp(join(tmpdir(), 'nanograde-compat-usage-'));
    try {
      return await runAgent({
        model: resolveModel('openai-compatible:qwen3:8b', catalog, {}),
        prompt: 'Say done.',
        workspace,
        provider,
        catalog,
        limits,
      });
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  }

  it('says so on the turn, and the run of a priced model has an unknown cost', async () => {
    const { provider } = setup(answer, { chatUsage: false });
    expect(await provider.complete(request())).toMatchObject({ usageUnknown: true });
    const run = await runOn({ chatUsage: false });
    expect(run.error).toBeNull();
    expect(run.costUsd).toBeNull();
    // With usage, the same run is priced: 1,000 × 0.2 + 100 × 0.8 = 280 micro-dollars.
    expect((await runOn({})).costUsd).toBe(0.00028);
  });

  it('ends a run with a budget that cannot be enforced, saying why', async () => {
    const run = await runOn({ chatUsage: false }, { maxCostUsd: 1 });
    expect(run.error).toMatchObject({
      kind: 'budget',
      message: expect.stringContaining('sent no token usage, so the budget cannot be enforced'),
    });
  });
});
