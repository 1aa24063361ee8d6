import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  builtinModels,
  CatalogError,
  createCatalog,
  defaultCatalog,
  findModel,
  ModelEntrySchema,
  namesOf,
} from '../../src/models/catalog.js';

describe('built-in models', () => {
  test('every built-in entry parses with the entry schema', () => {
    expect(() => z.array(ModelEntrySchema).parse(builtinModels)).not.toThrow();
    expect(builtinModels.map((entry) => entry.id)).toEqual([
      'openai:gpt-5',
      'openai:gpt-5-mini',
      'openai:gpt-5-nano',
      'anthropic:claude-opus-4-1',
      'anthropic:claude-opus-4',
      'anthropic:claude-sonnet-4',
      'anthropic:claude-3-haiku',
      'anthropic:claude-3-5-haiku',
      'anthropic:claude-sonnet-4-5',
      'anthropic:claude-haiku-4-5',
      'anthropic:claude-opus-4-5',
      'ollama:gpt-oss:20b',
      'ollama:gpt-oss:120b',
    ]);
  });

  test('ids and aliases are unique across the whole catalog', () => {
    const bare = builtinModels.flatMap((entry) => [entry.id, ...entry.aliases]);
    expect(new Set(bare).size).toBe(bare.length);
    const every = builtinModels.flatMap(namesOf);
    expect(new Set(every).size).toBe(every.length);
  });

  test('the API model name is always one of the names a model answers to', () => {
    for (const entry of builtinModels) {
      expect(namesOf(entry)).toContain(`${entry.provider}:${entry.apiModel}`);
    }
  });

  test('prices are the ones REFERENCE.md gives (input / cached / 5-min write / output)', () => {
    const table = Object.fromEntries(
      builtinModels.map((entry) => {
        const price = entry.price;
        if (price === null || 'local' in price) return [entry.id, price];
        return [entry.id, [price.input, price.cachedInput, price.cacheWrite, price.output]];
      }),
    );
    expect(table).toEqual({
      'openai:gpt-5': [1.25, 0.125, undefined, 10],
      'openai:gpt-5-mini': [0.25, 0.025, undefined, 2],
      'openai:gpt-5-nano': [0.05, 0.005, undefined, 0.4],
      'anthropic:claude-opus-4-1': [15, 1.5, 18.75, 75],
      'anthropic:claude-opus-4': [15, 1.5, 18.75, 75],
      'anthropic:claude-sonnet-4': [3, 0.3, 3.75, 15],
      'anthropic:claude-3-haiku': [0.25, 0.03, 0.3, 1.25],
      'anthropic:claude-3-5-haiku': [0.8, 0.08, 1, 4],
      'anthropic:claude-sonnet-4-5': [3, 0.3, 3.75, 15],
      'anthropic:claude-haiku-4-5': [1, 0.1, 1.25, 5],
      // From Anthropic's Claude Opus 4.5 model page (not in REFERENCE.md).
      'anthropic:claude-opus-4-5': [5, 0.5, 6.25, 25],
      'ollama:gpt-oss:20b': { local: true },
      'ollama:gpt-oss:120b': { local: true },
    });
  });

  test('every price names its source and the day it was read', () => {
    for (const entry of builtinModels) {
      if (entry.price === null || 'local' in entry.price) continue;
      expect(entry.price.source).not.toBe('');
      expect(entry.price.readOn).toMatch(/^2026-11-\d\d$/);
    }
    const opus45 = findModel(defaultCatalog, 'anthropic:claude-opus-4-5');
    expect(opus45?.price).toMatchObject({ source: expect.stringContaining('platform.claude.com') });
  });

  test('the retired Claude models name the successors the vendor recommends', () => {
    const successors = Object.fromEntries(
      builtinModels
        .filter((entry) => entry.status.state === 'retired')
        .map((entry) => [entry.id, entry.status.state === 'retired' && entry.status.replacement]),
    );
    expect(successors).toEqual({
      'anthropic:claude-opus-4-1': 'anthropic:claude-opus-4-5',
      'anthropic:claude-opus-4': 'anthropic:claude-opus-4-5',
      'anthropic:claude-sonnet-4': 'anthropic:claude-sonnet-4-5',
      'anthropic:claude-3-haiku': 'anthropic:claude-haiku-4-5',
      'anthropic:claude-3-5-haiku': 'anthropic:claude-haiku-4-5',
    });
  });

  test('the built-ins cannot be changed by a careless caller', () => {
    const gpt5 = builtinModels[0];
    expect(Object.isFrozen(builtinModels)).toBe(true);
    expect(Object.isFrozen(gpt5?.price)).toBe(true);
    expect(Object.isFrozen(defaultCatalog.models)).toBe(true);
  });
});

describe('findModel', () => {
  test('finds a model by id, bare alias, dated id and provider-qualified alias', () => {
    const names = [
      'anthropic:claude-3-haiku',
      'claude-3-haiku',
      'claude-3-haiku-20240307',
      'anthropic:claude-3-haiku-20240307',
    ];
    for (const name of names) {
      expect(findModel(defaultCatalog, name)?.id).toBe('anthropic:claude-3-haiku');
    }
    expect(findModel(defaultCatalog, 'claude-3-opus')).toBeUndefined();
  });
});

describe('createCatalog', () => {
  test('without overrides holds exactly the built-ins', () => {
    expect(createCatalog().models).toEqual(builtinModels);
  });

  test('adds a user model, filling provider, apiModel, label and defaults from its id', () => {
    const catalog = createCatalog({
      models: [{ id: 'openai:gpt-4.1', aliases: ['gpt-4.1'], price: { input: 2, output: 8 } }],
    });
    const entry = findModel(catalog, 'gpt-4.1');
    expect(entry).toMatchObject({
      id: 'openai:gpt-4.1',
      provider: 'openai',
      apiModel: 'gpt-4.1',
      label: 'gpt-4.1',
      status: { state: 'active' },
      // cachedInput defaults to input: no cache discount is assumed for a user's model.
      price: { input: 2, cachedInput: 2, output: 8, source: 'user override' },
    });
    expect(catalog.models).toHaveLength(builtinModels.length + 1);
  });

  test('a user model with a built-in id replaces the built-in', () => {
    const catalog = createCatalog({
      models: [
        {
          id: 'anthropic:claude-opus-4-5',
          apiModel: 'claude-opus-4-5-20251101',
          aliases: ['claude-opus-4-5'],
          label: 'Claude Opus 4.5',
          status: { state: 'retired', replacement: 'claude-sonnet-4-5', since: '2027-01-05' },
        },
      ],
    });
    const entry = findModel(catalog, 'anthropic:claude-opus-4-5');
    // The replacement is stored as the canonical id even when given as an alias.
    expect(entry?.status).toEqual({
      state: 'retired',
      replacement: 'anthropic:claude-sonnet-4-5',
      since: '2027-01-05',
    });
    expect(entry?.price).toBeNull();
    expect(catalog.models).toHaveLength(builtinModels.length);
    expect(findModel(catalog, 'claude-opus-4-5')).toBe(entry);
    // Replacing is whole: the built-in's dated alias is gone with it.
    expect(findModel(catalog, 'claude-opus-4-5-20251101')).toBeUndefined();
  });

  test('overrides a price by alias, and marks a price unknown with null', () => {
    const catalog = createCatalog({
      prices: {
        'gpt-5-mini': { input: 0.2, cachedInput: 0.02, output: 1.6, readOn: '2026-11-20' },
        'anthropic:claude-sonnet-4-5': null,
      },
    });
    expect(findModel(catalog, 'openai:gpt-5-mini')?.price).toEqual({
      input: 0.2,
      cachedInput: 0.02,
      output: 1.6,
      source: 'user override',
      readOn: '2026-11-20',
    });
    expect(findModel(catalog, 'claude-sonnet-4-5')?.price).toBeNull();
    // The built-ins are untouched.
    expect(findModel(defaultCatalog, 'gpt-5-mini')?.price).toMatchObject({ input: 0.25 });
  });

  test('a price for a provider:model id the catalog lacks adds that model', () => {
    const catalog = createCatalog({ prices: { 'ollama:qwen3:8b': { local: true } } });
    expect(findModel(catalog, 'ollama:qwen3:8b')).toMatchObject({
      provider: 'ollama',
      apiModel: 'qwen3:8b',
      price: { local: true },
    });
  });

  test('an openai-compatible model may carry its own base URL', () => {
    const catalog = createCatalog({
      models: [{ id: 'openai-compatible:qwen3-coder', baseURL: 'http://localhost:8000/v1' }],
    });
    expect(findModel(catalog, 'openai-compatible:qwen3-coder')?.baseURL).toBe(
      'http://localhost:8000/v1',
    );
  });

  describe('refuses, with a message that says what is wrong', () => {
    const cases: { name: string; overrides: Parameters<typeof createCatalog>[0]; error: RegExp }[] =
      [
        {
          name: 'an alias another model already has',
          overrides: { models: [{ id: 'openai:gpt-5-pro', aliases: ['gpt-5'] }] },
          error: /"gpt-5" is used by both openai:gpt-5 and openai:gpt-5-pro/,
        },
        {
          name: 'a second model with the same API model name',
          overrides: {
            models: [{ id: 'anthropic:sonnet', apiModel: 'claude-sonnet-4-5-20250929' }],
          },
          error: /"anthropic:claude-sonnet-4-5-20250929" is used by both/,
        },
        {
          name: 'an id without a provider',
          overrides: { models: [{ id: 'gpt-4.1' }] },
          error: /id "gpt-4.1" must be "provider:model" with provider one of openai, anthropic/,
        },
        {
          name: 'a provider that contradicts the id',
          overrides: { models: [{ id: 'openai:gpt-4.1', provider: 'anthropic' }] },
          error: /id "openai:gpt-4.1" must be "anthropic:<model>"/,
        },
        {
          name: 'a negative price',
          overrides: { prices: { 'gpt-5': { input: -1, output: 10 } } },
          error: /Too small[\s\S]*prices\["gpt-5"\]\.input/,
        },
        {
          name: 'a price finer than a micro-dollar per million tokens',
          overrides: { prices: { 'gpt-5': { input: 0.0000001, output: 10 } } },
          error: /at most 6 decimals/,
        },
        {
          name: 'a price of the wrong type, saying which field',
          overrides: { prices: { 'gpt-5': { input: '1.25', output: 10 } as never } },
          error: /not a price \(input: Invalid input: expected number, received string\)/,
        },
        {
          name: 'a local price that is not true',
          overrides: { prices: { 'ollama:gpt-oss:20b': { local: false } as never } },
          error: /not a price \(local: Invalid input: expected true\)/,
        },
        {
          name: 'a base URL that is not http(s)',
          overrides: { models: [{ id: 'openai-compatible:m', baseURL: 'ftp://127.0.0.1/v1' }] },
          error: /models\[0\]\.baseURL/,
        },
        {
          name: 'a misspelt price field',
          overrides: { prices: { 'gpt-5': { input: 1, output: 10, cachedInputs: 0.1 } as never } },
          error: /cachedInputs/,
        },
        {
          name: 'a price for a bare name the catalog lacks',
          overrides: { prices: { 'gpt-4.1': { input: 2, output: 8 } } },
          error: /a price is given for "gpt-4.1", which is not in the catalog/,
        },
        {
          name: 'a price for a provider:model id that is no model name',
          overrides: { prices: { 'openai:gpt 4': { input: 2, output: 8 } } },
          error: /a price is given for "openai:gpt 4":[\s\S]*no whitespace/,
        },
        {
          name: 'two prices for one model',
          overrides: {
            prices: { 'gpt-5': { input: 1, output: 8 }, 'openai:gpt-5': { input: 2, output: 8 } },
          },
          error: /two prices are given for openai:gpt-5 \(as "gpt-5" and "openai:gpt-5"\)/,
        },
        {
          name: 'a replacement that is not in the catalog',
          overrides: {
            models: [{ id: 'openai:gpt-4o', status: { state: 'retired', replacement: 'gpt-9' } }],
          },
          error:
            /openai:gpt-4o is retired and names the replacement "gpt-9", which is not in the catalog/,
        },
        {
          name: 'retired models that replace each other in a cycle',
          overrides: {
            models: [
              { id: 'openai:a', status: { state: 'retired', replacement: 'openai:b' } },
              { id: 'openai:b', status: { state: 'retired', replacement: 'openai:a' } },
            ],
          },
          error: /cycle: openai:a → openai:b/,
        },
        {
          name: 'a base URL on a model that is not openai-compatible',
          overrides: { models: [{ id: 'ollama:qwen3:8b', baseURL: 'http://127.0.0.1:11434' }] },
          error: /baseURL is only for openai-compatible models, not ollama/,
        },
      ];
    test.for(cases)('$name', ({ overrides, error }) => {
      expect(() => createCatalog(overrides)).toThrowError(CatalogError);
      expect(() => createCatalog(overrides)).toThrowError(error);
    });
  });
});
