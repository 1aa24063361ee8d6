// A forced tool call (`toolChoice`) as each provider sends it and each strict fake checks it, and
// how each adapter refuses one where the model's record says its API does not take it.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createAnthropicProvider } from '../../src/providers/anthropic/adapter.js';
import { createOllamaProvider } from '../../src/providers/ollama/adapter.js';
import { createOpenAIProvider } from '../../src/providers/openai/adapter.js';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible/adapter.js';
import {
  type CompletionRequest,
  ProviderError,
  type ToolSchema,
} from '../../src/providers/provider-types.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain, ConversationView, FakeHandler } from '../fakes/fake-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';
import { rejectionOf } from '../fakes/test-support.js';
import { capabilitiesFor } from './request-capabilities.js';

const OPENAI = 'https://openai.choice.test/v1';
const ANTHROPIC = 'https://anthropic.choice.test';
const OLLAMA = 'http://ollama.choice.test:11434';

const ANSWER: ToolSchema = {
  name: 'answer',
  description: 'Give the answer.',
  parameters: {
    type: 'object',
    properties: { value: { type: 'string' } },
    required: ['value'],
    additionalProperties: false,
  },
};
const READ_FILE: ToolSchema = {
  name: 'read_file',
  description: 'Read a file.',
  parameters: { type: 'object', properties: { file_path: { type: 'string' } } },
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Chat Completions servers the catalog does not list: declared able to force a call. */
const FORCING_SERVER = {
  ...capabilitiesFor('openai-compatible', 'gpt-4.1-mini'),
  toolChoice: ['auto' as const, 'none' as const, 'required' as const, 'tool' as const],
};

function request(model: string, overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  const provider = model.startsWith('claude')
    ? 'anthropic'
    : model.startsWith('gpt-oss')
      ? 'ollama'
      : model.startsWith('gpt-4')
        ? 'openai-compatible'
        : 'openai';
  return {
    model,
    capabilities:
      provider === 'openai-compatible' ? FORCING_SERVER : capabilitiesFor(provider, model),
    system: 'Answer with the tool.',
    messages: [{ role: 'user', content: 'What is 2 + 2?' }],
    tools: [READ_FILE, ANSWER],
    toolChoice: { name: 'answer' },
    maxOutputTokens: 1024,
    ...overrides,
  };
}

/** A brain that records what it saw and answers 4 through the `answer` tool (with some chatter). */
function answeringBrain(): { brain: Brain; seen: ConversationView[] } {
  const seen: ConversationView[] = [];
  return {
    seen,
    brain: (view) => {
      seen.push(view);
      if (view.toolNames.length === 0) return { text: '{"value":"4"}' };
      return { text: 'Let me answer.', toolCalls: [{ name: 'answer', arguments: { value: '4' } }] };
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await rejectionOf(promise);
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${error}`);
  return error;
}

const post = (handler: FakeHandler, url: string, headers: Record<string, string>, body: unknown) =>
  handler({
    method: 'POST',
    url: new URL(url),
    headers: new Headers({ 'content-type': 'application/json', ...headers }),
    bodyText: JSON.stringify(body),
  });

describe('OpenAI Responses: tool_choice {type, name}', () => {
  test('forces the call: the fake sees the flat shape and answers with the call alone', async () => {
    const { brain, seen } = answeringBrain();
    const fake = createOpenAIFake({ brain });
    server.use(mswHandler(OPENAI, fake.handler));
    const provider = createOpenAIProvider({ apiKey: 'sk-test', baseURL: OPENAI });
    const result = await provider.complete(request('gpt-5-mini'));
    expect(seen[0]?.raw.tool_choice).toEqual({ type: 'function', name: 'answer' });
    expect(result.message.toolCalls).toEqual([
      { id: expect.stringMatching(/^call_/), name: 'answer', arguments: '{"value":"4"}' },
    ]);
    // Constrained to the call: the brain's chatter never reaches the wire.
    expect(result.message.content).toBe('');
    expect(result.stopReason).toBe('tool_calls');
  });

  test('a tool_choice naming no offered tool is a 400 bad_request, in OpenAI’s words', async () => {
    const fake = createOpenAIFake({ brain: answeringBrain().brain });
    server.use(mswHandler(OPENAI, fake.handler));
    const provider = createOpenAIProvider({ apiKey: 'sk-test', baseURL: OPENAI });
    const error = await rejection(
      provider.complete(request('gpt-5-mini', { toolChoice: { name: 'grade' } })),
    );
    expect(error).toMatchObject({
      kind: 'bad_request',
      status: 400,
      providerMessage: "Tool choice 'grade' not found in 'tools' parameter.",
    });
  });

  test('the fake rejects the nested Chat Completions shape and unknown modes', async () => {
    const fake = createOpenAIFake({ brain: answeringBrain().brain });
    const send = (toolChoice: unknown) =>
      post(
        fake.handler,
        `${OPENAI}/responses`,
        { authorization: 'Bearer sk-test' },
        {
          model: 'gpt-5-mini',
          input: 'hi',
          tools: [{ type: 'function', name: 'answer', parameters: ANSWER.parameters }],
          tool_choice: toolChoice,
        },
      );
    const nested = await send({ type: 'function', function: { name: 'answer' } });
    expect([nested.status, nested.body]).toEqual([
      400,
      {
        error: {
          message: "Unknown parameter: 'tool_choice.function'.",
          type: 'invalid_request_error',
          param: 'tool_choice.function',
          code: 'unknown_parameter',
        },
      },
    ]);
    const mode = await send('always');
    expect(mode.status).toBe(400);
    expect(mode.body).toMatchObject({ error: { code: 'invalid_value', param: 'tool_choice' } });
  });
});

describe('Chat Completions: tool_choice {type, function: {name}}', () => {
  test('forces the call, and temperature 0 reaches a model that takes it', async () => {
    const { brain, seen } = answeringBrain();
    const fake = createOpenAIFake({ brain });
    server.use(mswHandler(OPENAI, fake.handler));
    const provider = createOpenAICompatibleProvider({ baseURL: OPENAI, apiKey: 'sk-test' });
    const result = await provider.complete(
      request('gpt-4.1-mini', { options: { temperature: 0 } }),
    );
    expect(seen[0]?.raw.tool_choice).toEqual({ type: 'function', function: { name: 'answer' } });
    expect(seen[0]?.raw.temperature).toBe(0);
    expect(result.message.toolCalls.map((call) => [call.name, call.arguments])).toEqual([
      ['answer', '{"value":"4"}'],
    ]);
    expect(result.message.content).toBe('');
  });

  test('a forced function that is not offered is a 400, as is tool_choice without tools', async () => {
    const fake = createOpenAIFake({ brain: answeringBrain().brain });
    server.use(mswHandler(OPENAI, fake.handler));
    const provider = createOpenAICompatibleProvider({ baseURL: OPENAI, apiKey: 'sk-test' });
    const unknown = await rejection(
      provider.complete(request('gpt-4.1-mini', { toolChoice: { name: 'grade' } })),
    );
    expect(unknown).toMatchObject({
      kind: 'bad_request',
      providerMessage: "Invalid value for 'tool_choice': function 'grade' not found in 'tools'.",
    });
    const noTools = await rejection(provider.complete(request('gpt-4.1-mini', { tools: [] })));
    expect(noTools.providerMessage).toBe(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
    );
  });

  test('the fake rejects the flat Responses shape', async () => {
    const fake = createOpenAIFake({ brain: answeringBrain().brain });
    const response = await post(
      fake.handler,
      `${OPENAI}/chat/completions`,
      { authorization: 'Bearer sk-test' },
      {
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [{ type: 'function', function: { name: 'answer', parameters: ANSWER.parameters } }],
        tool_choice: { type: 'function', name: 'answer' },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { message: "Unknown parameter: 'tool_choice.name'.", code: 'unknown_parameter' },
    });
  });
});

describe('Anthropic Messages: tool_choice {type: tool, name}', () => {
  // Haiku 5.5 thinks by default; a forced call skips the thinking.
  const MODEL = 'claude-haiku-5-5';

  test('forces the call: no thinking, no text, stop_reason tool_use', async () => {
    const seen: ConversationView[] = [];
    const fake = createAnthropicFake({
      brain: (view) => {
        seen.push(view);
        return {
          reasoning: 'Two and two make four.',
          text: 'Here it is.',
          toolCalls: [{ name: 'answer', arguments: { value: '4' } }],
        };
      },
    });
    server.use(mswHandler(ANTHROPIC, fake.handler));
    const provider = createAnthropicProvider({ apiKey: 'sk-ant-test', baseURL: ANTHROPIC });
    const result = await provider.complete(request(MODEL));
    const body = seen[0]?.raw ?? {};
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'answer' });
    // API version 2026-10-21 rejects temperature: nothing sends it.
    expect(body).not.toHaveProperty('temperature');
    const wire = fake.log.requests[0]?.response.body as { content: { type: string }[] };
    expect(wire.content.map((block) => block.type)).toEqual(['tool_use']);
    expect(result.message.toolCalls.map((call) => [call.name, call.arguments])).toEqual([
      ['answer', '{"value":"4"}'],
    ]);
    expect(result.message.reasoning).toBeUndefined();
    expect(result.stopReason).toBe('tool_calls');
  });

  test('a forced tool that is not offered is a 400, in Anthropic’s words', async () => {
    const fake = createAnthropicFake({ brain: answeringBrain().brain });
    server.use(mswHandler(ANTHROPIC, fake.handler));
    const provider = createAnthropicProvider({
      apiKey: 'sk-ant-test',
      baseURL: ANTHROPIC,
    });
    const error = await rejection(provider.complete(request(MODEL, { toolChoice: { name: 'x' } })));
    expect(error).toMatchObject({
      kind: 'bad_request',
      status: 400,
      providerMessage: "Tool 'x' not found in provided tools",
    });
  });

  test.for(['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-fable-5-1'])(
    '%s takes no forced call: refused before any request, as its API would',
    async (model) => {
      const fake = createAnthropicFake({ brain: answeringBrain().brain });
      server.use(mswHandler(ANTHROPIC, fake.handler));
      const provider = createAnthropicProvider({ apiKey: 'sk-ant-test', baseURL: ANTHROPIC });
      const error = await rejection(provider.complete(request(model)));
      expect(error.kind).toBe('bad_request');
      expect(error.providerMessage).toMatch(
        new RegExp(
          `^${model} does not take a forced tool call \\(tool_choice accepted: auto, none\\)`,
        ),
      );
      expect(fake.log.requests).toHaveLength(0);
    },
  );

  test('the fake refuses tool_choice without tools, and forced use with thinking', async () => {
    const fake = createAnthropicFake({ brain: answeringBrain().brain });
    const send = (extra: Record<string, unknown>) =>
      post(
        fake.handler,
        `${ANTHROPIC}/v1/messages`,
        { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
        {
          model: 'claude-sonnet-4-6',
          max_tokens: 2048,
          messages: [{ role: 'user', content: 'hi' }],
          ...extra,
        },
      );
    const noTools = await send({ tool_choice: { type: 'tool', name: 'answer' } });
    expect([noTools.status, noTools.body]).toMatchObject([
      400,
      {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'tool_choice may only be specified while providing tools.',
        },
      },
    ]);
    const tools = [{ name: 'answer', input_schema: ANSWER.parameters }];
    const thinking = await send({
      tools,
      tool_choice: { type: 'tool', name: 'answer' },
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(thinking.status).toBe(400);
    expect(thinking.body).toMatchObject({
      error: { message: 'Thinking may not be enabled when tool_choice forces tool use.' },
    });
  });
});

describe('Ollama: no tool_choice; structured output (format) instead', () => {
  test('responseFormat sends the schema as `format`, no tools, and returns the JSON as text', async () => {
    const { brain, seen } = answeringBrain();
    const fake = createOllamaFake({ brain, models: ['gpt-oss:120b'] });
    server.use(mswHandler(OLLAMA, fake.handler));
    const result = await createOllamaProvider({ host: OLLAMA }).complete(
      request('gpt-oss:120b', {
        toolChoice: undefined,
        tools: [],
        responseFormat: { name: 'answer', schema: ANSWER.parameters },
        options: { temperature: 0 },
      }),
    );
    const body = seen[0]?.raw ?? {};
    expect(body.format).toEqual(ANSWER.parameters);
    expect(body).not.toHaveProperty('tools');
    expect(body.options).toEqual({ num_ctx: 131_072, num_predict: 1024, temperature: 0 });
    expect(result.message).toMatchObject({
      role: 'assistant',
      content: '{"value":"4"}',
      toolCalls: [],
    });
    expect(result.stopReason).toBe('end');
  });

  test('a truncated structured reply is the cut JSON, stopped at max_tokens, for the caller to reject', async () => {
    const fake = createOllamaFake({
      brain: () => ({ text: '{"value":"fo', truncated: true }),
      models: ['gpt-oss:120b'],
    });
    server.use(mswHandler(OLLAMA, fake.handler));
    const result = await createOllamaProvider({ host: OLLAMA }).complete(
      request('gpt-oss:120b', {
        toolChoice: undefined,
        tools: [],
        responseFormat: { name: 'answer', schema: ANSWER.parameters },
      }),
    );
    expect(result.message.content).toBe('{"value":"fo');
    expect(result.stopReason).toBe('max_tokens');
  });

  test('a forced tool call is refused before any request: /api/chat has no tool_choice', async () => {
    const fake = createOllamaFake({ brain: answeringBrain().brain, models: ['gpt-oss:120b'] });
    server.use(mswHandler(OLLAMA, fake.handler));
    const error = await rejection(
      createOllamaProvider({ host: OLLAMA }).complete(request('gpt-oss:120b')),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.providerMessage).toBe(
      'gpt-oss:120b does not take a forced tool call (tool_choice accepted: auto); offer the tool with tool_choice auto, or ask for structured output',
    );
    expect(
      fake.log.requests.filter(({ request }) => request.url.pathname === '/api/chat'),
    ).toHaveLength(0);
  });

  test('the fake fails a format that is neither "json" nor a schema object, as the runner does', async () => {
    const fake = createOllamaFake({ brain: answeringBrain().brain, models: ['gpt-oss:120b'] });
    const response = await post(
      fake.handler,
      `${OLLAMA}/api/chat`,
      {},
      {
        model: 'gpt-oss:120b',
        messages: [{ role: 'user', content: 'hi' }],
        format: 'yaml',
        stream: false,
      },
    );
    expect(response).toMatchObject({
      status: 500,
      body: {
        error: 'invalid format: "\\"yaml\\""; expected "json" or a valid JSON Schema object',
      },
    });
  });
});
