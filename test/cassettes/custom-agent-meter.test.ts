import Anthropic from '@anthropic-ai/sdk';
import { type Message, Ollama, type Tool, type ToolCall } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { uninstallCassetteInterceptor } from '../../src/cassettes/cassette-interceptor.js';
import {
  type AgentContext,
  type CustomAgent,
  runCustomAgent,
} from '../../src/cassettes/run-custom-agent.js';
import { costOf } from '../../src/models/cost.js';
import { resolveModel } from '../../src/models/resolve-model.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain, FakeUsage } from '../fakes/fake-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';

/**
 * The wire meter with the official SDKs: a custom agent's traffic, streamed or not, on every API
 * nanograde reads, metered into turns, usage, cost, tool calls and a transcript.
 */

// Two turns: a call of `add`, then the answer built from its result.
const USAGE: [FakeUsage, FakeUsage] = [
  { freshInput: 100, cachedInput: 0, cacheWrite: 0, output: 20, reasoning: 0 },
  { freshInput: 150, cachedInput: 50, cacheWrite: 0, output: 10, reasoning: 0 },
];
const adderBrain: Brain = (view) => {
  if (view.turn === 0) {
    return { toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }], usage: USAGE[0] };
  }
  const [result] = view.lastToolResults;
  return { text: `The sum is ${result?.content}.`, usage: USAGE[1] };
};

let brain: Brain = adderBrain;
const useBrain: Brain = (view) => brain(view);
const fakes = {
  openai: createOpenAIFake({ brain: useBrain }),
  anthropic: createAnthropicFake({ brain: useBrain }),
  ollama: createOllamaFake({ brain: useBrain, models: ['gpt-oss:20b'] }),
};
let served: Record<keyof typeof fakes, ServedFake>;

beforeAll(async () => {
  const [openai, anthropic, ollama] = await Promise.all(
    Object.values(fakes).map((fake) => serveFake(fake.handler)),
  );
  served = { openai, anthropic, ollama } as Record<keyof typeof fakes, ServedFake>;
});
afterAll(async () => {
  uninstallCassetteInterceptor();
  await Promise.all(Object.values(served).map((server) => server.close()));
});
beforeEach(() => {
  brain = adderBrain;
  vi.stubEnv('OPENAI_API_KEY', 'sk-test');
  vi.stubEnv('OPENAI_BASE_URL', `${served.openai.url}/v1`);
  vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-test');
  vi.stubEnv('ANTHROPIC_BASE_URL', served.anthropic.url);
  vi.stubEnv('OLLAMA_HOST', served.ollama.url);
  for (const fake of Object.values(fakes)) fake.log.requests.length = 0;
  return () => vi.unstubAllEnvs();
});

const ADD_SCHEMA = {
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
};
const add = (args: string) => {
  const { a, b } = JSON.parse(args) as { a: number; b: number };
  return String(a + b);
};

const openai = ({ model }: AgentContext, baseURL = model.baseURL) =>
  new OpenAI({ apiKey: model.apiKey, baseURL, fetch: model.fetch, maxRetries: 0 });

/** The response a Responses event stream ends with. */
async function completedResponse(
  events: AsyncIterable<OpenAI.Responses.ResponseStreamEvent>,
): Promise<OpenAI.Responses.Response> {
  for await (const event of events) {
    if (event.type === 'response.completed') return event.response;
  }
  throw new Error('the stream ended without response.completed');
}

/** A hand-written Responses loop, streamed or not. */
const responsesAgent =
  (stream: boolean): CustomAgent =>
  async (context) => {
    const client = openai(context);
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: context.prompt }];
    const tools: OpenAI.Responses.Tool[] = [
      { type: 'function', name: 'add', parameters: ADD_SCHEMA, strict: false },
    ];
    for (;;) {
      // Stateless: the reasoning items go back with their encrypted content.
      const params = {
        model: context.model.name,
        input,
        tools,
        store: false,
        include: ['reasoning.encrypted_content' as const],
      };
      const response = stream
        ? await completedResponse(
            await client.responses.create({ ...params, stream: true }, { signal: context.signal }),
          )
        : await client.responses.create(params, { signal: context.signal });
      const calls = response.output.filter((item) => item.type === 'function_call');
      if (calls.length === 0) {
        // output_text is the SDK's convenience on non-streamed responses only.
        return response.output
          .flatMap((item) => (item.type === 'message' ? item.content : []))
          .flatMap((part) => (part.type === 'output_text' ? [part.text] : []))
          .join('');
      }
      input.push(...(response.output as OpenAI.Responses.ResponseInputItem[]));
      for (const call of calls) {
        input.push({
          type: 'function_call_output',
          call_id: call.call_id,
          output: add(call.arguments),
        });
      }
    }
  };

/** A hand-written Chat Completions loop, streamed (with or without usage) or not. */
const chatAgent = (
  stream: false | 'with usage' | 'without usage',
  baseURL?: (context: AgentContext) => string,
): CustomAgent =>
  async function chatLoop(context) {
    const client = openai(context, baseURL?.(context));
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: 'user', content: context.prompt },
    ];
    const tools: OpenAI.Chat.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'add', parameters: ADD_SCHEMA } },
    ];
    for (;;) {
      const message = stream
        ? (
            await client.chat.completions
              .stream(
                {
                  model: context.model.name,
                  messages,
                  tools,
                  ...(stream === 'with usage' ? { stream_options: { include_usage: true } } : {}),
                },
                { signal: context.signal },
              )
              .finalChatCompletion()
          ).choices[0]?.message
        : (
            await client.chat.completions.create(
              { model: context.model.name, messages, tools },
              { signal: context.signal },
            )
          ).choices[0]?.message;
      if (!message) throw new Error('no choice');
      const calls = message.tool_calls ?? [];
      if (calls.length === 0) return message.content ?? '';
      messages.push({ role: 'assistant', content: message.content, tool_calls: calls });
      for (const call of calls) {
        if (call.type !== 'function') continue;
        messages.push({
          role: 'tool',
          tool_call_id: call.id,
          content: add(call.function.arguments),
        });
      }
    }
  };

/** A hand-written Messages loop on @anthropic-ai/sdk, streamed or not. */
const messagesAgent =
  (stream: boolean): CustomAgent =>
  async ({ model, prompt, signal }) => {
    const client = new Anthropic({
      apiKey: model.apiKey,
      baseURL: model.baseURL,
      fetch: model.fetch,
      maxRetries: 0,
    });
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: prompt }];
    const tools: Anthropic.Tool[] = [
      { name: 'add', input_schema: ADD_SCHEMA as Anthropic.Tool.InputSchema },
    ];
    for (;;) {
      const params = { model: model.name, max_tokens: 1024, messages, tools };
      const answer = stream
        ? await client.messages.stream(params, { signal }).finalMessage()
        : await client.messages.create(params, { signal });
      const calls = answer.content.filter((block) => block.type === 'tool_use');
      if (calls.length === 0) {
        return answer.content
          .flatMap((block) => (block.type === 'text' ? [block.text] : []))
          .join('');
      }
      messages.push({ role: 'assistant', content: answer.content });
      messages.push({
        role: 'user',
        content: calls.map((call) => ({
          type: 'tool_result' as const,
          tool_use_id: call.id,
          content: add(JSON.stringify(call.input)),
        })),
      });
    }
  };

/** A hand-written /api/chat loop on the ollama client, streamed or not. */
const ollamaAgent =
  (stream: boolean): CustomAgent =>
  async ({ model, prompt }) => {
    const client = new Ollama({ host: model.baseURL, fetch: model.fetch });
    const messages: Message[] = [{ role: 'user', content: prompt }];
    const tools: Tool[] = [
      {
        type: 'function',
        function: { name: 'add', parameters: ADD_SCHEMA as Tool['function']['parameters'] },
      },
    ];
    for (;;) {
      let content = '';
      let calls: ToolCall[] = [];
      if (stream) {
        for await (const part of await client.chat({
          model: model.name,
          messages,
          tools,
          stream: true,
        })) {
          content += part.message.content;
          calls = [...calls, ...(part.message.tool_calls ?? [])];
        }
      } else {
        const answer = await client.chat({ model: model.name, messages, tools, stream: false });
        content = answer.message.content;
        calls = answer.message.tool_calls ?? [];
      }
      if (calls.length === 0) return content;
      messages.push({ role: 'assistant', content, tool_calls: calls });
      for (const call of calls) {
        messages.push({
          role: 'tool',
          content: add(JSON.stringify(call.function.arguments)),
          tool_name: call.function.name,
        });
      }
    }
  };

const toV1 = ({ model }: AgentContext) => `${model.baseURL}/v1`;

/** `cacheSplit`: whether the API reports cached input apart (Anthropic's OpenAI layer and Ollama do not). */
const cases: { name: string; model: string; agent: CustomAgent; cacheSplit: boolean }[] = [
  { name: 'Responses', model: 'openai:gpt-5-mini', agent: responsesAgent(false), cacheSplit: true },
  {
    name: 'Responses, streamed',
    model: 'openai:gpt-5-mini',
    agent: responsesAgent(true),
    cacheSplit: true,
  },
  {
    name: 'Chat Completions',
    model: 'openai:gpt-5-mini',
    agent: chatAgent(false),
    cacheSplit: true,
  },
  {
    name: 'Chat Completions, streamed with usage',
    model: 'openai:gpt-5-mini',
    agent: chatAgent('with usage'),
    cacheSplit: true,
  },
  {
    name: 'Messages',
    model: 'anthropic:claude-haiku-4-5',
    agent: messagesAgent(false),
    cacheSplit: true,
  },
  {
    name: 'Messages, streamed',
    model: 'anthropic:claude-haiku-4-5',
    agent: messagesAgent(true),
    cacheSplit: true,
  },
  {
    name: 'Anthropic’s OpenAI SDK compatibility, streamed',
    model: 'anthropic:claude-haiku-4-5',
    agent: chatAgent('with usage', toV1),
    cacheSplit: false,
  },
  {
    name: 'Ollama /api/chat',
    model: 'ollama:gpt-oss:20b',
    agent: ollamaAgent(false),
    cacheSplit: false,
  },
  {
    name: 'Ollama /api/chat, streamed',
    model: 'ollama:gpt-oss:20b',
    agent: ollamaAgent(true),
    cacheSplit: false,
  },
  {
    name: 'Ollama /v1, streamed',
    model: 'ollama:gpt-oss:20b',
    agent: chatAgent('with usage', toV1),
    cacheSplit: false,
  },
];

describe('a custom agent’s traffic, metered at the wire', () => {
  test.for(cases)('$name ($model)', async ({ model: id, agent, cacheSplit }) => {
    const model = resolveModel(id);
    const { run, turnsWithoutUsage } = await runCustomAgent({
      agent,
      model,
      prompt: 'What is 2 + 3?',
      workspace: '/tmp',
    });
    expect(run.error).toBeNull();
    expect(run.output).toBe('The sum is 5.');
    expect(run.turns).toBe(2);
    expect(turnsWithoutUsage).toBe(0);
    const usageOf = (turn: FakeUsage) => ({
      inputTokens: turn.freshInput + turn.cachedInput,
      cachedInputTokens: cacheSplit ? turn.cachedInput : 0,
      cacheWriteTokens: 0,
      outputTokens: turn.output,
      reasoningTokens: 0,
    });
    expect(run.usage).toEqual({
      inputTokens: 300,
      cachedInputTokens: cacheSplit ? 50 : 0,
      cacheWriteTokens: 0,
      outputTokens: 30,
      reasoningTokens: 0,
    });
    // Each turn billed on its own at the catalog's price: the fake's usage × the price.
    const expectedCost =
      (costOf(model, usageOf(USAGE[0])) ?? 0) + (costOf(model, usageOf(USAGE[1])) ?? 0);
    expect(Math.abs((run.costUsd ?? Number.NaN) - expectedCost)).toBeLessThan(1e-12);
    expect(run.toolCalls).toEqual([
      expect.objectContaining({ name: 'add', args: { a: 2, b: 3 }, ok: true, turn: 1 }),
    ]);
    expect(run.transcript.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(run.transcript[2]).toMatchObject({ role: 'tool', name: 'add', content: '5' });
  });
});

const GPT = () => resolveModel('openai:gpt-5-mini');
const run = (agent: CustomAgent, options: Partial<Parameters<typeof runCustomAgent>[0]> = {}) =>
  runCustomAgent({ agent, model: GPT(), prompt: 'What is 2 + 3?', workspace: '/tmp', ...options });

describe('what the meter cannot see, it says', () => {
  test('a stream without include_usage: usage unknown, cost null — never a silent 0', async () => {
    const { run: result, turnsWithoutUsage } = await run(chatAgent('without usage'));
    expect(result.error).toBeNull();
    expect(result.turns).toBe(2);
    expect(turnsWithoutUsage).toBe(2);
    expect(result.costUsd).toBeNull();
    expect(result.toolCalls.map((call) => call.name)).toEqual(['add']);
  });

  test('traffic to hosts and paths that are no provider API is left alone', async () => {
    const elsewhere = await serveFake(async (request) => ({
      status: 200,
      body: { seen: request.url.pathname },
    }));
    try {
      const { run: result } = await run(async ({ model }) => {
        // Tracing on the provider's own host, and another service: neither is a model turn.
        const traces = await fetch(`${new URL(model.baseURL).origin}/v1/traces/ingest`, {
          method: 'POST',
          body: '{}',
        });
        const other = await fetch(`${elsewhere.url}/v1/chat/completions`, {
          method: 'POST',
          body: '{}',
        });
        return `${traces.status} ${JSON.stringify(await other.json())}`;
      });
      // Both went out as sent: the other service answered, the tracing call reached the fake
      // (which wants a key for it).
      expect(result.output).toBe('401 {"seen":"/v1/chat/completions"}');
      expect(result.turns).toBe(0);
      // Whatever the other service was, the meter saw no model request: it cannot say $0.
      expect(result.costUsd).toBeNull();
    } finally {
      await elsewhere.close();
    }
  });

  test('no model request at all: a paid model’s cost is unknown, a local model’s $0', async () => {
    // An SDK that bypassed model.baseURL and model.fetch would look just like this.
    const { run: paid } = await run(async () => 'The sum is 5.');
    expect(paid.error).toBeNull();
    expect(paid.turns).toBe(0);
    expect(paid.costUsd).toBeNull();
    const { run: local } = await run(async () => 'The sum is 5.', {
      model: resolveModel('ollama:gpt-oss:20b'),
    });
    expect(local.costUsd).toBe(0);
  });

  test('requests that all failed cost nothing: the meter saw them', async () => {
    brain = () => ({ error: { status: 400, message: 'bad request' } });
    const { run: result } = await run(chatAgent(false));
    expect(result.turns).toBe(0);
    expect(result.costUsd).toBe(0);
  });
});

describe('attribution', () => {
  test('two agents at once on the same provider get exactly their own tokens', async () => {
    // Each agent's prompt says how many tokens its model "reads"; the brain answers at once.
    brain = (view) => {
      const wanted = Number(/(\d+)/.exec(view.messages[0]?.content ?? '')?.[1]);
      return {
        text: `read ${wanted}`,
        usage: { freshInput: wanted, output: wanted / 10 },
        delayMs: 30,
      };
    };
    const oneShot: CustomAgent = async ({ model, prompt }) => {
      const client = new OpenAI({
        apiKey: model.apiKey,
        baseURL: model.baseURL,
        fetch: model.fetch,
      });
      let last = '';
      for (let i = 0; i < 3; i++) {
        const answer = await client.chat.completions.create({
          model: model.name,
          messages: [{ role: 'user', content: prompt }],
        });
        last = answer.choices[0]?.message.content ?? '';
      }
      return last;
    };
    const [small, large] = await Promise.all([
      run(oneShot, { prompt: 'read 100' }),
      run(oneShot, { prompt: 'read 7000' }),
    ]);
    expect(small.run.turns).toBe(3);
    expect(small.run.usage).toMatchObject({ inputTokens: 300, outputTokens: 30 });
    expect(large.run.turns).toBe(3);
    expect(large.run.usage).toMatchObject({ inputTokens: 21_000, outputTokens: 2_100 });
  });

  test('model.fetch keeps the run’s traffic metered where the SDK loses the async context', async () => {
    const { meterStorage } = await import('../../src/cassettes/traffic-meter.js');
    const { run: result } = await run(async ({ model, prompt }) => {
      // As if the SDK queued the request somewhere outside the run's async context.
      const lost = (work: () => Promise<unknown>) => meterStorage.exit(work);
      const body = JSON.stringify({
        model: model.name,
        messages: [{ role: 'user', content: prompt }],
      });
      const init = {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${model.apiKey}`, 'content-type': 'application/json' },
      };
      await lost(() => model.fetch(`${model.baseURL}/chat/completions`, init));
      await lost(() => fetch(`${model.baseURL}/chat/completions`, init));
      return 'done';
    });
    // Only the request through model.fetch counts; the lost plain fetch went unmetered.
    expect(result.turns).toBe(1);
  });
});

describe('how a run ends', () => {
  test('an agent that throws: a run error with its message', async () => {
    const { run: result } = await run(async () => {
      throw new Error('my agent broke');
    });
    expect(result.error).toEqual({ kind: 'agent', message: 'the agent threw: my agent broke' });
  });

  test('an agent that returns no answer', async () => {
    const { run: result } = await run(async () => 42 as never);
    expect(result.error?.message).toBe(
      'the agent returned number; return the answer as a string or as { output: string }',
    );
  });

  test('{ output } is an answer too', async () => {
    const { run: result } = await run(async () => ({ output: 'fine' }));
    expect(result.output).toBe('fine');
    expect(result.error).toBeNull();
  });

  test('a provider fault is classified as for the nano agent', async () => {
    brain = () => ({ error: { status: 429, message: 'Rate limit reached for gpt-5-mini' } });
    const { run: result } = await run(chatAgent(false));
    expect(result.error).toMatchObject({
      kind: 'provider',
      provider: {
        kind: 'rate_limit',
        status: 429,
        providerMessage: 'Rate limit reached for gpt-5-mini',
      },
    });
    expect(result.turns).toBe(0);
  });

  test('the run’s timeout aborts the agent through its signal', async () => {
    brain = () => ({ text: 'too late', delayMs: 5_000 });
    let aborted = false;
    const { run: result } = await run(
      async (context) => {
        context.signal.addEventListener('abort', () => {
          aborted = true;
        });
        return chatAgent(false)(context);
      },
      { limits: { timeoutMs: 200 } },
    );
    expect(result.error?.kind).toBe('timeout');
    expect(aborted).toBe(true);
    expect(result.durationMs).toBeLessThan(3_000);
  });

  test('maxTurns: the request past it is refused and the run ends', async () => {
    brain = () => ({ toolCalls: [{ name: 'add', arguments: { a: 1, b: 1 } }] });
    const { run: result } = await run(chatAgent(false), { limits: { maxTurns: 3 } });
    expect(result.error?.kind).toBe('max_turns');
    expect(result.turns).toBe(3);
    expect(fakes.openai.log.requests).toHaveLength(3);
  });

  test('maxCostUsd: the run stops once its metered cost passes the budget', async () => {
    brain = () => ({
      toolCalls: [{ name: 'add', arguments: { a: 1, b: 1 } }],
      usage: { freshInput: 100_000, output: 1_000 },
    });
    const { run: result } = await run(chatAgent(false), { limits: { maxCostUsd: 0.05 } });
    expect(result.error?.kind).toBe('budget');
    // gpt-5-mini: 100,000 × $0.25/M + 1,000 × $2/M = $0.027 a turn: over $0.05 after turn 2.
    expect(result.turns).toBe(2);
    expect(result.costUsd).toBeCloseTo(0.054, 12);
  });
});
