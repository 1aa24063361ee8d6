import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { parametersJsonSchema } from '../../src/agent/custom-tool.js';
import { fileToolSchemas } from '../../src/agent/tool-schemas.js';
import { createAnthropicProvider } from '../../src/providers/anthropic/adapter.js';
import { createOllamaProvider } from '../../src/providers/ollama/adapter.js';
import { createOpenAIProvider } from '../../src/providers/openai/adapter.js';
import type { Provider, ToolSchema } from '../../src/providers/provider-types.js';
import { ollamaParameters, openAIParameters } from '../../src/providers/tool-parameters.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';
import { rejectionOf } from '../fakes/test-support.js';
import { capabilitiesFor } from './request-capabilities.js';

const answer = () => ({ text: 'ok' });
const openai = createOpenAIFake({ brain: answer });
const anthropic = createAnthropicFake({ brain: answer });
const ollama = createOllamaFake({ brain: answer, models: ['gpt-oss:20b'] });
const server = setupServer(
  mswHandler('http://openai.fake/v1', openai.handler),
  mswHandler('http://anthropic.fake', anthropic.handler),
  mswHandler('http://ollama.fake', ollama.handler),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const providers: Record<'openai' | 'anthropic' | 'ollama', { provider: Provider; model: string }> =
  {
    openai: {
      provider: createOpenAIProvider({ apiKey: 'sk-test', baseURL: 'http://openai.fake/v1' }),
      model: 'gpt-5-mini',
    },
    anthropic: {
      provider: createAnthropicProvider({
        apiKey: 'sk-ant-test',
        baseURL: 'http://anthropic.fake',
      }),
      model: 'claude-sonnet-4-6',
    },
    ollama: {
      provider: createOllamaProvider({ host: 'http://ollama.fake' }),
      model: 'gpt-oss:20b',
    },
  };

const offer = (name: keyof typeof providers, tool: ToolSchema) => {
  const { provider, model } = providers[name] as { provider: Provider; model: string };
  return provider.complete({
    model,
    capabilities: capabilitiesFor(name, model),
    system: 'x',
    messages: [{ role: 'user', content: 'hi' }],
    tools: [tool],
    maxOutputTokens: 100,
  });
};

/** A zod schema with what JSON Schema makes of tuples, literals, nullables, records and nesting. */
const everything = z.object({
  name: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z]+$/),
  pair: z.tuple([z.string(), z.number()]),
  kind: z.literal('book'),
  level: z.enum(['low', 'high']).default('low'),
  note: z.string().nullable(),
  labels: z.record(z.string(), z.string()).optional(),
  nested: z.object({ deep: z.array(z.object({ id: z.number().int() })) }),
  empty: z.object({}),
});

describe('the same zod schema, in each API’s dialect, passes the strict fakes', () => {
  const parameters = parametersJsonSchema('catalogue', everything);

  test.for(['openai', 'anthropic', 'ollama'] as const)('%s', async (name) => {
    const result = await offer(name, {
      name: 'catalogue',
      description: 'Find a book.',
      parameters,
    });
    expect(result.message.content).toBe('ok');
  });

  test('openai: a tuple gets the items OpenAI requires, an object its properties', () => {
    const converted = openAIParameters(parameters) as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(converted.properties.pair).toMatchObject({
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'number' }],
      items: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    });
    expect(openAIParameters({ type: 'object' })).toEqual({ type: 'object', properties: {} });
  });

  test('ollama: a literal becomes a one-value enum, everything else is left as it is', () => {
    const converted = ollamaParameters(parameters) as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(converted.properties.kind).toEqual({ type: 'string', enum: ['book'] });
    expect(converted.properties.name).toEqual((parameters.properties as { name: unknown }).name);
  });

  test('the file tools are the same in every dialect (their requests do not change)', () => {
    for (const tool of fileToolSchemas) {
      expect(openAIParameters(tool.parameters)).toEqual(tool.parameters);
      expect(ollamaParameters(tool.parameters)).toEqual(tool.parameters);
    }
  });
});

describe('the fakes refuse schemas the way each API does', () => {
  const badType = {
    name: 'bad',
    description: 'x',
    parameters: { type: 'object', properties: { a: { type: 'strng' } } },
  };

  test('openai: a schema off the meta-schema, and OpenAI’s own object/array rules', async () => {
    const error = await rejectionOf(offer('openai', badType));
    expect(String(error)).toContain(
      "bad_request (HTTP 400): Invalid schema for function 'bad': In context=('properties', 'a', 'type'), 'strng' is not valid under any of the given schemas.",
    );
    // What the adapter's dialect fixes, the API itself refuses: a tuple without `items`.
    const response = await fetch('http://openai.fake/v1/responses', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-5-mini',
        input: 'hi',
        tools: [
          {
            type: 'function',
            name: 't',
            strict: false,
            parameters: {
              type: 'object',
              properties: { p: { type: 'array', prefixItems: [{ type: 'string' }] } },
            },
          },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        message:
          "Invalid schema for function 't': In context=('properties', 'p'), array schema missing items.",
        param: 'tools[0].parameters',
        code: 'invalid_function_parameters',
      },
    });
  });

  test('anthropic: JSON Schema draft 2020-12 only', async () => {
    const expected =
      'tools.0.custom.input_schema: JSON schema is invalid. It must match JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12). Learn more about tool use at https://docs.claude.com/en/docs/tool-use.';
    expect(String(await rejectionOf(offer('anthropic', badType)))).toContain(expected);
    // Draft-07's tuple form of `items` is gone from 2020-12 (a declared draft-07 is no excuse).
    const draft7Tuple = {
      name: 'old',
      description: 'x',
      parameters: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] } },
      },
    };
    expect(String(await rejectionOf(offer('anthropic', draft7Tuple)))).toContain(expected);
    // What the AI SDK sends for every tool: draft-07 declared, nothing 2020-12 refuses.
    const declared = { ...draft7Tuple, parameters: { ...draft7Tuple.parameters, properties: {} } };
    expect((await offer('anthropic', declared)).message.content).toBe('ok');
  });

  test('ollama: Go decodes the schema into its struct; a wrong type is a 400', async () => {
    const numberType = {
      name: 'n',
      description: 'x',
      parameters: { type: 'object', properties: { a: { type: 5 } } },
    };
    expect(String(await rejectionOf(offer('ollama', numberType)))).toContain(
      'json: cannot unmarshal number into Go value of type []string',
    );
    const requiredText = {
      name: 'r',
      description: 'x',
      parameters: { type: 'object', required: 'a' },
    };
    expect(String(await rejectionOf(offer('ollama', requiredText)))).toContain(
      'json: cannot unmarshal string into Go struct field ChatRequest.tools.function.parameters.required of type []string',
    );
    // Keywords outside the struct are dropped without a word, as Ollama does.
    const result = await offer('ollama', {
      ...badType,
      parameters: { type: 'object', properties: { a: { type: 'string', pattern: '[' } } },
    });
    expect(result.message.content).toBe('ok');
  });
});
