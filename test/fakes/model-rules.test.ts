// The strict fakes' per-model rules, each as its vendor documents it (see anthropic-models.ts,
// openai-models.ts and ollama-fake.ts for the quotes). Raw HTTP against the fake handlers.
import { describe, expect, test } from 'vitest';
import { createAnthropicFake } from './anthropic-fake.js';
import type {
  Brain,
  BrainTurn,
  ConversationView,
  FakeHandler,
  FakeResponse,
} from './fake-types.js';
import { createOllamaFake } from './ollama-fake.js';
import { createOpenAIFake } from './openai-fake.js';

type Json = Record<string, unknown>;

function poster(handler: FakeHandler, base: string, headers: Record<string, string>) {
  return (path: string, body: unknown): Promise<FakeResponse> =>
    handler({
      method: 'POST',
      url: new URL(path, base),
      headers: new Headers({ 'content-type': 'application/json', ...headers }),
      bodyText: JSON.stringify(body),
    });
}

/** A brain answering each request with the next turn, keeping what it saw. */
function turns(...script: BrainTurn[]): { brain: Brain; seen: ConversationView[] } {
  const seen: ConversationView[] = [];
  return {
    seen,
    brain: (view) => {
      seen.push(view);
      return script[Math.min(seen.length - 1, script.length - 1)] ?? { text: 'ok' };
    },
  };
}

const errorMessage = (response: FakeResponse) =>
  ((response.body as Json).error as { message: string }).message;

const READ_FILE = {
  name: 'read_file',
  description: 'Read a file.',
  input_schema: { type: 'object', properties: { file_path: { type: 'string' } } },
};

describe('Anthropic fake: per-model rules', () => {
  function claude(script: BrainTurn[] = [{ text: 'ok' }]) {
    const { brain, seen } = turns(...script);
    const fake = createAnthropicFake({ brain, apiKey: 'k' });
    const post = poster(fake.handler, 'https://anthropic.rules.test', {
      'x-api-key': 'k',
      'anthropic-version': '2026-10-21',
    });
    return { seen, send: (body: Json) => post('/v1/messages', body) };
  }
  const ask = (model: string, extra: Json = {}) => ({
    model,
    max_tokens: 4096,
    messages: [{ role: 'user', content: 'Read a.txt' }],
    tools: [READ_FILE],
    ...extra,
  });
  const forcedAnswer = [{ toolCalls: [{ name: 'read_file', arguments: { file_path: 'a' } }] }];

  test.for(['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-fable-5-1'])(
    'forced tool use is a 400 on %s, any or tool',
    async (model) => {
      const { send } = claude(forcedAnswer);
      for (const choice of [{ type: 'any' }, { type: 'tool', name: 'read_file' }]) {
        const response = await send(ask(model, { tool_choice: choice }));
        expect(response.status).toBe(400);
        expect(errorMessage(response)).toBe(
          'tool_choice: type "tool" and "any" are not supported for this model.',
        );
      }
      expect((await send(ask(model, { tool_choice: { type: 'auto' } }))).status).toBe(200);
    },
  );

  test.for(['claude-haiku-5-5', 'claude-sonnet-4-6', 'claude-haiku-4-5'])(
    'forced tool use works on %s (and skips thinking)',
    async (model) => {
      const { send } = claude(forcedAnswer);
      const response = await send(ask(model, { tool_choice: { type: 'tool', name: 'read_file' } }));
      expect(response.status).toBe(200);
      expect((response.body as { content: Json[] }).content.map((block) => block.type)).toEqual([
        'tool_use',
      ]);
    },
  );

  test('Opus 5.5 thinks always: disabled and enabled are a 400', async () => {
    const { send } = claude();
    const disabled = await send(ask('claude-opus-5-5', { thinking: { type: 'disabled' } }));
    expect(errorMessage(disabled)).toBe(
      '"thinking.type.disabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
    );
    const enabled = await send(
      ask('claude-opus-5-5', { thinking: { type: 'enabled', budget_tokens: 2048 } }),
    );
    expect(errorMessage(enabled)).toMatch(/^"thinking\.type\.enabled" is not supported/);
    expect((await send(ask('claude-opus-5-5', { thinking: { type: 'adaptive' } }))).status).toBe(
      200,
    );
  });

  test('Sonnet 5.5: between_tools instead of disabled, only up to effort high, with no other field', async () => {
    const { send } = claude();
    const disabled = await send(ask('claude-sonnet-5-5', { thinking: { type: 'disabled' } }));
    expect(errorMessage(disabled)).toMatch(/between_tools/);
    const betweenTools = { thinking: { type: 'between_tools' } };
    expect((await send(ask('claude-sonnet-5-5', betweenTools))).status).toBe(200);
    expect(
      (
        await send(
          ask('claude-sonnet-5-5', { ...betweenTools, output_config: { effort: 'medium' } }),
        )
      ).status,
    ).toBe(200);
    const xhigh = await send(
      ask('claude-sonnet-5-5', { ...betweenTools, output_config: { effort: 'xhigh' } }),
    );
    expect(xhigh.status).toBe(400);
    expect(errorMessage(xhigh)).toContain('up to effort "high"');
    const display = await send(
      ask('claude-sonnet-5-5', { thinking: { type: 'between_tools', display: 'summarized' } }),
    );
    expect(display.status).toBe(400);
  });

  test('Opus 5 may switch thinking off only at effort high or below', async () => {
    const { send } = claude();
    const off = { thinking: { type: 'disabled' } };
    expect((await send(ask('claude-opus-5', off))).status).toBe(200);
    const max = await send(ask('claude-opus-5', { ...off, output_config: { effort: 'max' } }));
    expect(max.status).toBe(400);
  });

  test('Haiku 4.5: manual thinking only, no effort; the budget must stay below max_tokens', async () => {
    const { send } = claude();
    expect((await send(ask('claude-haiku-4-5', { thinking: { type: 'adaptive' } }))).status).toBe(
      400,
    );
    const effort = await send(ask('claude-haiku-4-5', { output_config: { effort: 'low' } }));
    expect(errorMessage(effort)).toBe(
      'output_config.effort: This model does not support the effort parameter.',
    );
    const budget = await send(
      ask('claude-haiku-4-5', { thinking: { type: 'enabled', budget_tokens: 4096 } }),
    );
    expect(errorMessage(budget)).toBe('thinking.budget_tokens: must be less than max_tokens');
    expect(
      (await send(ask('claude-haiku-4-5', { thinking: { type: 'enabled', budget_tokens: 2048 } })))
        .status,
    ).toBe(200);
  });

  test('an effort the model lacks, and max_tokens above its output limit, are a 400', async () => {
    const { send } = claude();
    const xhigh = await send(ask('claude-sonnet-4-6', { output_config: { effort: 'xhigh' } }));
    expect(errorMessage(xhigh)).toBe(
      "output_config.effort: Input should be 'low', 'medium', 'high', 'max'",
    );
    const big = await send(ask('claude-haiku-4-5', { max_tokens: 100_000 }));
    expect(errorMessage(big)).toBe(
      'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5',
    );
  });

  test('Opus 5.5 starts a tool call with an empty thinking block that must come back unchanged', async () => {
    const { send } = claude([
      { reasoning: 'a plan nobody sees', toolCalls: [{ name: 'read_file', arguments: {} }] },
      { text: 'done' },
    ]);
    const first = await send(ask('claude-opus-5-5'));
    const content = (first.body as { content: Json[] }).content;
    expect(content[0]).toMatchObject({ type: 'thinking', thinking: '' });
    expect(String(content[0]?.signature)).not.toBe('');
    const id = String(content[1]?.id);
    const result = { role: 'user', content: [{ type: 'tool_result', tool_use_id: id }] };
    const conversation = (assistant: Json[]) => [
      { role: 'user', content: 'Read a.txt' },
      { role: 'assistant', content: assistant },
      result,
    ];
    const edited = await send(
      ask('claude-opus-5-5', {
        messages: conversation([{ ...content[0], thinking: 'a plan' }, content[1] as Json]),
      }),
    );
    expect(errorMessage(edited)).toBe(
      'messages.1.content.0: Invalid `signature` in `thinking` block',
    );
    const dropped = await send(
      ask('claude-opus-5-5', { messages: conversation([content[1] as Json]) }),
    );
    expect(errorMessage(dropped)).toMatch(/Expected `thinking` or `redacted_thinking`/);
    const verbatim = await send(ask('claude-opus-5-5', { messages: conversation(content) }));
    expect(verbatim.status).toBe(200);
  });

  test('Sonnet 5.5 refuses an assistant prefill, but takes back a paused turn to continue it', async () => {
    const { send, seen } = claude([{ text: 'Searching…', paused: true }, { text: 'Found it.' }]);
    const prefill = await send(
      ask('claude-sonnet-5-5', {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'Hello' },
        ],
      }),
    );
    expect(errorMessage(prefill)).toMatch(/does not support assistant message prefill/);
    const paused = await send(ask('claude-sonnet-5-5'));
    expect(paused.body).toMatchObject({ stop_reason: 'pause_turn' });
    const content = (paused.body as { content: Json[] }).content;
    const resumed = await send(
      ask('claude-sonnet-5-5', {
        messages: [
          { role: 'user', content: 'Read a.txt' },
          { role: 'assistant', content },
        ],
      }),
    );
    expect(resumed.body).toMatchObject({ stop_reason: 'end_turn' });
    expect(seen.at(-1)?.messages.at(-1)).toMatchObject({ role: 'assistant' });
  });

  test('a refusal stops with stop_reason refusal and its explanation', async () => {
    const { send } = claude([{ refusal: 'This request touches on weapons.' }]);
    const response = await send(ask('claude-haiku-5-5'));
    expect(response.body).toMatchObject({
      stop_reason: 'refusal',
      stop_details: { type: 'refusal', explanation: 'This request touches on weapons.' },
    });
  });
});

describe('OpenAI fake: per-model rules', () => {
  function gpt(script: BrainTurn[] = [{ text: 'ok' }]) {
    const { brain } = turns(...script);
    const fake = createOpenAIFake({ brain });
    const post = poster(fake.handler, 'https://openai.rules.test', {
      authorization: 'Bearer sk-test',
    });
    return {
      responses: (body: Json) => post('/v1/responses', { input: 'hi', ...body }),
      chat: (body: Json) =>
        post('/v1/chat/completions', { messages: [{ role: 'user', content: 'hi' }], ...body }),
    };
  }
  const chatTools = [
    {
      type: 'function',
      function: { name: 'read_file', parameters: { type: 'object', properties: {} } },
    },
  ];

  test('effort values per model: none only on Terra and Luna, never minimal on GPT-6', async () => {
    const { responses } = gpt();
    const sol = await responses({ model: 'gpt-6.1-sol', reasoning: { effort: 'none' } });
    expect(sol.status).toBe(400);
    expect(sol.body).toEqual({
      error: {
        message:
          "Unsupported value: 'none' is not supported with the 'gpt-6.1-sol' model. Supported values are: 'low', 'medium', 'high', 'xhigh', and 'max'.",
        type: 'invalid_request_error',
        param: 'reasoning.effort',
        code: 'unsupported_value',
      },
    });
    for (const model of ['gpt-6-astra', 'gpt-6.2-astra', 'gpt-6.2-sol']) {
      expect((await responses({ model, reasoning: { effort: 'none' } })).status, model).toBe(400);
      expect((await responses({ model, reasoning: { effort: 'max' } })).status, model).toBe(200);
    }
    expect(
      (await responses({ model: 'gpt-6-luna', reasoning: { effort: 'minimal' } })).status,
    ).toBe(400);
    for (const effort of ['none', 'low', 'medium', 'high', 'xhigh', 'max']) {
      expect((await responses({ model: 'gpt-6.1-terra', reasoning: { effort } })).status).toBe(200);
    }
    expect((await responses({ model: 'gpt-5-mini', reasoning: { effort: 'xhigh' } })).status).toBe(
      400,
    );
  });

  test('Chat Completions refuses max on GPT-6', async () => {
    const { chat } = gpt();
    const max = await chat({ model: 'gpt-6.1-sol', reasoning_effort: 'max' });
    expect(max.status).toBe(400);
    expect((await chat({ model: 'gpt-6.1-sol', reasoning_effort: 'xhigh' })).status).toBe(200);
  });

  test('temperature and top_p only at effort none on Terra and Luna; never on Sol', async () => {
    const { responses } = gpt();
    const atDefault = await responses({ model: 'gpt-6.1-terra', temperature: 0 });
    expect(atDefault.status).toBe(400);
    expect(errorMessage(atDefault)).toBe(
      "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.",
    );
    const topP = await responses({ model: 'gpt-6-luna', top_p: 0.5, reasoning: { effort: 'low' } });
    expect(topP.status).toBe(400);
    expect(
      (await responses({ model: 'gpt-6.1-terra', temperature: 0, reasoning: { effort: 'none' } }))
        .status,
    ).toBe(200);
    expect((await responses({ model: 'gpt-6.1-sol', temperature: 0 })).status).toBe(400);
    expect((await responses({ model: 'gpt-4.1', temperature: 0 })).status).toBe(200);
  });

  test('GPT-6 function tools need the Responses API; Luna takes them on Chat only at effort none', async () => {
    const { chat } = gpt([{ toolCalls: [{ name: 'read_file', arguments: {} }] }]);
    const terra = await chat({ model: 'gpt-6.1-terra', tools: chatTools });
    expect(terra.status).toBe(400);
    expect(terra.body).toMatchObject({
      error: {
        message:
          "Function tools with reasoning_effort are not supported for gpt-6.1-terra in /v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort to 'none'.",
        param: 'reasoning_effort',
      },
    });
    // Omitting reasoning_effort does not help: the default (medium) applies.
    expect((await chat({ model: 'gpt-6-luna', tools: chatTools })).status).toBe(400);
    expect(
      (await chat({ model: 'gpt-6-luna', tools: chatTools, reasoning_effort: 'none' })).status,
    ).toBe(200);
    expect(
      (await chat({ model: 'gpt-6-astra', tools: chatTools, reasoning_effort: 'low' })).status,
    ).toBe(400);
    expect((await chat({ model: 'gpt-5-mini', tools: chatTools })).status).toBe(200);
  });

  test('a tool call cut by max_output_tokens closes incomplete with half its arguments', async () => {
    const { responses } = gpt([
      {
        truncated: true,
        toolCalls: [
          { name: 'write_file', arguments: { file_path: 'a.txt', content: 'x'.repeat(40) } },
        ],
      },
    ]);
    const response = await responses({
      model: 'gpt-6.1-terra',
      tools: [
        {
          type: 'function',
          name: 'write_file',
          parameters: { type: 'object', properties: {} },
          strict: false,
        },
      ],
    });
    const body = response.body as { status: string; incomplete_details: Json; output: Json[] };
    expect(body.status).toBe('incomplete');
    expect(body.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    const call = body.output.find((item) => item.type === 'function_call');
    expect(call?.status).toBe('incomplete');
    expect(() => JSON.parse(String(call?.arguments))).toThrow();
  });

  test('the content filter ends a response incomplete; reasoning alone leaves no message', async () => {
    const { responses } = gpt([
      { text: 'Part of', contentFiltered: true },
      { reasoning: 'Thinking, and nothing else.' },
    ]);
    const filtered = (await responses({ model: 'gpt-6-luna' })).body as Json;
    expect(filtered).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'content_filter' },
    });
    const reasoningOnly = (await responses({ model: 'gpt-6-luna' })).body as { output: Json[] };
    expect(reasoningOnly.output.map((item) => item.type)).toEqual(['reasoning']);
  });
});

describe('Ollama fake: context window, /api/show, reloads', () => {
  function ollama(options: { gpuMemoryGiB?: number; script?: BrainTurn[] } = {}) {
    const { brain, seen } = turns(...(options.script ?? [{ text: 'ok' }]));
    const fake = createOllamaFake({
      brain,
      models: ['gpt-oss:20b'],
      ...(options.gpuMemoryGiB === undefined ? {} : { gpuMemoryGiB: options.gpuMemoryGiB }),
    });
    const post = poster(fake.handler, 'http://ollama.rules.test:11434', {});
    return { fake, seen, post };
  }
  /** A conversation of `count` tool results of `chars` characters each, after the task. */
  function longChat(count: number, chars: number, extra: Json = {}) {
    const messages: Json[] = [
      { role: 'system', content: 'You are the nano agent.' },
      { role: 'user', content: 'THE TASK: summarise the logs.' },
    ];
    for (let i = 0; i < count; i++) {
      messages.push({
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'read_file', arguments: { file_path: `log${i}` } } }],
      });
      messages.push({ role: 'tool', content: `${i}:${'x'.repeat(chars)}`, tool_name: 'read_file' });
    }
    return { model: 'gpt-oss:20b', stream: false, messages, ...extra };
  }

  test('/api/show reports the architecture, then its context length under that name', async () => {
    const { post } = ollama();
    const shown = await post('/api/show', { model: 'gpt-oss:20b' });
    const info = (shown.body as { model_info: Json }).model_info;
    expect(info['general.architecture']).toBe('gptoss');
    expect(info['gptoss.context_length']).toBe(131_072);
    const missing = await post('/api/show', { model: 'gpt-oss:120b' });
    expect([missing.status, missing.body]).toEqual([
      404,
      { error: "model 'gpt-oss:120b' not found" },
    ]);
  });

  test('without num_ctx a 16 GiB server keeps 4,096 tokens: the task is dropped, silently', async () => {
    const { post, seen } = ollama();
    const response = await post('/api/chat', longChat(3, 8_000));
    expect(response.status).toBe(200);
    const body = response.body as { prompt_eval_count: number; done_reason: string };
    expect(body.done_reason).toBe('stop');
    expect(body.prompt_eval_count).toBeLessThanOrEqual(4_096);
    // The system message stays; the task and the first results are gone, whole.
    expect(seen[0]?.system).toBe('You are the nano agent.');
    expect(seen[0]?.messages.some((message) => message.content.includes('THE TASK'))).toBe(false);
    expect(seen[0]?.messages.at(-1)?.content).toMatch(/^2:/);
  });

  test('with num_ctx 32,768 the same conversation fits, and prompt_eval_count counts all of it', async () => {
    const { post, seen } = ollama();
    const response = await post('/api/chat', longChat(3, 8_000, { options: { num_ctx: 32_768 } }));
    const body = response.body as { prompt_eval_count: number };
    expect(body.prompt_eval_count).toBeGreaterThan(6_000);
    expect(seen[0]?.messages[0]).toEqual({
      role: 'user',
      content: 'THE TASK: summarise the logs.',
    });
  });

  test('a server with 24 GiB defaults to 32,768; num_ctx above the model context is clamped', async () => {
    const big = ollama({ gpuMemoryGiB: 24 });
    const fits = await big.post('/api/chat', longChat(3, 8_000));
    expect((fits.body as { prompt_eval_count: number }).prompt_eval_count).toBeGreaterThan(6_000);
    const clamped = ollama();
    const response = await clamped.post(
      '/api/chat',
      longChat(6, 100_000, { options: { num_ctx: 1_000_000 } }),
    );
    expect((response.body as { prompt_eval_count: number }).prompt_eval_count).toBeLessThanOrEqual(
      131_072,
    );
  });

  test('a num_ctx that changes between requests reloads the model; a fixed one does not', async () => {
    const { post, fake } = ollama();
    const chat = (numCtx: number) =>
      post('/api/chat', {
        model: 'gpt-oss:20b',
        stream: false,
        messages: [{ role: 'user', content: 'hi' }],
        options: { num_ctx: numCtx },
      });
    await chat(65_536);
    await chat(65_536);
    expect(fake.reloads).toEqual([]);
    await chat(32_768);
    expect(fake.reloads).toEqual(['gpt-oss:20b: 65536 → 32768']);
  });

  test('num_ctx must be a whole number', async () => {
    const { post } = ollama();
    const response = await post('/api/chat', longChat(0, 0, { options: { num_ctx: 32_768.5 } }));
    expect([response.status, response.body]).toEqual([
      400,
      { error: 'option "num_ctx" must be of type integer' },
    ]);
  });
});
