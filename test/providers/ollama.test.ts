import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createOllamaProvider } from '../../src/providers/ollama/adapter.js';
import {
  canonicalOllamaModel,
  resolveOllamaHost,
} from '../../src/providers/ollama/ollama-client.js';
import {
  type CompletionRequest,
  ProviderError,
  type ToolSchema,
} from '../../src/providers/provider-types.js';
import type { TranscriptMessage } from '../../src/records/agent-run.js';
import type { Brain, BrainTurn, FakeLog, FakeRequest, FakeResponse } from '../fakes/fake-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { mswHandler, serveFake } from '../fakes/serve-fake.js';
import { rejectionOf } from '../fakes/test-support.js';
import { capabilitiesFor } from './request-capabilities.js';

const HOST = 'http://ollama.test:11434';
const SYSTEM = 'You are the nano agent.';
const READ_FILE: ToolSchema = {
  name: 'read_file',
  description: 'Read a file of the workspace.',
  parameters: {
    type: 'object',
    properties: { file_path: { type: 'string', description: 'Path inside the workspace.' } },
    required: ['file_path'],
  },
};

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  const model = overrides.model ?? 'gpt-oss:20b';
  return {
    model,
    capabilities: capabilitiesFor('ollama', model),
    system: SYSTEM,
    messages: [{ role: 'user', content: 'What do a.txt and b.txt say?' }],
    tools: [READ_FILE],
    maxOutputTokens: 512,
    ...overrides,
  };
}

describe('resolveOllamaHost follows OLLAMA_HOST conventions', () => {
  test.for([
    [undefined, 'http://127.0.0.1:11434'],
    ['', 'http://127.0.0.1:11434'],
    ['127.0.0.1:11434', 'http://127.0.0.1:11434'],
    ['0.0.0.0', 'http://0.0.0.0:11434'],
    [':8080', 'http://127.0.0.1:8080'],
    ['gpu-box', 'http://gpu-box:11434'],
    ['gpu-box:80', 'http://gpu-box:80'],
    ['"gpu-box:9000"', 'http://gpu-box:9000'],
    ['  http://gpu-box  ', 'http://gpu-box:80'],
    ['https://ollama.example.com/', 'https://ollama.example.com:443'],
    ['https://ollama.example.com/proxy/ollama/', 'https://ollama.example.com:443/proxy/ollama'],
    ['[::1]:11500', 'http://[::1]:11500'],
  ] as const)('%j → %s', ([raw, expected]) => {
    expect(resolveOllamaHost(raw)).toBe(expected);
  });
});

describe('canonicalOllamaModel compares names like Ollama', () => {
  test.for([
    ['gpt-oss', 'gpt-oss:latest'],
    ['GPT-OSS:20B', 'gpt-oss:20b'],
    ['library/gpt-oss:20b', 'gpt-oss:20b'],
    ['registry.ollama.ai/library/llama3.2', 'llama3.2:latest'],
    ['hf.co/unsloth/gpt-oss-20b-GGUF:Q4_K_M', 'hf.co/unsloth/gpt-oss-20b-gguf:q4_k_m'],
    ['localhost:5000/team/model', 'localhost:5000/team/model:latest'],
  ] as const)('%s → %s', ([name, expected]) => {
    expect(canonicalOllamaModel(name)).toBe(expected);
  });
});

describe('the ollama provider against the strict fake (msw)', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  /** Serves a fresh fake for this test and returns its log. */
  function useFake(brain: Brain, models = ['gpt-oss:20b', 'llama3.2', 'qwen3:8b']) {
    const fake = createOllamaFake({ brain, models });
    server.use(mswHandler(HOST, fake.handler));
    return fake.log;
  }

  /** The /api/chat requests of a log (the provider asks /api/show once per model and host). */
  const chats = (log: FakeLog) =>
    log.requests.filter((entry) => entry.request.url.pathname === '/api/chat');

  const provider = () => createOllamaProvider({ host: HOST });

  test('runs a two-tool-call turn and answers it, with the wire shapes Ollama expects', async () => {
    const log = useFake((view): BrainTurn => {
      if (view.turn === 0) {
        return {
          reasoning: 'I need both files.',
          toolCalls: [
            { name: 'read_file', arguments: { file_path: 'a.txt' } },
            { name: 'read_file', arguments: { file_path: 'b.txt' } },
          ],
          usage: { freshInput: 120, output: 30, reasoning: 12 },
        };
      }
      const [a, b] = view.lastToolResults;
      return {
        reasoning: 'Both files are read.',
        text: `a.txt says ${a?.content}, b.txt says ${b?.content}`,
        usage: { freshInput: 150, cachedInput: 50, output: 9, reasoning: 4 },
      };
    });
    const ollama = provider();
    const messages: TranscriptMessage[] = [
      { role: 'user', content: 'What do a.txt and b.txt say?' },
    ];

    const first = await ollama.complete(request({ messages }));
    expect(first.stopReason).toBe('tool_calls');
    expect(first.message).toEqual({
      role: 'assistant',
      content: '',
      reasoning: 'I need both files.',
      toolCalls: [
        { id: 'call_1_0', name: 'read_file', arguments: '{"file_path":"a.txt"}' },
        { id: 'call_1_1', name: 'read_file', arguments: '{"file_path":"b.txt"}' },
      ],
      // The prompt tokens Ollama kept, for the next turn's check that nothing was cut.
      native: { ollama: { promptEvalCount: 120 } },
    });
    // eval_count = 30 + 12 (thinking is not split out by Ollama).
    expect(first.usage).toEqual({
      inputTokens: 120,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 42,
      reasoningTokens: 0,
    });

    messages.push(
      first.message,
      { role: 'tool', toolCallId: 'call_1_0', name: 'read_file', content: 'alpha', isError: false },
      { role: 'tool', toolCallId: 'call_1_1', name: 'read_file', content: 'beta', isError: false },
    );
    const second = await ollama.complete(request({ messages }));
    expect(second.stopReason).toBe('end');
    expect(second.message).toEqual({
      role: 'assistant',
      content: 'a.txt says alpha, b.txt says beta',
      reasoning: 'Both files are read.',
      toolCalls: [],
      native: { ollama: { promptEvalCount: 200 } },
    });
    // prompt_eval_count = 150 + 50 (Ollama does not report cache hits); eval_count = 9 + 4.
    expect(second.usage).toEqual({
      inputTokens: 200,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 13,
      reasoningTokens: 0,
    });

    expect(chats(log)).toHaveLength(2);
    const sent = chats(log)[1]?.json as Record<string, unknown>;
    expect(sent).toEqual({
      model: 'gpt-oss:20b',
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: 'What do a.txt and b.txt say?' },
        {
          role: 'assistant',
          content: '',
          thinking: 'I need both files.',
          tool_calls: [
            { function: { name: 'read_file', arguments: { file_path: 'a.txt' } } },
            { function: { name: 'read_file', arguments: { file_path: 'b.txt' } } },
          ],
        },
        { role: 'tool', content: 'alpha', tool_name: 'read_file' },
        { role: 'tool', content: 'beta', tool_name: 'read_file' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'read_file',
            description: 'Read a file of the workspace.',
            parameters: READ_FILE.parameters,
          },
        },
      ],
      think: 'medium',
      stream: false,
      // The context of gpt-oss (/api/show: gptoss.context_length), not the server's 4,096.
      options: { num_ctx: 131_072, num_predict: 512 },
    });
    expect(chats(log)[0]?.request.method).toBe('POST');
  });

  test('tool results go back verbatim with tool_name; the fake reads a failure from its text', async () => {
    const log = useFake((view) => ({
      text: view.lastToolResults.map((result) => `${result.isError}`).join(','),
    }));
    const result = await provider().complete(
      request({
        messages: [
          { role: 'user', content: 'read two' },
          {
            role: 'assistant',
            content: '',
            toolCalls: [
              { id: 'call_1_0', name: 'read_file', arguments: '{"file_path":"gone.txt"}' },
              { id: 'call_1_1', name: 'read_file', arguments: '{"file_path":"b.txt"}' },
            ],
          },
          {
            role: 'tool',
            toolCallId: 'call_1_0',
            name: 'read_file',
            content: 'Error: gone.txt does not exist',
            isError: true,
          },
          {
            role: 'tool',
            toolCallId: 'call_1_1',
            name: 'read_file',
            content: 'beta',
            isError: false,
          },
        ],
      }),
    );
    expect(result.message.content).toBe('true,false');
    const sent = chats(log)[0]?.json as { messages: { content: string }[] };
    expect(sent.messages.slice(3).map((message) => message.content)).toEqual([
      'Error: gone.txt does not exist',
      'beta',
    ]);
  });

  test('maps effort to gpt-oss think levels (its default sent when none is asked) and passes temperature', async () => {
    const log = useFake(() => ({ text: 'ok' }));
    const ollama = provider();
    await ollama.complete(request({ options: { effort: 'low' } }));
    await ollama.complete(request({ options: { effort: 'high', temperature: 0.2 } }));
    await ollama.complete(request({ maxOutputTokens: 64 }));
    const sent = chats(log).map((entry) => entry.json as Record<string, unknown>);
    expect(sent.map((body) => body.think)).toEqual(['low', 'high', 'medium']);
    expect(sent.map((body) => body.options)).toEqual([
      { num_ctx: 131_072, num_predict: 512 },
      { num_ctx: 131_072, num_predict: 512, temperature: 0.2 },
      { num_ctx: 131_072, num_predict: 64 },
    ]);
  });

  test('other models get think only where their record has thinking modes, as a boolean', async () => {
    const log = useFake(() => ({ text: 'ok' }));
    const ollama = provider();
    const boolThinking = {
      ...capabilitiesFor('ollama', 'qwen3:8b'),
      thinking: { modes: ['enabled' as const, 'disabled' as const], default: 'enabled' as const },
    };
    await ollama.complete(request({ model: 'llama3.2' }));
    await ollama.complete(
      request({ model: 'qwen3:8b', capabilities: boolThinking, options: { thinking: 'enabled' } }),
    );
    await ollama.complete(
      request({ model: 'qwen3:8b', capabilities: boolThinking, options: { thinking: 'disabled' } }),
    );
    const [llama, qwenOn, qwenOff] = chats(log).map(
      (entry) => entry.json as Record<string, unknown>,
    );
    expect(llama).not.toHaveProperty('think');
    expect(qwenOn?.think).toBe(true);
    expect(qwenOff?.think).toBe(false);

    // A record that wrongly gives a model without thinking a thinking mode: Ollama's 400, verbatim.
    const error = await rejectionOf(
      ollama.complete(
        request({
          model: 'llama3.2',
          capabilities: boolThinking,
          options: { thinking: 'enabled' },
        }),
      ),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      kind: 'bad_request',
      status: 400,
      providerMessage: '"llama3.2" does not support thinking',
    });
  });

  test("done_reason 'length' is max_tokens; missing counts are 0", async () => {
    const log = useFake(() => ({ text: 'The answer is', truncated: true, usage: { output: 16 } }));
    const result = await provider().complete(request({ maxOutputTokens: 16 }));
    expect(result.stopReason).toBe('max_tokens');
    expect(result.message.content).toBe('The answer is');
    const answer = chats(log)[0]?.response.body as Record<string, unknown>;
    expect(answer.done_reason).toBe('length');
    // Ollama omits zero counts (Go omitempty): this answer has no prompt_eval_count.
    expect(answer).not.toHaveProperty('prompt_eval_count');
    expect(result.usage.inputTokens).toBe(0);
    expect(result.usage.outputTokens).toBe(16);
  });

  test("done_reason 'stop' without tool calls is end, and content never carries the thinking", async () => {
    useFake(() => ({ reasoning: 'secret plan', text: 'plain answer' }));
    const result = await provider().complete(request());
    expect(result.stopReason).toBe('end');
    expect(result.message.content).toBe('plain answer');
    expect(result.message.reasoning).toBe('secret plan');
  });

  test('a model that is not pulled is not_found and says to run ollama pull', async () => {
    const log = useFake(() => ({ text: 'never' }));
    const error = await rejectionOf(provider().complete(request({ model: 'gpt-oss:120b' })));
    // The first request for a model asks its context length: POST /api/show.
    expect(log.requests[0]?.request.url.pathname).toBe('/api/show');
    expect(log.requests[0]?.response).toMatchObject({
      status: 404,
      body: { error: "model 'gpt-oss:120b' not found" },
    });
    expect(chats(log)).toHaveLength(0);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'not_found', status: 404 });
    const { providerMessage } = error as ProviderError;
    expect(providerMessage).toContain("model 'gpt-oss:120b' not found");
    expect(providerMessage).toContain('`ollama pull gpt-oss:120b`');
  });

  test.for([
    { status: 400, message: 'invalid options', kind: 'bad_request' },
    {
      status: 400,
      message: 'the input length exceeds the context length',
      kind: 'context_length',
    },
    { status: 500, message: 'llama runner process has terminated: exit status 2', kind: 'server' },
    {
      status: 503,
      message: 'server busy, please try again.  maximum pending requests exceeded',
      kind: 'overloaded',
    },
  ] as const)(
    'HTTP $status "$message" → $kind with the message kept',
    async ({ status, message, kind }) => {
      useFake(() => ({ error: { status, message } }));
      const error = await rejectionOf(provider().complete(request()));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind, status, providerMessage: message });
    },
  );

  test('an abort rejects promptly with the abort, not a network error', async () => {
    useFake(() => ({ text: 'too late', delayMs: 5_000 }));
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 30);
    const error = await rejectionOf(provider().complete(request({ signal: controller.signal })));
    expect(error).not.toBeInstanceOf(ProviderError);
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('an already aborted signal sends nothing', async () => {
    const log = useFake(() => ({ text: 'never' }));
    const reason = new Error('run timed out');
    const error = await rejectionOf(
      provider().complete(request({ signal: AbortSignal.abort(reason) })),
    );
    expect(error).toBe(reason);
    expect(log.requests).toHaveLength(0);
  });

  test('availability: pulled models are available, matching tags like Ollama', async () => {
    const log = useFake(() => ({ text: 'unused' }), ['gpt-oss:20b', 'llama3.2']);
    const ollama = provider();
    expect(await ollama.availability('gpt-oss:20b')).toEqual({ available: true });
    // 'llama3.2' was pulled as llama3.2:latest.
    expect(await ollama.availability('llama3.2:latest')).toEqual({ available: true });
    expect(await ollama.availability('llama3.2')).toEqual({ available: true });
    expect(
      log.requests.map((entry) => `${entry.request.method} ${entry.request.url.pathname}`),
    ).toEqual(['GET /api/tags', 'GET /api/tags', 'GET /api/tags']);
  });

  test('availability: a model that is not pulled says to run ollama pull', async () => {
    useFake(() => ({ text: 'unused' }), ['gpt-oss:20b']);
    const ollama = provider();
    for (const model of ['gpt-oss:120b', 'gpt-oss']) {
      expect(await ollama.availability(model)).toEqual({
        available: false,
        reason: 'not_pulled',
        message: `${model} is not pulled on the Ollama server at ${HOST}; run \`ollama pull ${model}\``,
      });
    }
  });
});

describe('the strict fake refuses what Ollama refuses', () => {
  const fake = createOllamaFake({
    brain: () => ({ text: 'ok' }),
    models: ['gpt-oss:20b', 'llama3.2'],
  });

  function post(body: unknown, path = '/api/chat'): Promise<FakeResponse> {
    const fakeRequest: FakeRequest = {
      method: 'POST',
      url: new URL(path, HOST),
      headers: new Headers({ 'content-type': 'application/json' }),
      bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    };
    return fake.handler(fakeRequest);
  }

  const valid = {
    model: 'gpt-oss:20b',
    messages: [{ role: 'user', content: 'hi' }],
    stream: false,
    options: { num_predict: 100 },
  };

  test('a valid request is answered in Ollama’s shape', async () => {
    const response = await post(valid);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      model: 'gpt-oss:20b',
      message: { role: 'assistant', content: 'ok' },
      done: true,
      done_reason: 'stop',
      load_duration: expect.any(Number),
      total_duration: expect.any(Number),
    });
    expect(typeof (response.body as { created_at: unknown }).created_at).toBe('string');
  });

  test.for([
    ['an empty body', '', 'missing request body'],
    ['a body that is not JSON', '{"model":', 'invalid character looking for beginning of value'],
    ['no model', { ...valid, model: '' }, 'model is required'],
    [
      'string tool arguments',
      {
        ...valid,
        messages: [
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: '',
            tool_calls: [{ function: { name: 'read_file', arguments: '{"file_path":"a"}' } }],
          },
        ],
      },
      'json: cannot unmarshal string into Go struct field ChatRequest.messages.tool_calls.function.arguments of type map[string]interface {}',
    ],
    [
      'content that is not a string',
      { ...valid, messages: [{ role: 'user', content: 42 }] },
      'json: cannot unmarshal number into Go struct field ChatRequest.messages.content of type string',
    ],
    [
      'an unknown think value',
      { ...valid, think: 'max' },
      'invalid think value: "max" (must be "high", "medium", "low", true, or false)',
    ],
    [
      'a think level for a model that is not gpt-oss',
      { ...valid, model: 'llama3.2', think: 'low' },
      'think value "low" is not supported for this model',
    ],
    [
      'a non-integer num_predict',
      { ...valid, options: { num_predict: 'many' } },
      'option "num_predict" must be of type integer',
    ],
    [
      'an unknown role',
      { ...valid, messages: [{ role: 'developer', content: 'hi' }] },
      'messages[0]: invalid role "developer" (expected system, user, assistant or tool)',
    ],
    [
      'a tool result without a tool call before it',
      {
        ...valid,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'tool', content: 'alpha', tool_name: 'read_file' },
        ],
      },
      'messages[1]: a tool message must follow an assistant message with tool_calls',
    ],
    [
      'a tool result naming a tool that was not called',
      {
        ...valid,
        messages: [
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: '',
            tool_calls: [{ function: { name: 'read_file', arguments: { file_path: 'a' } } }],
          },
          { role: 'tool', content: 'ok', tool_name: 'write_file' },
        ],
      },
      'messages[2]: tool result for "write_file" answers no open tool call of the assistant message before it',
    ],
    [
      'a flat (not nested) tool',
      { ...valid, tools: [{ type: 'function', name: 'read_file', parameters: {} }] },
      'tools[0]: expected {"type":"function","function":{"name":…,"description":…,"parameters":…}}',
    ],
  ] as const)('400 for %s', async ([, body, message]) => {
    const response = await post(body);
    expect(response).toEqual({ status: 400, body: { error: message } });
  });

  test('without stream:false the answer streams as NDJSON, ending in a done chunk with the counts', async () => {
    const response = await post({ ...valid, stream: undefined });
    expect(response.status).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/x-ndjson');
    const lines = (response.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The text comes in pieces, then the last chunk has none.
    expect(lines.map((line) => line.done)).toEqual([false, false, true]);
    const text = lines.map((line) => (line.message as { content: string }).content).join('');
    expect(text).toBe('ok');
    expect(lines[2]).toMatchObject({
      message: { role: 'assistant', content: '' },
      done_reason: 'stop',
      prompt_eval_count: expect.any(Number),
      eval_count: expect.any(Number),
    });
  });

  test('404 in Ollama’s shape for a model that is not pulled, and Gin’s 404 for unknown routes', async () => {
    expect(await post({ ...valid, model: 'mistral' })).toEqual({
      status: 404,
      body: { error: 'model "mistral" not found, try pulling it first' },
    });
    expect(await post(valid, '/v1/chat')).toMatchObject({
      status: 404,
      body: '404 page not found',
    });
  });

  test('/api/tags lists pulled models with Ollama’s fields', async () => {
    const response = await fake.handler({
      method: 'GET',
      url: new URL('/api/tags', HOST),
      headers: new Headers(),
      bodyText: '',
    });
    expect(response.status).toBe(200);
    const { models } = response.body as { models: Record<string, unknown>[] };
    expect(models.map((model) => model.name)).toEqual(['gpt-oss:20b', 'llama3.2:latest']);
    expect(models[0]).toMatchObject({
      model: 'gpt-oss:20b',
      modified_at: expect.any(String),
      size: expect.any(Number),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      details: { format: 'gguf', family: 'gptoss', parameter_size: '20B' },
    });
  });
});

describe('the ollama provider over real HTTP', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  test('reads OLLAMA_HOST without a scheme, as Ollama does', async () => {
    const fake = createOllamaFake({
      brain: () => ({ text: 'hello over TCP', usage: { freshInput: 7, output: 3 } }),
    });
    const served = await serveFake(fake.handler);
    try {
      vi.stubEnv('OLLAMA_HOST', served.url.replace('http://', ''));
      const ollama = createOllamaProvider();
      const result = await ollama.complete(request());
      expect(result.message.content).toBe('hello over TCP');
      expect(result.usage.inputTokens).toBe(7);
      expect(await ollama.availability('gpt-oss:20b')).toEqual({ available: true });
      expect(
        fake.log.requests.map(({ request }) => `${request.method} ${request.url.pathname}`),
      ).toEqual(['POST /api/show', 'POST /api/chat', 'GET /api/tags']);
    } finally {
      await served.close();
    }
  });

  test('an abort ends the HTTP request promptly', async () => {
    const controller = new AbortController();
    let aborted = 0;
    // The abort comes once the chat request is on the server (after /api/show), mid-answer.
    const fake = createOllamaFake({
      brain: () => {
        setTimeout(() => {
          aborted = performance.now();
          controller.abort();
        }, 30);
        return { text: 'too late', delayMs: 5_000 };
      },
    });
    const served = await serveFake(fake.handler);
    try {
      const error = await rejectionOf(
        createOllamaProvider({ host: served.url }).complete(request({ signal: controller.signal })),
      );
      expect(error).toBe(controller.signal.reason);
      expect(performance.now() - aborted).toBeLessThan(2_000);
      // The server saw the client go away and cancelled, as Ollama does.
      await vi.waitFor(() =>
        expect(
          fake.log.requests.find(({ request }) => request.url.pathname === '/api/chat')?.response
            .status,
        ).toBe(499),
      );
    } finally {
      await served.close();
    }
  });

  test('a connection closed mid-answer is a network error that does not ask whether Ollama runs', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"model":"gpt-oss:20b","message":{"role":"assistant","content":"hel');
      setTimeout(() => response.socket?.destroy(), 5);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const error = await rejectionOf(createOllamaProvider({ host }).complete(request()));
      expect(error).toMatchObject({
        kind: 'network',
        providerMessage: `Ollama at ${host} closed the connection before its answer was complete (terminated: other side closed (UND_ERR_SOCKET))`,
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a 429 carries its retry-after to the retry policy', async () => {
    const served = await serveFake(
      createOllamaFake({
        brain: () => ({
          error: {
            status: 429,
            message: 'too many requests, please try again later',
            headers: { 'retry-after': '2' },
          },
        }),
      }).handler,
    );
    try {
      const error = await rejectionOf(
        createOllamaProvider({ host: served.url }).complete(request()),
      );
      expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 2_000 });
    } finally {
      await served.close();
    }
  });

  test('connection refused: complete is a network error and availability says unreachable', async () => {
    const served = await serveFake(createOllamaFake({ brain: () => ({ text: 'x' }) }).handler);
    await served.close(); // nothing listens on that port any more
    const ollama = createOllamaProvider({ host: served.url });

    const error = await rejectionOf(ollama.complete(request()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'network', status: undefined });
    expect((error as ProviderError).providerMessage).toMatch(/ECONNREFUSED/);
    expect((error as ProviderError).providerMessage).toContain(
      `Is Ollama running at ${served.url}? Start it with \`ollama serve\`.`,
    );

    const availability = await ollama.availability('gpt-oss:20b');
    expect(availability).toMatchObject({ available: false, reason: 'unreachable' });
    expect(availability.available === false && availability.message).toContain(
      `Ollama is not reachable at ${served.url}; start it with \`ollama serve\` or set OLLAMA_HOST`,
    );
  });
});
