import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  createAnthropicProvider,
  fromResponse,
  toMessages,
} from '../../src/providers/anthropic/adapter.js';
import { isSpendLimit } from '../../src/providers/anthropic/errors.js';
import {
  type CompletionRequest,
  ProviderError,
  type ToolSchema,
} from '../../src/providers/provider-types.js';
import { DEFAULT_RETRY_POLICY, withRetries } from '../../src/providers/retry-policy.js';
import type { TranscriptMessage } from '../../src/records/agent-run.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain, BrainTurn, ConversationView, FakeResponse } from '../fakes/fake-types.js';
import { mswHandler } from '../fakes/serve-fake.js';
import { closedPortUrl, rejectionOf } from '../fakes/test-support.js';
import { capabilitiesFor } from './request-capabilities.js';

const BASE = 'http://anthropic.test';
const KEY = 'sk-ant-test';
const MODEL = 'claude-sonnet-5';
const SYSTEM = 'You are the nano agent.';
const TOOLS: ToolSchema[] = [
  {
    name: 'read_file',
    description: 'Read a file.',
    parameters: {
      type: 'object',
      properties: { file_path: { type: 'string' } },
      required: ['file_path'],
    },
  },
  {
    name: 'list_directory',
    description: 'List a directory.',
    parameters: { type: 'object', properties: { directory_path: { type: 'string' } } },
  },
];

// Each test sets the brain it needs; the fake stays strict whatever the brain says.
let brain: Brain = () => ({ text: 'ok' });
const fake = createAnthropicFake({ brain: (view) => brain(view) });
const server = setupServer(mswHandler(BASE, fake.handler));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  fake.log.requests.length = 0;
});
afterAll(() => server.close());

/** The adapter on the fake; `retried`: under the retry policy (quick backoff), as the registry gives it out. */
function provider(options: { apiKey?: string; baseURL?: string; retried?: boolean } = {}) {
  const { retried, ...adapterOptions } = options;
  const adapter = createAnthropicProvider({ apiKey: KEY, baseURL: BASE, ...adapterOptions });
  return retried ? withRetries(adapter, QUICK_RETRIES) : adapter;
}
const QUICK_RETRIES = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 1, maxDelayMs: 4 };

function request(messages: TranscriptMessage[], extra: Partial<CompletionRequest> = {}) {
  const model = extra.model ?? MODEL;
  return {
    model,
    system: SYSTEM,
    messages,
    tools: TOOLS,
    maxOutputTokens: 1024,
    capabilities: capabilitiesFor('anthropic', model),
    ...extra,
  } satisfies CompletionRequest;
}

const bodyOf = (index: number) => fake.log.requests[index]?.json as Record<string, unknown>;
const responseOf = (index: number) =>
  fake.log.requests[index]?.response.body as Record<string, unknown>;

/** A brain that answers from a script, one turn per call, and remembers what it saw. */
function scripted(turns: BrainTurn[]): { brain: Brain; seen: ConversationView[] } {
  const seen: ConversationView[] = [];
  return {
    seen,
    brain: (view) => {
      seen.push(view);
      const turn = turns[seen.length - 1];
      if (!turn) throw new Error(`brain asked for turn ${seen.length}, script has ${turns.length}`);
      return turn;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('a multi-turn tool loop through provider.complete', () => {
  test('several tool calls in one turn, results echoed back in order, assistant content verbatim', async () => {
    const script = scripted([
      {
        reasoning: 'Read both files, then list.',
        text: 'Reading both files.',
        toolCalls: [
          { name: 'read_file', arguments: { file_path: 'a.txt' } },
          { name: 'read_file', arguments: { file_path: 'missing.txt' } },
        ],
        usage: { freshInput: 500, output: 40, reasoning: 12 },
      },
      {
        toolCalls: [{ name: 'list_directory', arguments: {} }],
        usage: { freshInput: 80, cachedInput: 500, output: 10 },
      },
      {
        text: 'a.txt says hello; missing.txt does not exist.',
        usage: { freshInput: 30, output: 9 },
      },
    ]);
    brain = script.brain;
    const anthropic = provider();
    const prompt: TranscriptMessage = { role: 'user', content: 'Summarise a.txt and missing.txt' };

    // Turn 1: thinking, text and two tool calls in one response.
    const first = await anthropic.complete(request([prompt], { options: { temperature: 0.2 } }));
    expect(first.stopReason).toBe('tool_calls');
    expect(first.message.content).toBe('Reading both files.');
    expect(first.message.reasoning).toBe('Read both files, then list.');
    expect(first.message.toolCalls.map((call) => [call.name, call.arguments])).toEqual([
      ['read_file', '{"file_path":"a.txt"}'],
      ['read_file', '{"file_path":"missing.txt"}'],
    ]);
    const [readA, readMissing] = first.message.toolCalls;
    expect(readA?.id).toMatch(/^toolu_01\w{22}$/);
    expect(readMissing?.id).not.toBe(readA?.id);
    // 500 in; 40 visible + 12 thinking out.
    expect(first.usage).toEqual({
      inputTokens: 500,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 52,
      reasoningTokens: 12,
    });

    const firstBody = bodyOf(0);
    expect(firstBody.system).toBe(SYSTEM);
    expect(firstBody.max_tokens).toBe(1024);
    expect(firstBody.model).toBe(MODEL);
    expect(firstBody.tools).toEqual([
      {
        name: 'read_file',
        description: 'Read a file.',
        input_schema: {
          type: 'object',
          properties: { file_path: { type: 'string' } },
          required: ['file_path'],
        },
      },
      {
        name: 'list_directory',
        description: 'List a directory.',
        input_schema: { type: 'object', properties: { directory_path: { type: 'string' } } },
      },
    ]);
    // API 2026-10-21 rejects temperature, so it is never sent, even when asked for.
    expect(firstBody).not.toHaveProperty('temperature');
    expect(firstBody.messages).toEqual([{ role: 'user', content: prompt.content }]);
    const headers = fake.log.requests[0]?.request.headers;
    expect(headers?.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(headers?.get('anthropic-version')).toBe('2026-10-21');

    // Turn 2: the results of both calls, one ok, one failed.
    const afterFirst: TranscriptMessage[] = [
      prompt,
      first.message,
      {
        role: 'tool',
        toolCallId: readA?.id ?? '',
        name: 'read_file',
        content: 'hello',
        isError: false,
      },
      {
        role: 'tool',
        toolCallId: readMissing?.id ?? '',
        name: 'read_file',
        content: 'File not found: missing.txt',
        isError: true,
      },
    ];
    const second = await anthropic.complete(request(afterFirst));
    expect(second.stopReason).toBe('tool_calls');
    const secondMessages = bodyOf(1).messages as unknown[];
    expect(secondMessages).toHaveLength(3);
    // The assistant turn goes back exactly as the API sent it: thinking (with its signature),
    // text and both tool_use blocks.
    expect(secondMessages[1]).toEqual({ role: 'assistant', content: responseOf(0).content });
    expect((responseOf(0).content as { type: string }[]).map((block) => block.type)).toEqual([
      'thinking',
      'text',
      'tool_use',
      'tool_use',
    ]);
    expect(secondMessages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: readA?.id, content: 'hello', is_error: false },
        {
          type: 'tool_result',
          tool_use_id: readMissing?.id,
          content: 'File not found: missing.txt',
          is_error: true,
        },
      ],
    });
    expect(script.seen[1]?.lastToolResults).toEqual([
      { role: 'tool', toolCallId: readA?.id, name: 'read_file', content: 'hello', isError: false },
      {
        role: 'tool',
        toolCallId: readMissing?.id,
        name: 'read_file',
        content: 'File not found: missing.txt',
        isError: true,
      },
    ]);
    // 80 fresh + 500 cache reads.
    expect(second.usage.inputTokens).toBe(580);
    expect(second.usage.cachedInputTokens).toBe(500);

    // Turn 3: the last call's result, then the answer.
    const listCall = second.message.toolCalls[0];
    const third = await anthropic.complete(
      request([
        ...afterFirst,
        second.message,
        {
          role: 'tool',
          toolCallId: listCall?.id ?? '',
          name: 'list_directory',
          content: 'a.txt',
          isError: false,
        },
      ]),
    );
    expect(third.stopReason).toBe('end');
    expect(third.message).toMatchObject({
      content: 'a.txt says hello; missing.txt does not exist.',
      toolCalls: [],
    });
    expect(third.message.reasoning).toBeUndefined();
    expect(script.seen[2]?.turn).toBe(2);
    expect((bodyOf(2).messages as unknown[]).length).toBe(5);
    expect(fake.log.requests.map((entry) => entry.response.status)).toEqual([200, 200, 200]);
  });

  test('an assistant message without native data is rebuilt from content and toolCalls', async () => {
    brain = () => ({ text: 'done' });
    const result = await provider().complete(
      request([
        { role: 'user', content: 'go' },
        {
          role: 'assistant',
          content: 'Reading.',
          reasoning: 'no signature to send this with',
          toolCalls: [{ id: 'toolu_handmade', name: 'read_file', arguments: '{"file_path":"a"}' }],
        },
        {
          role: 'tool',
          toolCallId: 'toolu_handmade',
          name: 'read_file',
          content: 'A',
          isError: false,
        },
        { role: 'user', content: 'and now answer' },
      ]),
    );
    expect(result.message.content).toBe('done');
    expect(bodyOf(0).messages).toEqual([
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Reading.' },
          { type: 'tool_use', id: 'toolu_handmade', name: 'read_file', input: { file_path: 'a' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_handmade', content: 'A', is_error: false },
          { type: 'text', text: 'and now answer' },
        ],
      },
    ]);
  });

  test('tool results stay first even when a user message came before them', () => {
    const messages = toMessages([
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 't1', name: 'list_directory', arguments: 'not json' }],
      },
      { role: 'user', content: 'hurry' },
      { role: 'tool', toolCallId: 't1', name: 'list_directory', content: 'x', isError: false },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'go' },
      // Arguments that are not a JSON object cannot be sent as `input`: an empty object goes.
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 't1', name: 'list_directory', input: {} }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'x', is_error: false },
          { type: 'text', text: 'hurry' },
        ],
      },
    ]);
  });
});

describe('usage and stop reasons', () => {
  test('cache reads and writes are added to input; thinking is a part of output', async () => {
    brain = () => ({
      text: 'cached',
      usage: { freshInput: 120, cachedInput: 2000, cacheWrite: 300, output: 45, reasoning: 15 },
    });
    const result = await provider().complete(request([{ role: 'user', content: 'hi' }]));
    // Wire: input_tokens 120, cache_read 2000, cache_creation 300, output_tokens 45 + 15 = 60.
    expect((responseOf(0).usage as Record<string, unknown>).input_tokens).toBe(120);
    expect(result.usage).toEqual({
      inputTokens: 2420, // 120 + 2000 + 300
      cachedInputTokens: 2000,
      cacheWriteTokens: 300,
      outputTokens: 60,
      reasoningTokens: 15,
    });
  });

  test('null and absent usage fields count as 0', () => {
    const result = fromResponse({
      content: [{ type: 'text', text: 'x' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: null },
    });
    expect(result.usage).toEqual({
      inputTokens: 10,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 5,
      reasoningTokens: 0,
    });
  });

  test.for([
    ['end_turn', 'end'],
    ['stop_sequence', 'end'],
    ['tool_use', 'tool_calls'],
    ['max_tokens', 'max_tokens'],
    ['refusal', 'refusal'],
    ['pause_turn', 'pause'],
    ['some_future_reason', 'other'],
  ])('stop_reason %s → %s', ([wire, neutral]) => {
    const result = fromResponse({
      content: [],
      stop_reason: wire,
      usage: { input_tokens: 1, output_tokens: 1 },
    });
    expect(result.stopReason).toBe(neutral);
  });

  test('model_context_window_exceeded is a context_length error', () => {
    let caught: unknown;
    try {
      fromResponse({
        content: [{ type: 'text', text: 'partial' }],
        stop_reason: 'model_context_window_exceeded',
        usage: { input_tokens: 199_000, output_tokens: 1000 },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).kind).toBe('context_length');
  });

  test('a malformed response is a server error, not a crash further on', () => {
    expect(() =>
      fromResponse({
        content: [{ type: 'tool_use', id: 'x', name: 'read_file' }],
        stop_reason: 'tool_use',
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
    ).toThrow(/Unexpected Messages API response/);
  });

  test('a truncated turn stops with max_tokens', async () => {
    brain = () => ({ text: 'The answer is', truncated: true });
    const result = await provider().complete(request([{ role: 'user', content: 'hi' }]));
    expect(responseOf(0).stop_reason).toBe('max_tokens');
    expect(result.stopReason).toBe('max_tokens');
    expect(result.message.content).toBe('The answer is');
  });
});

describe('errors are classified and keep the provider message', () => {
  const ask = (options: Parameters<typeof provider>[0] = {}, model = MODEL) =>
    provider(options).complete(request([{ role: 'user', content: 'hi' }], { model }));

  test('401 with a wrong key → auth, not retried', async () => {
    const error = await rejection(ask({ apiKey: 'sk-ant-wrong', retried: true }));
    expect(error).toMatchObject({
      kind: 'auth',
      status: 401,
      providerMessage: 'invalid x-api-key',
    });
    expect(fake.log.requests).toHaveLength(1);
  });

  test('no key at all → auth error before any request', async () => {
    const previous = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const error = await rejection(ask({ apiKey: '' }));
      expect(error.kind).toBe('auth');
      expect(error.providerMessage).toMatch(/ANTHROPIC_API_KEY/);
      expect(fake.log.requests).toHaveLength(0);
    } finally {
      if (previous !== undefined) process.env.ANTHROPIC_API_KEY = previous;
    }
  });

  test('400 from the strict fake (a tool_use without its result) → bad_request', async () => {
    const error = await rejection(
      provider().complete(
        request([
          { role: 'user', content: 'go' },
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id: 'toolu_orphan', name: 'read_file', arguments: '{"file_path":"a"}' }],
          },
          { role: 'user', content: 'never mind' },
        ]),
      ),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.status).toBe(400);
    expect(error.providerMessage).toBe(
      'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_orphan. Each `tool_use` block must have a corresponding `tool_result` block in the next message.',
    );
  });

  test('400 prompt too long → context_length', async () => {
    brain = () => ({
      error: { status: 400, message: 'prompt is too long: 208310 tokens > 200000 maximum' },
    });
    const error = await rejection(ask());
    expect(error).toMatchObject({
      kind: 'context_length',
      status: 400,
      providerMessage: 'prompt is too long: 208310 tokens > 200000 maximum',
    });
  });

  test('unknown model → not_found with the API message', async () => {
    const error = await rejection(ask({}, 'claude-nonexistent-9'));
    expect(error).toMatchObject({
      kind: 'not_found',
      status: 404,
      providerMessage: 'model: claude-nonexistent-9',
    });
  });

  test('429 with retry-after is retried, then succeeds', async () => {
    let calls = 0;
    brain = () => {
      calls += 1;
      return calls === 1
        ? {
            error: {
              status: 429,
              message: 'This request would exceed the rate limit for your organization.',
              headers: { 'retry-after': '0.01' },
            },
          }
        : { text: 'after the wait' };
    };
    const result = await withRetries(provider()).complete(
      request([{ role: 'user', content: 'hi' }]),
    );
    expect(result.message.content).toBe('after the wait');
    expect(fake.log.requests.map((entry) => entry.response.status)).toEqual([429, 200]);
  });

  test('429 because the spend limit is reached is NOT retried', async () => {
    brain = () => ({
      error: {
        status: 429,
        message:
          'You have reached your specified API usage limits. You will regain access on 2026-12-01 at 00:00 UTC.',
        headers: { 'retry-after': '0.01' },
      },
    });
    const error = await rejection(ask({ retried: true }));
    expect(error.kind).toBe('rate_limit');
    expect(error.status).toBe(429);
    expect(error.providerMessage).toMatch(/API usage limits/);
    expect(fake.log.requests).toHaveLength(1);
  });

  test('the no-retry rule reads the error code as well as the message', () => {
    const body = (code: string, message = 'Limit reached.') => ({
      type: 'error',
      error: { type: 'rate_limit_error', message, details: { error_code: code } },
    });
    expect(isSpendLimit(429, body('enforced_spend_limit_reached'))).toBe(true);
    expect(isSpendLimit(429, body('contract_spend_limit_reached'))).toBe(true);
    expect(isSpendLimit(429, body('ramp_limit_exceeded'))).toBe(false);
    expect(isSpendLimit(429, 'not json')).toBe(false);
    expect(isSpendLimit(500, body('x', 'spend limit reached'))).toBe(false);
  });

  test('500 → server', async () => {
    brain = () => ({ error: { status: 500, message: 'Internal server error' } });
    const error = await rejection(ask());
    expect(error).toMatchObject({
      kind: 'server',
      status: 500,
      providerMessage: 'Internal server error',
    });
    expect((responseOf(0).error as { type: string }).type).toBe('api_error');
  });

  test('529 overloaded is retried, then succeeds', async () => {
    let calls = 0;
    brain = () => {
      calls += 1;
      return calls === 1
        ? { error: { status: 529, message: 'Overloaded', headers: { 'retry-after': '0.01' } } }
        : { text: 'made it' };
    };
    const result = await ask({ retried: true });
    expect(result.message.content).toBe('made it');
    expect(fake.log.requests).toHaveLength(2);
  });

  test('529 that persists → overloaded after the retries', async () => {
    brain = () => ({
      error: { status: 529, message: 'Overloaded', headers: { 'retry-after': '0.01' } },
    });
    const error = await rejection(ask({ retried: true }));
    expect(error).toMatchObject({ kind: 'overloaded', status: 529, providerMessage: 'Overloaded' });
    // The first try and two retries.
    expect(fake.log.requests).toHaveLength(3);
  });

  test('connection refused → network, naming the base URL', async () => {
    const dead = await closedPortUrl();
    server.use(http.all(`${dead}/*`, () => passthrough()));
    const error = await rejection(ask({ baseURL: dead }));
    expect(error.kind).toBe('network');
    expect(error.status).toBeUndefined();
    expect(error.providerMessage).toContain(dead);
    expect(error.providerMessage).toMatch(/ECONNREFUSED/);
  });

  test('a user abort is re-thrown as the abort, not as a network error', async () => {
    brain = () => ({ text: 'too slow', delayMs: 5_000 });
    const controller = new AbortController();
    const reason = new Error('the loop gave up');
    const pending = provider().complete(
      request([{ role: 'user', content: 'hi' }], { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(reason), 30);
    const started = performance.now();
    await expect(pending).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const pending = provider().complete(
      request([{ role: 'user', content: 'hi' }], { signal: controller.signal }),
    );
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.log.requests).toHaveLength(0);
  });
});

describe('availability', () => {
  test('no key → missing_key', async () => {
    const previous = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const availability = await createAnthropicProvider({ baseURL: BASE }).availability(MODEL);
      expect(availability).toMatchObject({ available: false, reason: 'missing_key' });
      expect(availability.available === false && availability.message).toMatch(
        /Set ANTHROPIC_API_KEY/,
      );
    } finally {
      if (previous !== undefined) process.env.ANTHROPIC_API_KEY = previous;
    }
  });

  test('a known model with a good key → available (GET /v1/models/{id})', async () => {
    expect(await provider().availability(MODEL)).toEqual({ available: true });
    expect(fake.log.requests[0]?.request.url.pathname).toBe(`/v1/models/${MODEL}`);
  });

  test('a rejected key → invalid_key', async () => {
    const availability = await provider({ apiKey: 'sk-ant-wrong' }).availability(MODEL);
    expect(availability).toMatchObject({ available: false, reason: 'invalid_key' });
    expect(availability.available === false && availability.message).toMatch(/invalid x-api-key/);
  });

  test('an unknown model → unknown_model', async () => {
    const availability = await provider().availability('claude-nonexistent-9');
    expect(availability).toMatchObject({ available: false, reason: 'unknown_model' });
    expect(availability.available === false && availability.message).toMatch(
      /claude-nonexistent-9/,
    );
  });

  test('nothing listening → unreachable, naming the base URL', async () => {
    const dead = await closedPortUrl();
    server.use(http.all(`${dead}/*`, () => passthrough()));
    const availability = await provider({ baseURL: dead }).availability(MODEL);
    expect(availability).toMatchObject({ available: false, reason: 'unreachable' });
    expect(availability.available === false && availability.message).toContain(dead);
  });

  test('a model the API lists as retired → retired', async () => {
    server.use(
      http.get(`${BASE}/v1/models/claude-3-haiku-20240307`, () =>
        HttpResponse.json({
          type: 'model',
          id: 'claude-3-haiku-20240307',
          display_name: 'Claude Haiku 3',
          created_at: '2024-03-07T00:00:00Z',
          capabilities: null,
          deprecated_at: '2025-10-07T00:00:00Z',
          lifecycle: 'retired',
          line: 'haiku',
          max_input_tokens: 200000,
          max_tokens: 4096,
          retires_at: null,
        }),
      ),
    );
    const availability = await provider().availability('claude-3-haiku-20240307');
    expect(availability).toMatchObject({ available: false, reason: 'retired' });
  });
});

describe('the strict fake itself', () => {
  const valid = {
    model: MODEL,
    max_tokens: 100,
    messages: [{ role: 'user', content: 'hi' }],
  };
  function send(
    body: unknown,
    headers: Record<string, string | null> = {},
    init: { path?: string; method?: string } = {},
  ): Promise<FakeResponse> {
    const all = new Headers({ 'content-type': 'application/json' });
    const merged = { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', ...headers };
    for (const [name, value] of Object.entries(merged)) if (value !== null) all.set(name, value);
    const method = init.method ?? 'POST';
    return fake.handler({
      method,
      url: new URL(init.path ?? '/v1/messages', BASE),
      headers: all,
      bodyText: method === 'GET' ? '' : JSON.stringify(body),
    });
  }
  const errorOf = (response: FakeResponse) =>
    (response.body as { error: { type: string; message: string } }).error;

  test('accepts both auth conventions: x-api-key (SDK 0.x) and Authorization: Bearer (SDK 1.x)', async () => {
    brain = () => ({ text: 'hello' });
    const legacy = await send(valid, { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' });
    const current = await send(valid, {
      'x-api-key': null,
      authorization: `Bearer ${KEY}`,
      'anthropic-version': '2026-10-21',
    });
    expect([legacy.status, current.status]).toEqual([200, 200]);
    expect(current.body).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: 'hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect((current.body as { id: string }).id).toMatch(/^msg_01\w{22}$/);
    expect(current.headers?.['request-id']).toMatch(/^req_01/);
  });

  test('a wrong or missing key → 401 in the API error shape', async () => {
    const wrong = await send(valid, { 'x-api-key': null, authorization: 'Bearer sk-ant-nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
      request_id: wrong.headers?.['request-id'],
    });
    const missing = await send(valid, { 'x-api-key': null });
    expect(missing.status).toBe(401);
    expect(errorOf(missing).message).toBe('x-api-key header is required');
  });

  test('anthropic-version is required', async () => {
    const response = await send(valid, { 'anthropic-version': null });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toEqual({
      type: 'invalid_request_error',
      message: 'anthropic-version: header is required',
    });
  });

  test.for([
    [{ ...valid, max_tokens: undefined }, 'max_tokens: Field required'],
    [{ ...valid, max_tokens: 1.5 }, 'max_tokens: Input should be a valid integer'],
    [{ ...valid, max_tokens: -1 }, 'max_tokens: Input should be greater than or equal to 0'],
    [{ ...valid, model: undefined }, 'model: Field required'],
    [{ ...valid, top_logprobs: 3 }, 'top_logprobs: Extra inputs are not permitted'],
    [{ ...valid, temperature: 1.5 }, 'temperature: Input should be less than or equal to 1'],
    [{ ...valid, messages: [] }, 'messages: at least one message is required'],
    [
      { ...valid, messages: [{ role: 'assistant', content: 'hi' }] },
      'messages: first message must use the "user" role',
    ],
    [
      { ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      'messages.0.content.0.text: Field required',
    ],
    [
      { ...valid, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] },
      "messages.0.content.0: Input tag 'video' found using 'type' does not match any of the expected tags: 'text', 'thinking', 'redacted_thinking', 'tool_use', 'tool_result'",
    ],
    [
      { ...valid, tools: [{ name: 'read_file', input_schema: { properties: {} } }] },
      'tools.0.input_schema.type: Field required',
    ],
    [
      { ...valid, tools: [{ name: 'read file', input_schema: { type: 'object' } }] },
      "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'",
    ],
  ])('400 for %j', async ([body, message]) => {
    const response = await send(body);
    expect(response.status).toBe(400);
    expect(errorOf(response)).toEqual({ type: 'invalid_request_error', message });
  });

  test('temperature: accepted on 2023-06-01, an extra input on 2026-10-21', async () => {
    brain = () => ({ text: 'ok' });
    const old = await send({ ...valid, temperature: 0.5 }, { 'anthropic-version': '2023-06-01' });
    expect(old.status).toBe(200);
    const current = await send({ ...valid, temperature: 1 }, { 'anthropic-version': '2026-10-21' });
    expect(current.status).toBe(400);
    expect(errorOf(current).message).toBe('temperature: Extra inputs are not permitted');
  });

  test('unknown model → 404 not_found_error "model: …", on messages and on models', async () => {
    const messages = await send({ ...valid, model: 'claude-nope' });
    expect(messages.status).toBe(404);
    expect(errorOf(messages)).toEqual({ type: 'not_found_error', message: 'model: claude-nope' });
    const retrieve = await send(undefined, {}, { path: '/v1/models/claude-nope', method: 'GET' });
    expect(retrieve.status).toBe(404);
    const known = await send(undefined, {}, { path: `/v1/models/${MODEL}`, method: 'GET' });
    expect(known.body).toMatchObject({ type: 'model', id: MODEL, lifecycle: 'active' });
  });

  const withTools = (messages: unknown[]) => ({
    ...valid,
    tools: [{ name: 'read_file', input_schema: { type: 'object' } }],
    messages,
  });
  const toolUse = (id: string) => ({ type: 'tool_use', id, name: 'read_file', input: {} });
  const toolResult = (id: string) => ({ type: 'tool_result', tool_use_id: id, content: 'x' });

  test('a tool_result must answer a tool_use of the turn right before it', async () => {
    const response = await send(
      withTools([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [toolUse('toolu_a')] },
        { role: 'user', content: [toolResult('toolu_a'), toolResult('toolu_b')] },
      ]),
    );
    expect(response.status).toBe(400);
    expect(errorOf(response).message).toBe(
      'messages.2.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_b. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    );
  });

  test('every tool_use must be answered', async () => {
    const response = await send(
      withTools([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [toolUse('toolu_a'), toolUse('toolu_b')] },
        { role: 'user', content: [toolResult('toolu_a')] },
      ]),
    );
    expect(errorOf(response).message).toMatch(
      /^messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_b\./,
    );
  });

  test('tool_result blocks come first in their user message', async () => {
    const response = await send(
      withTools([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [toolUse('toolu_a')] },
        { role: 'user', content: [{ type: 'text', text: 'here:' }, toolResult('toolu_a')] },
      ]),
    );
    expect(response.status).toBe(400);
    expect(errorOf(response).message).toMatch(
      /^messages\.2\.content\.1: `tool_result` blocks must come first/,
    );
  });

  test('tool blocks need tools defined', async () => {
    const response = await send({
      ...valid,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [toolUse('toolu_a')] },
        { role: 'user', content: [toolResult('toolu_a')] },
      ],
    });
    expect(errorOf(response).message).toBe(
      'Requests which include `tool_use` or `tool_result` blocks must define tools.',
    );
  });

  test('consecutive same-role messages are combined, as the API documents', async () => {
    const script = scripted([{ text: 'ok' }]);
    brain = script.brain;
    const response = await send({
      ...valid,
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: 'two' },
      ],
    });
    expect(response.status).toBe(200);
    expect(script.seen[0]?.messages).toEqual([{ role: 'user', content: 'one\ntwo' }]);
  });

  test('thinking blocks must come back unmodified and must not be dropped mid tool loop', async () => {
    brain = () => ({
      reasoning: 'plan',
      toolCalls: [{ name: 'read_file', arguments: { file_path: 'a' } }],
    });
    const first = await send(withTools([{ role: 'user', content: 'go' }]));
    const content = (first.body as { content: Record<string, unknown>[] }).content;
    const [thinking, call] = content;
    expect(thinking).toMatchObject({ type: 'thinking', thinking: 'plan' });
    expect(call).toMatchObject({ type: 'tool_use', name: 'read_file', input: { file_path: 'a' } });
    const id = String(call?.id);

    brain = () => ({ text: 'done' });
    const echoed = await send(
      withTools([
        { role: 'user', content: 'go' },
        { role: 'assistant', content },
        { role: 'user', content: [toolResult(id)] },
      ]),
    );
    expect(echoed.status).toBe(200);

    const tampered = await send(
      withTools([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ ...thinking, thinking: 'edited plan' }, call] },
        { role: 'user', content: [toolResult(id)] },
      ]),
    );
    expect(errorOf(tampered).message).toBe(
      'messages.1.content.0: Invalid `signature` in `thinking` block',
    );

    const dropped = await send(
      withTools([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [call] },
        { role: 'user', content: [toolResult(id)] },
      ]),
    );
    expect(errorOf(dropped).message).toMatch(
      /^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/,
    );
  });

  test('tool arguments that are not a JSON object arrive as {} (input is always an object)', async () => {
    brain = () => ({
      toolCalls: [
        { name: 'read_file', arguments: '{"file_path": ' },
        { name: 'read_file', arguments: '{"file_path":"a"}' },
      ],
    });
    const result = await provider().complete(request([{ role: 'user', content: 'go' }]));
    expect(result.message.toolCalls.map((call) => call.arguments)).toEqual([
      '{}',
      '{"file_path":"a"}',
    ]);
  });

  test('a brain error is answered with its status, the API error shape and a request-id', async () => {
    brain = () => ({ error: { status: 529, message: 'Overloaded' } });
    const response = await send(valid);
    expect(response.status).toBe(529);
    expect(response.body).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: response.headers?.['request-id'],
    });
    expect(response.headers?.['request-id']).toMatch(/^req_01/);
  });
});
