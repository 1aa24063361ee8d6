import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createOpenAIProvider,
  type OpenAIProviderOptions,
} from '../../src/providers/openai/adapter.js';
import {
  type CompletionRequest,
  ProviderError,
  type ToolSchema,
} from '../../src/providers/provider-types.js';
import { withRetries } from '../../src/providers/retry-policy.js';
import type { TranscriptMessage } from '../../src/records/agent-run.js';
import type { Brain, ConversationView, FakeRequest } from '../fakes/fake-types.js';
import { createOpenAIFake, type OpenAIFakeOptions } from '../fakes/openai-fake.js';
import { mswHandler, serveFake } from '../fakes/serve-fake.js';
import { closedPortUrl, rejectionOf } from '../fakes/test-support.js';
import { capabilitiesFor } from './request-capabilities.js';

const BASE = 'https://api.openai.com/v1';
const SYSTEM = 'You are a careful agent. Use the tools.';

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
    // An optional property: only valid because the provider sends strict:false.
    name: 'list_directory',
    description: 'List a directory of the workspace.',
    parameters: { type: 'object', properties: { directory_path: { type: 'string' } } },
  },
  {
    name: 'write_file',
    description: 'Write a text file in the workspace.',
    parameters: {
      type: 'object',
      properties: { file_path: { type: 'string' }, content: { type: 'string' } },
      required: ['file_path', 'content'],
    },
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

/** The adapter on the fake; `retried`: under the retry policy, as the registry gives it out. */
function setup(
  brain: Brain,
  fakeOptions: Partial<OpenAIFakeOptions> = {},
  providerOptions: OpenAIProviderOptions = {},
  retried = false,
) {
  const fake = createOpenAIFake({ brain, ...fakeOptions });
  server.use(mswHandler(BASE, fake.handler));
  const adapter = createOpenAIProvider({ apiKey: 'sk-test', baseURL: BASE, ...providerOptions });
  return { fake, provider: retried ? withRetries(adapter) : adapter };
}

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  const model = overrides.model ?? 'gpt-5-mini';
  return {
    model,
    capabilities: capabilitiesFor('openai', model),
    system: SYSTEM,
    messages: [{ role: 'user', content: 'What does notes.txt say?' }],
    tools: TOOLS,
    maxOutputTokens: 8192,
    ...overrides,
  };
}

/** The raw JSON body of the fake's n-th answer. */
function responseBody(fake: ReturnType<typeof createOpenAIFake>, n: number) {
  const entry = fake.log.requests[n];
  if (!entry) throw new Error(`the fake answered no request #${n}`);
  return entry.response.body as {
    output: { type: string; call_id?: string; encrypted_content?: string }[];
    usage: unknown;
  };
}

function requestBody(fake: ReturnType<typeof createOpenAIFake>, n: number) {
  return fake.log.requests[n]?.json as Record<string, unknown>;
}

/** A URL on 127.0.0.1 where nothing listens, let through msw to the real (refusing) network. */
async function closedPortBase(): Promise<string> {
  const base = `${await closedPortUrl()}/v1`;
  server.use(http.all(`${base}/*`, () => passthrough()));
  return base;
}

const rejection = rejectionOf;

describe('openai provider: a multi-turn tool loop', () => {
  it('sends stateless Responses requests and echoes reasoning and calls back with their outputs', async () => {
    const views: ConversationView[] = [];
    const { fake, provider } = setup((view) => {
      views.push(view);
      if (view.turn === 0) {
        return {
          reasoning: 'I should read the notes first.',
          toolCalls: [
            { name: 'read_file', arguments: { file_path: 'notes.txt' } },
            { name: 'list_directory', arguments: {} },
          ],
        };
      }
      if (view.turn === 1) {
        const notes = view.lastToolResults.find((r) => r.name === 'read_file')?.content ?? '';
        return {
          text: 'Writing the copy now.',
          toolCalls: [
            {
              name: 'write_file',
              arguments: { file_path: 'out.txt', content: notes.toUpperCase() },
            },
          ],
        };
      }
      return { text: 'notes.txt says "buy milk"; I copied it to out.txt in capitals.' };
    });

    const messages: TranscriptMessage[] = [{ role: 'user', content: 'What does notes.txt say?' }];
    const options = { effort: 'low' as const };

    // Turn 1: two tool calls.
    const first = await provider.complete(request({ messages, options }));
    expect(first.stopReason).toBe('tool_calls');
    expect(first.message.content).toBe('');
    expect(first.message.reasoning).toBe('I should read the notes first.');
    expect(first.message.toolCalls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['read_file', { file_path: 'notes.txt' }],
      ['list_directory', {}],
    ]);
    const firstOutput = responseBody(fake, 0).output;
    const firstCallIds = firstOutput
      .filter((i) => i.type === 'function_call')
      .map((i) => i.call_id);
    expect(first.message.toolCalls.map((c) => c.id)).toEqual(firstCallIds);
    expect(firstCallIds.every((id) => id?.startsWith('call_'))).toBe(true);

    const sent = requestBody(fake, 0);
    expect(sent.instructions).toBe(SYSTEM);
    expect(sent.input).toEqual([{ role: 'user', content: 'What does notes.txt say?' }]);
    expect(sent.tools).toEqual(
      TOOLS.map((t) => ({
        type: 'function',
        name: t.name,
        description: t.description,
        parameters: t.parameters,
        strict: false,
      })),
    );
    expect(sent.max_output_tokens).toBe(8192);
    expect(sent.store).toBe(false);
    expect(sent.include).toEqual(['reasoning.encrypted_content']);
    expect(sent.reasoning).toEqual({ effort: 'low' });
    expect(sent).not.toHaveProperty('temperature');
    expect(sent).not.toHaveProperty('max_tokens');

    // The transcript goes through JSON (reports, replays) before it is sent back.
    const [readId, listId] = first.message.toolCalls.map((c) => c.id);
    messages.push(
      JSON.parse(JSON.stringify(first.message)),
      {
        role: 'tool',
        toolCallId: readId ?? '',
        name: 'read_file',
        content: 'buy milk',
        isError: false,
      },
      {
        role: 'tool',
        toolCallId: listId ?? '',
        name: 'list_directory',
        content: 'notes.txt',
        isError: false,
      },
    );

    // Turn 2: the reasoning item (with its encrypted content) and both calls come back verbatim.
    const second = await provider.complete(request({ messages, options }));
    expect(fake.log.requests[1]?.response.status).toBe(200);
    expect(requestBody(fake, 1).input).toEqual([
      { role: 'user', content: 'What does notes.txt say?' },
      ...firstOutput,
      { type: 'function_call_output', call_id: readId, output: 'buy milk' },
      { type: 'function_call_output', call_id: listId, output: 'notes.txt' },
    ]);
    expect(firstOutput[0]?.type).toBe('reasoning');
    expect(firstOutput[0]?.encrypted_content).toMatch(/^gAAAAAB/);
    expect(views[1]?.lastToolResults).toEqual([
      { role: 'tool', toolCallId: readId, name: 'read_file', content: 'buy milk', isError: false },
      {
        role: 'tool',
        toolCallId: listId,
        name: 'list_directory',
        content: 'notes.txt',
        isError: false,
      },
    ]);
    expect(second.stopReason).toBe('tool_calls');
    expect(second.message.content).toBe('Writing the copy now.');
    expect(second.message.reasoning).toBeUndefined();
    expect(second.message.toolCalls).toHaveLength(1);
    expect(JSON.parse(second.message.toolCalls[0]?.arguments ?? '')).toEqual({
      file_path: 'out.txt',
      content: 'BUY MILK',
    });

    // Turn 3: the final answer.
    const writeId = second.message.toolCalls[0]?.id ?? '';
    messages.push(second.message, {
      role: 'tool',
      toolCallId: writeId,
      name: 'write_file',
      content: 'wrote 8 characters',
      isError: false,
    });
    const third = await provider.complete(request({ messages, options }));
    expect(third.stopReason).toBe('end');
    expect(third.message.content).toBe(
      'notes.txt says "buy milk"; I copied it to out.txt in capitals.',
    );
    expect(third.message.toolCalls).toEqual([]);
    const thirdInput = requestBody(fake, 2).input as { type?: string; call_id?: string }[];
    expect(
      thirdInput.filter((i) => i.type === 'function_call_output').map((i) => i.call_id),
    ).toEqual([readId, listId, writeId]);
    expect(thirdInput.filter((i) => i.type === 'reasoning')).toHaveLength(2);
    // The second turn's text went back as its own output message item.
    expect(thirdInput).toContainEqual(
      responseBody(fake, 1).output.find((item) => item.type === 'message'),
    );
    expect(views[2]?.messages[4]).toMatchObject({
      role: 'assistant',
      content: 'Writing the copy now.',
    });
    expect(fake.log.requests.map((r) => r.response.status)).toEqual([200, 200, 200]);
  });

  it('rebuilds input items for a transcript written by another provider (no native data)', async () => {
    let seen: ConversationView | undefined;
    const { fake, provider } = setup((view) => {
      seen = view;
      return { text: 'It says hello.' };
    });
    const result = await provider.complete(
      request({
        messages: [
          { role: 'user', content: 'Read a.txt' },
          {
            role: 'assistant',
            content: 'Let me look.',
            toolCalls: [{ id: 'toolu_01', name: 'read_file', arguments: '{"file_path":"a.txt"}' }],
          },
          {
            role: 'tool',
            toolCallId: 'toolu_01',
            name: 'read_file',
            content: 'hello',
            isError: false,
          },
        ],
      }),
    );
    expect(result.message.content).toBe('It says hello.');
    expect(requestBody(fake, 0).input).toEqual([
      { role: 'user', content: 'Read a.txt' },
      { role: 'assistant', content: 'Let me look.' },
      {
        type: 'function_call',
        call_id: 'toolu_01',
        name: 'read_file',
        arguments: '{"file_path":"a.txt"}',
      },
      { type: 'function_call_output', call_id: 'toolu_01', output: 'hello' },
    ]);
    expect(seen?.messages).toEqual([
      { role: 'user', content: 'Read a.txt' },
      {
        role: 'assistant',
        content: 'Let me look.',
        toolCalls: [{ id: 'toolu_01', name: 'read_file', arguments: { file_path: 'a.txt' } }],
      },
      { role: 'tool', toolCallId: 'toolu_01', name: 'read_file', content: 'hello', isError: false },
    ]);
  });
});

describe('openai provider: over real HTTP', () => {
  it('runs a retried tool turn against the fake served on a 127.0.0.1 port', async () => {
    let calls = 0;
    const fake = createOpenAIFake({
      brain: (view) => {
        calls++;
        if (calls === 1) {
          return {
            error: { status: 429, message: 'Slow down.', headers: { 'retry-after-ms': '10' } },
          };
        }
        return view.turn === 0
          ? { toolCalls: [{ name: 'read_file', arguments: { file_path: 'a.txt' } }] }
          : { text: `a.txt: ${view.lastToolResults[0]?.content}` };
      },
    });
    const served = await serveFake(fake.handler);
    try {
      server.use(http.all(`${served.url}/*`, () => passthrough()));
      const provider = withRetries(
        createOpenAIProvider({ apiKey: 'sk-test', baseURL: `${served.url}/v1` }),
      );
      const first = await provider.complete(request());
      const [call] = first.message.toolCalls;
      const final = await provider.complete(
        request({
          messages: [
            { role: 'user', content: 'What does notes.txt say?' },
            first.message,
            {
              role: 'tool',
              toolCallId: call?.id ?? '',
              name: 'read_file',
              content: 'hi',
              isError: false,
            },
          ],
        }),
      );
      expect(final.message.content).toBe('a.txt: hi');
      expect(fake.log.requests.map((r) => r.response.status)).toEqual([429, 200, 200]);
    } finally {
      await served.close();
    }
  });
});

describe('openai provider: request settings', () => {
  it('reasons where the record says so; effort and temperature go out as asked', async () => {
    const { fake, provider } = setup(() => ({ text: 'ok' }));
    await provider.complete(request({ options: { effort: 'high' } }));
    expect(requestBody(fake, 0)).not.toHaveProperty('temperature');
    expect(requestBody(fake, 0).reasoning).toEqual({ effort: 'high' });
    expect(requestBody(fake, 0).include).toEqual(['reasoning.encrypted_content']);

    // gpt-4.1 is not in the catalog: the cautious default takes no effort and asks no reasoning.
    const result = await provider.complete(
      request({ model: 'gpt-4.1', options: { temperature: 0.2 } }),
    );
    const sent = requestBody(fake, 1);
    expect(sent.temperature).toBe(0.2);
    expect(sent).not.toHaveProperty('reasoning');
    expect(sent).not.toHaveProperty('include');
    expect(result.message.reasoning).toBeUndefined();
    expect(fake.log.requests.map((r) => r.response.status)).toEqual([200, 200]);
  });

  it('reads OPENAI_API_KEY and OPENAI_BASE_URL when no options are given', async () => {
    const base = 'https://openai-proxy.example.test/v1';
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env');
    vi.stubEnv('OPENAI_BASE_URL', base);
    const fake = createOpenAIFake({ brain: () => ({ text: 'hi' }), apiKey: 'sk-from-env' });
    server.use(mswHandler(base, fake.handler));
    const result = await createOpenAIProvider().complete(request());
    expect(result.message.content).toBe('hi');
    expect(fake.log.requests[0]?.request.headers.get('authorization')).toBe('Bearer sk-from-env');
    expect(fake.log.requests[0]?.request.url.href).toBe(`${base}/responses`);
  });
});

describe('openai provider: GPT-6 models', () => {
  it('treats them as reasoning models (by their records): reasoning carried across turns', async () => {
    const { fake, provider } = setup((view) =>
      view.turn === 0
        ? {
            reasoning: 'Look first.',
            toolCalls: [{ name: 'read_file', arguments: { file_path: 'notes.txt' } }],
          }
        : { text: 'Hello' },
    );
    const first = await provider.complete(request({ model: 'gpt-6.1-terra' }));
    const call = first.message.toolCalls[0];
    if (!call) throw new Error('expected a tool call');
    await provider.complete(
      request({
        model: 'gpt-6.1-terra',
        messages: [
          { role: 'user', content: 'What does notes.txt say?' },
          first.message,
          { role: 'tool', toolCallId: call.id, name: call.name, content: 'Hello', isError: false },
        ],
      }),
    );
    const sent = requestBody(fake, 1);
    expect(requestBody(fake, 0)).not.toHaveProperty('temperature');
    expect(sent.include).toEqual(['reasoning.encrypted_content']);
    const echoed = (sent.input as { type: string; encrypted_content?: string }[]).find(
      (item) => item.type === 'reasoning',
    );
    expect(echoed?.encrypted_content).toEqual(expect.any(String));
  });

  it('sends each effort of a model’s range: none and max on Terra, xhigh on Luna, minimal on GPT-5', async () => {
    const { fake, provider } = setup(() => ({ text: 'ok' }));
    await provider.complete(
      request({ model: 'gpt-6.1-terra', options: { effort: 'none', temperature: 0 } }),
    );
    await provider.complete(request({ model: 'gpt-6.1-terra', options: { effort: 'max' } }));
    await provider.complete(request({ model: 'gpt-6-luna', options: { effort: 'xhigh' } }));
    await provider.complete(request({ model: 'gpt-5-nano', options: { effort: 'minimal' } }));
    expect(
      fake.log.requests.map(({ json }) => (json as { reasoning?: unknown }).reasoning),
    ).toEqual([{ effort: 'none' }, { effort: 'max' }, { effort: 'xhigh' }, { effort: 'minimal' }]);
    // temperature at effort none is what Terra takes.
    expect(requestBody(fake, 0).temperature).toBe(0);
    expect(fake.log.requests.map(({ response }) => response.status)).toEqual([200, 200, 200, 200]);
  });

  it('drops reasoning items it cannot send back (no encrypted content) rather than fail', async () => {
    // GPT-6 Sol is not in the catalog: it reasons, but was not asked for encrypted content.
    const { fake, provider } = setup(
      (view) =>
        view.turn === 0
          ? {
              reasoning: 'Look.',
              toolCalls: [{ name: 'read_file', arguments: { file_path: 'a' } }],
            }
          : { text: 'done' },
      { models: ['gpt-6-sol'] },
    );
    const first = await provider.complete(request({ model: 'gpt-6-sol' }));
    expect(requestBody(fake, 0)).not.toHaveProperty('include');
    const call = first.message.toolCalls[0];
    if (!call) throw new Error('expected a tool call');
    const second = await provider.complete(
      request({
        model: 'gpt-6-sol',
        messages: [
          { role: 'user', content: 'What does a say?' },
          first.message,
          { role: 'tool', toolCallId: call.id, name: call.name, content: 'A', isError: false },
        ],
      }),
    );
    expect(second.message.content).toBe('done');
    const input = requestBody(fake, 1).input as { type?: string }[];
    expect(input.map((item) => item.type ?? 'message')).toEqual([
      'message',
      'function_call',
      'function_call_output',
    ]);
  });

  it('counts cache writes as a part of input', async () => {
    const { provider } = setup(() => ({
      text: 'ok',
      usage: { freshInput: 1000, cachedInput: 2000, cacheWrite: 3000, output: 40, reasoning: 60 },
    }));
    const result = await provider.complete(request({ model: 'gpt-6.1-terra' }));
    expect(result.usage).toEqual({
      inputTokens: 6000,
      cachedInputTokens: 2000,
      cacheWriteTokens: 3000,
      outputTokens: 100,
      reasoningTokens: 60,
    });
  });
});

describe('openai provider: usage and stop reasons', () => {
  it('normalises usage: cached tokens inside input, reasoning tokens inside output', async () => {
    const { fake, provider } = setup(() => ({
      text: 'ok',
      reasoning: 'thinking',
      usage: { freshInput: 1200, cachedInput: 3800, output: 150, reasoning: 650 },
    }));
    const result = await provider.complete(request());
    // The wire: input_tokens = 1200 + 3800, output_tokens = 150 + 650.
    expect(responseBody(fake, 0).usage).toEqual({
      input_tokens: 5000,
      input_tokens_details: { cached_tokens: 3800, cache_write_tokens: 0 },
      output_tokens: 800,
      output_tokens_details: { reasoning_tokens: 650 },
      total_tokens: 5800,
    });
    expect(result.usage).toEqual({
      inputTokens: 5000,
      cachedInputTokens: 3800,
      cacheWriteTokens: 0,
      outputTokens: 800,
      reasoningTokens: 650,
    });
  });

  it("reports max_tokens when the response is incomplete for 'max_output_tokens'", async () => {
    const { fake, provider } = setup(() => ({ text: 'The answer is', truncated: true }));
    const result = await provider.complete(request({ maxOutputTokens: 64 }));
    expect(result.stopReason).toBe('max_tokens');
    expect(result.message.content).toBe('The answer is');
    expect(requestBody(fake, 0).max_output_tokens).toBe(64);
  });

  it('reports a refusal content part as a refusal, its text as the content', async () => {
    server.use(
      http.post(`${BASE}/responses`, () =>
        HttpResponse.json({
          id: 'resp_0a1b2c',
          object: 'response',
          status: 'completed',
          error: null,
          incomplete_details: null,
          model: 'gpt-5-mini',
          output: [
            { id: 'rs_1', type: 'reasoning', summary: [], encrypted_content: 'gAAAAABx' },
            {
              id: 'msg_1',
              type: 'message',
              status: 'completed',
              role: 'assistant',
              content: [{ type: 'refusal', refusal: "I'm sorry, I can't help with that." }],
            },
          ],
          usage: {
            input_tokens: 40,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: 12,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: 52,
          },
        }),
      ),
    );
    const provider = createOpenAIProvider({ apiKey: 'sk-test', baseURL: BASE });
    const result = await provider.complete(request());
    expect(result.stopReason).toBe('refusal');
    expect(result.message.content).toBe("I'm sorry, I can't help with that.");
    expect(result.usage.inputTokens).toBe(40);
  });
});

describe('openai provider: errors', () => {
  it('classifies a wrong key as auth (401), keeping OpenAI’s message', async () => {
    const { provider } = setup(() => ({ text: 'never' }), {}, { apiKey: 'sk-wrong-key-0000' });
    const error = await rejection(provider.complete(request()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect((error as ProviderError).providerMessage).toMatch(/^Incorrect API key provided: sk-/);
  });

  it('fails with auth before any request when no key is configured', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const fake = createOpenAIFake({ brain: () => ({ text: 'never' }) });
    server.use(mswHandler(BASE, fake.handler));
    const error = await rejection(createOpenAIProvider({ baseURL: BASE }).complete(request()));
    expect(error).toMatchObject({ kind: 'auth' });
    expect((error as ProviderError).providerMessage).toContain('OPENAI_API_KEY');
    expect(fake.log.requests).toHaveLength(0);
  });

  it('classifies a 400 as bad_request and context_length_exceeded as context_length', async () => {
    let calls = 0;
    const { provider } = setup(() => {
      calls++;
      return calls === 1
        ? { error: { status: 400, message: "Invalid 'input[3].output': string too long." } }
        : {
            error: {
              status: 400,
              type: 'context_length_exceeded',
              message:
                'Your input exceeds the context window of this model. Please adjust your input and try again.',
            },
          };
    });
    await expect(provider.complete(request())).rejects.toMatchObject({
      kind: 'bad_request',
      status: 400,
      providerMessage: "Invalid 'input[3].output': string too long.",
    });
    await expect(provider.complete(request())).rejects.toMatchObject({
      kind: 'context_length',
      status: 400,
    });
  });

  it('classifies an unknown model as not_found with OpenAI’s words', async () => {
    const { fake, provider } = setup(() => ({ text: 'never' }));
    await expect(provider.complete(request({ model: 'gpt-9' }))).rejects.toMatchObject({
      kind: 'not_found',
      status: 404,
      providerMessage: 'The model `gpt-9` does not exist or you do not have access to it.',
    });
    expect(fake.log.requests[0]?.response.body).toMatchObject({
      error: { code: 'model_not_found', type: 'invalid_request_error' },
    });
  });

  it('retries a 429 after retry-after-ms and then succeeds', async () => {
    let calls = 0;
    const { fake, provider } = setup(
      () => {
        calls++;
        if (calls === 1) {
          return {
            error: {
              status: 429,
              message:
                'Rate limit reached for gpt-5-mini on tokens per min (TPM): Limit 200000, Used 199500, Requested 900. Please try again in 10ms.',
              headers: { 'retry-after-ms': '10' },
            },
          };
        }
        return { text: 'after the wait' };
      },
      {},
      {},
      true,
    );
    const result = await provider.complete(request());
    expect(result.message.content).toBe('after the wait');
    expect(fake.log.requests.map((r) => r.response.status)).toEqual([429, 200]);
    expect(fake.log.requests[0]?.response.body).toMatchObject({
      error: { code: 'rate_limit_exceeded' },
    });
  });

  it('does not retry a 429 insufficient_quota, and keeps its message', async () => {
    const { fake, provider } = setup(
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
    await expect(provider.complete(request())).rejects.toMatchObject({
      kind: 'rate_limit',
      status: 429,
      providerMessage:
        'You exceeded your current quota, please check your plan and billing details.',
    });
    expect(fake.log.requests).toHaveLength(1);
  });

  it('retries a 500 up to maxRetries, then classifies it as server', async () => {
    const { fake, provider } = setup(
      () => ({
        error: {
          status: 500,
          message: 'The server had an error while processing your request. Sorry about that!',
          headers: { 'retry-after-ms': '10' },
        },
      }),
      {},
      {},
      true,
    );
    await expect(provider.complete(request())).rejects.toMatchObject({
      kind: 'server',
      status: 500,
      providerMessage: 'The server had an error while processing your request. Sorry about that!',
    });
    expect(fake.log.requests.map((r) => r.response.status)).toEqual([500, 500, 500]);
  });

  it('classifies an overloaded 503 as overloaded', async () => {
    const { provider } = setup(() => ({
      error: {
        status: 503,
        message: 'The engine is currently overloaded, please try again later.',
      },
    }));
    await expect(provider.complete(request())).rejects.toMatchObject({
      kind: 'overloaded',
      status: 503,
    });
  });

  it('classifies a refused connection as network, naming the base URL', async () => {
    const base = await closedPortBase();
    const provider = createOpenAIProvider({ apiKey: 'sk-test', baseURL: base });
    const error = await rejection(provider.complete(request()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as ProviderError).providerMessage).toContain(base);
    expect((error as ProviderError).providerMessage).toContain('ECONNREFUSED');
  });

  it('rejects with the abort, not a ProviderError, when the signal aborts mid-request', async () => {
    let brainCalls = 0;
    const { fake, provider } = setup(() => {
      brainCalls++;
      return { text: 'too late', delayMs: 10_000 };
    });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(provider.complete(request({ signal: controller.signal })));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).not.toBeInstanceOf(ProviderError);
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe('AbortError');
    expect(fake.log.requests).toHaveLength(0);

    const reason = new Error('run timed out');
    const second = new AbortController();
    setTimeout(() => second.abort(reason), 50);
    await expect(provider.complete(request({ signal: second.signal }))).rejects.toBe(reason);
    // Both requests reached the fake and were cancelled while it was still "thinking".
    expect(brainCalls).toBe(2);
  });
});

describe('openai provider: availability', () => {
  it('says missing_key without a key, and makes no request', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const fake = createOpenAIFake({ brain: () => ({ text: 'never' }) });
    server.use(mswHandler(BASE, fake.handler));
    const result = await createOpenAIProvider({ baseURL: BASE }).availability('gpt-5-mini');
    expect(result).toMatchObject({ available: false, reason: 'missing_key' });
    // What a user can do: no public API takes an `apiKey` for the nano agent, so none is offered.
    expect(result.available === false && result.message).toBe(
      'Set OPENAI_API_KEY to run OpenAI models (create a key at https://platform.openai.com/api-keys).',
    );
    expect(fake.log.requests).toHaveLength(0);
  });

  it('asks GET /models/{model}: available, invalid_key, unknown_model', async () => {
    const { fake, provider } = setup(() => ({ text: 'never' }));
    expect(await provider.availability('gpt-5-mini')).toEqual({ available: true });
    const first = fake.log.requests[0]?.request as FakeRequest;
    expect([first.method, first.url.pathname]).toEqual(['GET', '/v1/models/gpt-5-mini']);

    const unknown = await provider.availability('gpt-9');
    expect(unknown).toMatchObject({ available: false, reason: 'unknown_model' });
    expect(unknown.available === false && unknown.message).toContain('gpt-9');

    const wrongKey = createOpenAIProvider({ apiKey: 'sk-wrong-key-0000', baseURL: BASE });
    const invalid = await wrongKey.availability('gpt-5-mini');
    expect(invalid).toMatchObject({ available: false, reason: 'invalid_key' });
    expect(invalid.available === false && invalid.message).toContain('Incorrect API key provided');
  });

  it('says unreachable, with the base URL, when nothing answers', async () => {
    const base = await closedPortBase();
    const result = await createOpenAIProvider({ apiKey: 'sk-test', baseURL: base }).availability(
      'gpt-5-mini',
    );
    expect(result).toMatchObject({ available: false, reason: 'unreachable' });
    expect(result.available === false && result.message).toContain(base);
  });
});

describe('openai fake: rejects what the real API rejects', () => {
  const fake = createOpenAIFake({ brain: () => ({ text: 'ok' }) });

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fake.handler({
      method: 'POST',
      url: new URL(`${BASE}/responses`),
      headers: new Headers({ authorization: 'Bearer sk-test', ...headers }),
      bodyText: JSON.stringify(body),
    });
    return response as {
      status: number;
      body: { error: { message: string; code: string | null } };
    };
  }

  const base = { model: 'gpt-5-mini', store: false, include: ['reasoning.encrypted_content'] };
  const call = { type: 'function_call', call_id: 'call_1', name: 'read_file', arguments: '{}' };

  it('requires the bearer key', async () => {
    const response = await fake.handler({
      method: 'POST',
      url: new URL(`${BASE}/responses`),
      headers: new Headers(),
      bodyText: JSON.stringify({ ...base, input: 'hi' }),
    });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({
      error: {
        type: 'invalid_request_error',
        message: expect.stringContaining("didn't provide an API key"),
      },
    });
  });

  it('pairs function calls with their outputs', async () => {
    const orphan = await post({
      ...base,
      input: [{ type: 'function_call_output', call_id: 'call_x', output: 'hi' }],
    });
    expect(orphan.status).toBe(400);
    expect(orphan.body.error.message).toBe(
      'No tool call found for function call output with call_id call_x.',
    );
    const unanswered = await post({ ...base, input: [{ role: 'user', content: 'hi' }, call] });
    expect(unanswered.status).toBe(400);
    expect(unanswered.body.error.message).toBe('No tool output found for function call call_1.');
  });

  it('accepts only reasoning it encrypted itself when store is false', async () => {
    const forged = await post({
      ...base,
      input: [
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAAABforged' },
        call,
        { type: 'function_call_output', call_id: 'call_1', output: 'x' },
      ],
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('invalid_encrypted_content');
    const bare = await post({
      ...base,
      input: [
        { type: 'reasoning', id: 'rs_1', summary: [] },
        call,
        { type: 'function_call_output', call_id: 'call_1', output: 'x' },
      ],
    });
    expect(bare.status).toBe(404);
    expect(bare.body.error.message).toContain(
      'Items are not persisted when `store` is set to false',
    );
  });

  it('rejects temperature on gpt-5, max_tokens, nested or strict-invalid tools, unknown models', async () => {
    const temperature = await post({ ...base, input: 'hi', temperature: 0.5 });
    expect([temperature.status, temperature.body.error.message]).toEqual([
      400,
      "Unsupported value: 'temperature' does not support 0.5 with this model. Only the default (1) value is supported.",
    ]);
    const maxTokens = await post({ ...base, input: 'hi', max_tokens: 100 });
    expect([maxTokens.status, maxTokens.body.error.code]).toEqual([400, 'unknown_parameter']);
    const nested = await post({
      ...base,
      input: 'hi',
      tools: [{ type: 'function', function: { name: 'read_file', parameters: {} } }],
    });
    expect([nested.status, nested.body.error.message]).toEqual([
      400,
      "Missing required parameter: 'tools[0].name'.",
    ]);
    const strictByDefault = await post({
      ...base,
      input: 'hi',
      tools: [{ type: 'function', name: 'list_directory', parameters: TOOLS[1]?.parameters }],
    });
    expect([strictByDefault.status, strictByDefault.body.error.code]).toEqual([
      400,
      'invalid_function_parameters',
    ]);
    const unknownModel = await post({ ...base, model: 'gpt-9', input: 'hi' });
    expect([unknownModel.status, unknownModel.body.error.code]).toEqual([404, 'model_not_found']);
  });
});
