import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { tool } from '../../src/agent/custom-tool.js';
import { runAgent } from '../../src/agent/run-agent.js';
import { SYSTEM_PROMPT } from '../../src/agent/system-prompt.js';
import { buildToolset, ToolsetError } from '../../src/agent/toolset.js';
import { prepareWorkspace, type Workspace } from '../../src/agent/workspace.js';
import { nanogradeMatchers } from '../../src/vitest/matchers/index.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain, ConversationView, FakeLog } from '../fakes/fake-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';

expect.extend(nanogradeMatchers);

const URLS = {
  openai: 'http://openai.fake/v1',
  anthropic: 'http://anthropic.fake',
  ollama: 'http://ollama.fake:11434',
  compatible: 'http://lmstudio.fake/v1',
};

let brain: Brain = () => ({ text: 'nothing to do' });
const useBrain: Brain = (view) => brain(view);
const fakes = {
  openai: createOpenAIFake({ brain: useBrain }),
  compatible: createOpenAIFake({ brain: useBrain, apiKey: 'not-needed', models: ['qwen3-coder'] }),
  anthropic: createAnthropicFake({ brain: useBrain }),
  ollama: createOllamaFake({ brain: useBrain, models: ['gpt-oss:20b'] }),
};
const server = setupServer(
  mswHandler(URLS.openai, fakes.openai.handler),
  mswHandler(URLS.compatible, fakes.compatible.handler),
  mswHandler(URLS.anthropic, fakes.anthropic.handler),
  mswHandler(URLS.ollama, fakes.ollama.handler),
);

let workspace: Workspace;
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(async () => {
  vi.stubEnv('OPENAI_API_KEY', 'sk-test');
  vi.stubEnv('OPENAI_BASE_URL', URLS.openai);
  vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-test');
  vi.stubEnv('ANTHROPIC_BASE_URL', URLS.anthropic);
  vi.stubEnv('OLLAMA_HOST', URLS.ollama);
  vi.stubEnv('OPENAI_COMPATIBLE_BASE_URL', URLS.compatible);
  vi.stubEnv('OPENAI_COMPATIBLE_API_KEY', 'not-needed');
  for (const fake of Object.values(fakes)) fake.log.requests.length = 0;
  workspace = await prepareWorkspace(undefined);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await workspace.dispose();
});

/** A weather lookup with the zod features users reach for: optional, enum, literal, nested, array. */
const weatherCalls: { city: string; days?: number | undefined }[] = [];
const lookupWeather = tool({
  description: 'Look up the weather forecast of a city.',
  parameters: z.object({
    city: z.string().min(1).describe('City name'),
    days: z.number().int().min(1).max(7).optional(),
    unit: z.enum(['celsius', 'fahrenheit']).default('celsius'),
    source: z.literal('met-office').optional(),
    window: z.object({ from: z.string(), to: z.string() }).optional(),
    tags: z.array(z.string()).nullable().optional(),
  }),
  execute: async ({ city, days, unit }) => {
    weatherCalls.push({ city, days });
    return { city, unit, forecast: ['sun', 'rain'].slice(0, days ?? 2) };
  },
});

/** Calls lookup_weather with `args`, then answers with what came back. */
const weatherBrain =
  (args: Record<string, unknown> | string): Brain =>
  (view) => {
    if (view.turn === 0) {
      return {
        toolCalls: [{ name: 'lookup_weather', arguments: args }],
        usage: { freshInput: 120, output: 15 },
      };
    }
    const [result] = view.lastToolResults;
    // OpenAI's function_call_output has no error flag: a failed tool says so in its text.
    const failed = result?.isError || result?.content.startsWith('Error:');
    return {
      text: failed ? `tool error: ${result?.content}` : `forecast: ${result?.content}`,
      usage: { freshInput: 160, output: 12 },
    };
  };

const MODELS = [
  { model: 'openai:gpt-5-mini', log: () => fakes.openai.log },
  { model: 'anthropic:claude-sonnet-4-6', log: () => fakes.anthropic.log },
  { model: 'ollama:gpt-oss:20b', log: () => fakes.ollama.log },
  { model: 'openai-compatible:qwen3-coder', log: () => fakes.compatible.log },
];

/** The JSON of every model request the fake answered (not Ollama's /api/show look-ups). */
const requestBodies = (log: FakeLog) =>
  log.requests
    .filter(
      ({ request }) => request.method === 'POST' && !request.url.pathname.endsWith('/api/show'),
    )
    .map(({ json }) => json as Record<string, unknown>);

describe('a custom zod tool on every provider', () => {
  test.for(MODELS)('$model: the model calls it, the run records it', async ({ model, log }) => {
    weatherCalls.length = 0;
    let seen: ConversationView | undefined;
    brain = (view) => {
      seen = view;
      return weatherBrain({ city: 'Oslo', days: 1 })(view);
    };
    const run = await runAgent({
      model,
      prompt: 'What is the weather in Oslo tomorrow?',
      workspace: workspace.root,
      tools: { lookup_weather: lookupWeather },
    });

    expect(run.error).toBeNull();
    expect(weatherCalls).toEqual([{ city: 'Oslo', days: 1 }]);
    expect(run.output).toBe('forecast: {"city":"Oslo","unit":"celsius","forecast":["sun"]}');
    expect(run.toolCalls).toEqual([
      expect.objectContaining({
        name: 'lookup_weather',
        args: { city: 'Oslo', days: 1 },
        ok: true,
        turn: 1,
      }),
    ]);
    expect(run).toHaveCalledTool('lookup_weather', { city: 'Oslo' });
    expect(run).not.toHaveCalledTool('lookup_weather', { city: 'Bergen' });
    // The model was offered the five file tools and then the custom one.
    expect(seen?.toolNames).toEqual([
      'read_file',
      'list_directory',
      'write_file',
      'get_file_info',
      'edit_file',
      'lookup_weather',
    ]);
    // With more than the five file tools, the prompt no longer says "five file tools".
    expect(seen?.system).not.toBe(SYSTEM_PROMPT);
    expect(seen?.system).toContain('through the tools you are given');
    expect(requestBodies(log())).toHaveLength(2);
  });

  test('each API gets the schema in its own shape', async () => {
    brain = weatherBrain({ city: 'Oslo' });
    for (const { model } of MODELS) {
      await runAgent({
        model,
        prompt: 'Weather?',
        workspace: workspace.root,
        tools: { lookup_weather: lookupWeather },
        fileTools: false,
      });
    }
    const [responses] = requestBodies(fakes.openai.log);
    expect(responses?.tools).toEqual([
      {
        type: 'function',
        name: 'lookup_weather',
        description: 'Look up the weather forecast of a city.',
        strict: false,
        parameters: expect.objectContaining({ type: 'object', required: ['city'] }),
      },
    ]);
    const [messages] = requestBodies(fakes.anthropic.log);
    const [anthropicTool] = (messages?.tools ?? []) as { input_schema: Record<string, unknown> }[];
    expect(anthropicTool?.input_schema).toMatchObject({
      type: 'object',
      properties: { source: { type: 'string', const: 'met-office' } },
    });
    expect(anthropicTool?.input_schema).not.toHaveProperty('$schema');
    const [chat] = requestBodies(fakes.ollama.log);
    const [ollamaTool] = (chat?.tools ?? []) as {
      type: string;
      function: Record<string, unknown>;
    }[];
    expect(ollamaTool?.type).toBe('function');
    // Ollama's Go struct has no `const`: the literal goes as a one-value enum.
    expect(ollamaTool?.function.parameters).toMatchObject({
      properties: { source: { type: 'string', enum: ['met-office'] } },
    });
    expect(JSON.stringify(ollamaTool?.function.parameters)).not.toContain('"const"');
    const [completion] = requestBodies(fakes.compatible.log);
    expect(completion?.tools).toEqual([
      {
        type: 'function',
        function: expect.objectContaining({
          name: 'lookup_weather',
          parameters: expect.any(Object),
        }),
      },
    ]);
  });

  test.for(MODELS)(
    '$model: invalid arguments reach the model as a tool error',
    async ({ model }) => {
      weatherCalls.length = 0;
      let errorSeen: { content: string; isError: boolean } | undefined;
      brain = (view) => {
        if (view.turn === 1) errorSeen = view.lastToolResults[0];
        return weatherBrain({ city: 5, days: 30 })(view);
      };
      const run = await runAgent({
        model,
        prompt: 'Weather?',
        workspace: workspace.root,
        tools: { lookup_weather: lookupWeather },
      });

      expect(weatherCalls).toEqual([]);
      const [call] = run.toolCalls;
      expect(call).toMatchObject({
        name: 'lookup_weather',
        ok: false,
        args: { city: 5, days: 30 },
      });
      expect(call?.error).toBe(
        'Invalid arguments for lookup_weather: city: Invalid input: expected string, received number; days: Too big: expected number to be <=7. Expected {"city": string, "days"?: integer, "unit"?: string, "source"?: string, "window"?: object, "tags"?: any}.',
      );
      // What the model got back: the same words; an error flag where the API has one, else "Error:".
      expect(errorSeen?.content).toContain('Invalid arguments for lookup_weather: city:');
      if (model.startsWith('anthropic')) expect(errorSeen?.isError).toBe(true);
      else expect(errorSeen?.content).toMatch(/^Error: Invalid arguments/);
      expect(run.output).toMatch(/^tool error: /);
      expect(run).not.toHaveCalledTool('lookup_weather');
      expect(run).toHaveCalledTool('lookup_weather', { city: 5 }, { includeFailed: true });
    },
  );
});

describe('what a custom tool gives back', () => {
  test('arguments that are not JSON, a throw, and the context execute gets', async () => {
    const contexts: unknown[] = [];
    const flaky = tool({
      description: 'Fails on purpose.',
      parameters: z.object({ id: z.string() }),
      execute: (args, context) => {
        contexts.push({ ...context, signal: context.signal instanceof AbortSignal });
        throw new Error(`no record ${args.id}`);
      },
    });
    brain = (view) =>
      view.turn === 0
        ? {
            toolCalls: [
              { name: 'flaky', arguments: '{"id": "a"' },
              { name: 'flaky', arguments: { id: 'b' } },
            ],
          }
        : { text: view.lastToolResults.map((result) => result.content).join(' | ') };
    const run = await runAgent({
      model: 'openai:gpt-5-mini',
      prompt: 'x',
      workspace: workspace.root,
      tools: { flaky },
      fileTools: false,
    });
    expect(run.toolCalls.map((call) => [call.ok, call.error])).toEqual([
      [
        false,
        expect.stringMatching(
          /^Invalid arguments for flaky: not valid JSON \(.+\)\. Expected \{"id": string\}\.$/,
        ),
      ],
      [false, 'flaky failed: no record b'],
    ]);
    expect(contexts).toEqual([
      { workspace: workspace.root, signal: true, model: 'openai:gpt-5-mini', turn: 1 },
    ]);
    expect(run.output).toContain('Error: flaky failed: no record b');
  });

  test('a tool that hangs is cut off by the run timeout', async () => {
    const slow = tool({
      description: 'Never returns.',
      parameters: z.object({}),
      execute: () => new Promise(() => undefined),
    });
    brain = () => ({ toolCalls: [{ name: 'slow', arguments: {} }] });
    const run = await runAgent({
      model: 'openai:gpt-5-mini',
      prompt: 'x',
      workspace: workspace.root,
      tools: { slow },
      limits: { timeoutMs: 200 },
    });
    expect(run.error?.kind).toBe('timeout');
  });
});

describe('fileTools and system', () => {
  test('fileTools: a list offers only those; the others are unknown to the model', async () => {
    let offered: string[] = [];
    brain = (view) => {
      offered = view.toolNames;
      return view.turn === 0
        ? { toolCalls: [{ name: 'write_file', arguments: { file_path: 'a', content: 'b' } }] }
        : { text: view.lastToolResults[0]?.content ?? '' };
    };
    const run = await runAgent({
      model: 'anthropic:claude-sonnet-4-6',
      prompt: 'x',
      workspace: workspace.root,
      fileTools: ['list_directory', 'read_file'],
    });
    expect(offered).toEqual(['read_file', 'list_directory']);
    expect(run.toolCalls[0]?.error).toBe(
      'Unknown tool "write_file". Available tools: read_file, list_directory.',
    );
  });

  test('system replaces the prompt every model gets', async () => {
    let system = '';
    brain = (view) => {
      system = view.system;
      return { text: 'ok' };
    };
    const run = await runAgent({
      model: 'ollama:gpt-oss:20b',
      prompt: 'x',
      workspace: workspace.root,
      system: 'You are a terse support agent.',
    });
    expect(system).toBe('You are a terse support agent.');
    expect(run.transcript[0]).toEqual({
      role: 'system',
      content: 'You are a terse support agent.',
    });
  });

  test('the default tool set keeps the nano agent’s prompt, word for word', () => {
    expect(buildToolset().system).toBe(SYSTEM_PROMPT);
    expect(buildToolset({ fileTools: false }).schemas).toEqual([]);
    expect(buildToolset({ fileTools: false }).system).toBe(
      'You are an agent. Do the task, then reply with the final answer only: concise, and in exactly the format the task asks for.',
    );
  });
});

describe('a tool set that cannot work fails before any model call', () => {
  const lookup = tool({
    description: 'Look up.',
    parameters: z.object({ q: z.string() }),
    execute: () => 'x',
  });

  test.for([
    {
      options: { tools: { read_file: lookup } },
      message:
        "tools.read_file has the name of a file tool; rename it, or turn that file tool off (fileTools: ['list_directory', 'write_file', 'get_file_info', 'edit_file'])",
    },
    {
      options: { tools: { 'look up': lookup } },
      message:
        'tools: "look up" is not a name every provider accepts: use 1 to 64 letters, digits, "_" or "-"',
    },
    {
      options: { tools: { ['x'.repeat(65)]: lookup } },
      message: /is not a name every provider accepts/,
    },
    {
      options: { fileTools: ['read_fle'] },
      message:
        'fileTools names "read_fle", which is not a file tool (read_file, list_directory, write_file, get_file_info, edit_file). Did you mean "read_file"?',
    },
    {
      options: {
        tools: { lookup: { description: 'x', parameters: z.object({}), execute: () => '' } },
      },
      message:
        "tools.lookup is not a tool: make it with tool({ description, parameters, execute }) from 'nanograde'",
    },
    {
      options: {
        tools: {
          when: tool({
            description: 'x',
            parameters: z.object({ at: z.date() }),
            execute: () => '',
          }),
        },
      },
      message:
        /^tools\.when: its parameters cannot be shown to a model as JSON Schema \(Date cannot be represented in JSON Schema\)/,
    },
    {
      options: {
        tools: {
          lookup: tool({ description: ' ', parameters: z.object({}), execute: () => '' }),
        },
      },
      message:
        'tools.lookup has no description: the model reads it to decide when to call the tool',
    },
  ])('$message', ({ options, message }) => {
    expect(() => buildToolset(options as never)).toThrow(ToolsetError);
    expect(() => buildToolset(options as never)).toThrow(message);
  });

  test('parameters must be a zod object', () => {
    expect(() =>
      buildToolset({
        tools: {
          pick: tool({ description: 'x', parameters: z.string() as never, execute: () => '' }),
        },
      }),
    ).toThrow(
      'tools.pick: parameters must be a zod object schema, e.g. z.object({ city: z.string() }); every provider takes an object of named arguments',
    );
  });

  test('a custom tool may take a file tool’s name when that file tool is off', () => {
    const toolset = buildToolset({ tools: { read_file: lookup }, fileTools: ['list_directory'] });
    expect(toolset.schemas.map((schema) => schema.name)).toEqual(['list_directory', 'read_file']);
  });

  test('runAgent refuses it before calling the model', async () => {
    const calls = fakes.openai.log.requests.length;
    await expect(
      runAgent({
        model: 'gpt-5-mini',
        prompt: 'x',
        workspace: workspace.root,
        tools: { 'a b': lookup },
      }),
    ).rejects.toThrow(ToolsetError);
    expect(fakes.openai.log.requests.length).toBe(calls);
  });
});
