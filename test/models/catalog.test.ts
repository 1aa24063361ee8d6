import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { builtinModels } from '../../src/models/builtin-models.js';
import {
  activeSuccessor,
  CatalogError,
  createCatalog,
  defaultCatalog,
  findModel,
  namesOf,
} from '../../src/models/catalog.js';
import {
  dayOf,
  daysUntil,
  isRetired,
  lifecycleOf,
  retirementDay,
} from '../../src/models/lifecycle.js';
import { ModelEntrySchema } from '../../src/models/model-schema.js';

const TODAY = new Date('2026-11-23T12:00:00Z');

describe('built-in models', () => {
  test('every built-in entry parses with the entry schema', () => {
    // The module does not parse them as it loads; this is their check. A plain validation:
    // parsing changes nothing (no default or transform fills in what an entry left out).
    expect(z.array(ModelEntrySchema).parse(builtinModels)).toEqual(builtinModels);
    expect(builtinModels.map((entry) => entry.id)).toEqual([
      'openai:gpt-5',
      'openai:gpt-5-mini',
      'openai:gpt-5-nano',
      'openai:gpt-6.1-sol',
      'openai:gpt-6.1-terra',
      'openai:gpt-6-luna',
      'openai:gpt-6-astra',
      'openai:gpt-6.2-astra',
      'openai:gpt-6.2-sol',
      'anthropic:claude-opus-4-1',
      'anthropic:claude-opus-4',
      'anthropic:claude-sonnet-4',
      'anthropic:claude-3-haiku',
      'anthropic:claude-3-5-haiku',
      'anthropic:claude-sonnet-4-5',
      'anthropic:claude-haiku-4-5',
      'anthropic:claude-opus-4-5',
      'anthropic:claude-opus-4-8',
      'anthropic:claude-sonnet-4-6',
      'anthropic:claude-opus-5',
      'anthropic:claude-sonnet-5',
      'anthropic:claude-opus-5-5',
      'anthropic:claude-sonnet-5-5',
      'anthropic:claude-haiku-5-5',
      'anthropic:claude-fable-5-1',
      'ollama:gpt-oss:20b',
      'ollama:gpt-oss:120b',
      'builtin:reference',
      'builtin:null',
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

  test("prices are the vendors' own (input / cached / shortest cache write / output)", () => {
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
      // OpenAI model pages: the cache write is the 30-minute retention price.
      'openai:gpt-6.1-sol': [2, 0.1, 2.5, 10],
      'openai:gpt-6.1-terra': [1, 0.05, 1.25, 5],
      'openai:gpt-6-luna': [0.1, 0.01, 0.125, 0.5],
      'openai:gpt-6-astra': [10, 1, 12.5, 50],
      // The cache write is OpenAI's 1.25x input rule: the model page does not list it yet.
      'openai:gpt-6.2-astra': [8, 0.4, 10, 40],
      'openai:gpt-6.2-sol': [2, 0.1, 2.5, 10],
      'anthropic:claude-opus-4-1': [15, 1.5, 18.75, 75],
      'anthropic:claude-opus-4': [15, 1.5, 18.75, 75],
      'anthropic:claude-sonnet-4': [3, 0.3, 3.75, 15],
      'anthropic:claude-3-haiku': [0.25, 0.03, 0.3, 1.25],
      'anthropic:claude-3-5-haiku': [0.8, 0.08, 1, 4],
      'anthropic:claude-sonnet-4-5': [3, 0.3, 3.75, 15],
      'anthropic:claude-haiku-4-5': [1, 0.1, 1.25, 5],
      'anthropic:claude-opus-4-5': [5, 0.5, 6.25, 25],
      'anthropic:claude-opus-4-8': [5, 0.5, 6.25, 25],
      'anthropic:claude-sonnet-4-6': [3, 0.3, 3.75, 15],
      'anthropic:claude-opus-5': [5, 0.5, 6.25, 25],
      'anthropic:claude-sonnet-5': [2, 0.2, 2.5, 10],
      // Cache hits on Opus 5.5 and Sonnet 5.5 cost 0.05x the input price.
      'anthropic:claude-opus-5-5': [4, 0.2, 5, 20],
      'anthropic:claude-sonnet-5-5': [2, 0.1, 2.5, 10],
      // The band for prompts up to 100,000 tokens; the other band is a tier (next test).
      'anthropic:claude-haiku-5-5': [0.1, 0.01, 0.125, 0.5],
      // Cache reads "at a quarter of the cost" of Fable 5's; writes at the standard 1.25x input.
      'anthropic:claude-fable-5-1': [10, 0.25, 12.5, 50],
      'ollama:gpt-oss:20b': { local: true },
      'ollama:gpt-oss:120b': { local: true },
      'builtin:reference': { local: true },
      'builtin:null': { local: true },
    });
  });

  test('long requests have their own rates where the vendor says so', () => {
    const tiers = Object.fromEntries(
      builtinModels.flatMap((entry) => {
        const price = entry.price;
        if (price === null || 'local' in price || price.tiers === undefined) return [];
        return [[entry.id, price.tiers]];
      }),
    );
    expect(tiers).toEqual({
      // "more than 272K input tokens … 2x input and cache rates and 1.5x output for the full request"
      'openai:gpt-6.1-sol': [
        { aboveInputTokens: 272_000, input: 4, cachedInput: 0.2, cacheWrite: 5, output: 15 },
      ],
      'openai:gpt-6.1-terra': [
        { aboveInputTokens: 272_000, input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 7.5 },
      ],
      'openai:gpt-6-luna': [
        {
          aboveInputTokens: 272_000,
          input: 0.2,
          cachedInput: 0.02,
          cacheWrite: 0.25,
          output: 0.75,
        },
      ],
      'openai:gpt-6-astra': [
        { aboveInputTokens: 272_000, input: 20, cachedInput: 2, cacheWrite: 25, output: 75 },
      ],
      'openai:gpt-6.2-astra': [
        { aboveInputTokens: 272_000, input: 16, cachedInput: 0.8, cacheWrite: 20, output: 60 },
      ],
      'openai:gpt-6.2-sol': [
        { aboveInputTokens: 272_000, input: 4, cachedInput: 0.2, cacheWrite: 5, output: 15 },
      ],
      // "for prompts over 100,000 tokens"
      'anthropic:claude-haiku-5-5': [
        {
          aboveInputTokens: 100_000,
          input: 0.5,
          cachedInput: 0.05,
          cacheWrite: 0.625,
          output: 2.5,
        },
      ],
    });
  });

  test('every price names its source and the day it was read', () => {
    for (const entry of builtinModels) {
      if (entry.price === null || 'local' in entry.price) continue;
      expect(entry.price.source).not.toBe('');
      expect(entry.price.readOn).toMatch(/^2026-1[12]-\d\d$/);
      // Everything read for the last two refreshes cites the vendor page it was read on.
      if (entry.price.readOn === '2026-11-23' || entry.price.readOn === '2026-12-06') {
        expect(entry.price.source).toMatch(
          /^https:\/\/(developers\.openai\.com|platform\.claude\.com)\/.+/,
        );
      }
    }
    expect(findModel(defaultCatalog, 'claude-haiku-5-5')?.price).toMatchObject({
      source: 'https://platform.claude.com/docs/en/models/haiku-5-5/overview',
      readOn: '2026-12-06',
    });
    expect(findModel(defaultCatalog, 'gpt-6.2-sol')?.price).toMatchObject({
      source: 'https://developers.openai.com/api/docs/models/gpt-6.2-sol',
      readOn: '2026-12-06',
    });
  });

  test('the retired Claude models name the successors the vendor recommends', () => {
    const successors = Object.fromEntries(
      builtinModels.flatMap((entry) =>
        entry.status.state === 'retired'
          ? [[entry.id, [entry.status.replacement, entry.status.since]]]
          : [],
      ),
    );
    // The model deprecations page: replacement and retirement day of each.
    expect(successors).toEqual({
      'anthropic:claude-opus-4-1': ['anthropic:claude-opus-4-8', '2026-08-05'],
      'anthropic:claude-opus-4': ['anthropic:claude-opus-4-8', '2026-06-15'],
      'anthropic:claude-sonnet-4': ['anthropic:claude-sonnet-4-6', '2026-06-15'],
      'anthropic:claude-3-haiku': ['anthropic:claude-haiku-4-5', '2026-04-20'],
      'anthropic:claude-3-5-haiku': ['anthropic:claude-haiku-4-5', '2026-02-19'],
    });
  });

  test('the deprecated models name their retirement day and successor', () => {
    const deprecated = Object.fromEntries(
      builtinModels.flatMap((entry) =>
        entry.status.state === 'deprecated'
          ? [[entry.id, [entry.status.retiresOn, entry.status.replacement]]]
          : [],
      ),
    );
    expect(deprecated).toEqual({
      'openai:gpt-5': ['2026-12-11', 'openai:gpt-6.1-sol'],
      'openai:gpt-5-mini': ['2026-12-11', 'openai:gpt-6.1-terra'],
      'openai:gpt-5-nano': ['2026-12-11', 'openai:gpt-6-luna'],
      'anthropic:claude-sonnet-4-5': ['2026-11-30', 'anthropic:claude-sonnet-5-5'],
      // Deprecated on 2026-11-23; the retirement covers the undated alias too.
      'anthropic:claude-opus-4-5': ['2027-01-22', 'anthropic:claude-opus-5-5'],
    });
  });

  test('the built-ins cannot be changed by a careless caller', () => {
    const gpt5 = builtinModels[0];
    expect(Object.isFrozen(builtinModels)).toBe(true);
    expect(Object.isFrozen(gpt5?.price)).toBe(true);
    expect(Object.isFrozen(defaultCatalog.models)).toBe(true);
    const haiku55 = findModel(defaultCatalog, 'claude-haiku-5-5')?.price;
    if (haiku55 === null || haiku55 === undefined || 'local' in haiku55) throw new Error('priced');
    expect(Object.isFrozen(haiku55.tiers?.[0])).toBe(true);
  });
});

describe('lifecycle', () => {
  const sonnet45 = () => {
    const entry = findModel(defaultCatalog, 'claude-sonnet-4-5');
    if (entry === undefined) throw new Error('Sonnet 4.5 is in the catalog');
    return entry;
  };

  test('a deprecated model is retired from its retirement day on (UTC), not before', () => {
    expect(lifecycleOf(sonnet45(), TODAY)).toBe('deprecated');
    expect(lifecycleOf(sonnet45(), new Date('2026-11-29T23:59:59Z'))).toBe('deprecated');
    expect(lifecycleOf(sonnet45(), new Date('2026-11-30T00:00:00Z'))).toBe('retired');
    expect(lifecycleOf(sonnet45(), new Date('2027-03-01T00:00:00Z'))).toBe('retired');
    // Counted in UTC: 23:30 on the 29th in New York is already the 30th.
    expect(isRetired(sonnet45(), new Date('2026-11-29T23:30:00-05:00'))).toBe(true);
    expect(isRetired(sonnet45(), new Date('2026-11-29T23:30:00Z'))).toBe(false);
  });

  test('active and retired models do not depend on the day', () => {
    const haiku45 = findModel(defaultCatalog, 'claude-haiku-4-5');
    const haiku3 = findModel(defaultCatalog, 'claude-3-haiku');
    if (haiku45 === undefined || haiku3 === undefined) throw new Error('in the catalog');
    for (const now of [new Date('2020-01-01T00:00:00Z'), TODAY, new Date('2030-01-01T00:00:00Z')]) {
      expect(lifecycleOf(haiku45, now)).toBe('active');
      expect(lifecycleOf(haiku3, now)).toBe('retired');
    }
  });

  test('the retirement day is the deprecated model’s retiresOn or the retired model’s since', () => {
    expect(retirementDay(sonnet45())).toBe('2026-11-30');
    const opus41 = findModel(defaultCatalog, 'claude-opus-4-1');
    const opus55 = findModel(defaultCatalog, 'claude-opus-5-5');
    if (opus41 === undefined || opus55 === undefined) throw new Error('in the catalog');
    expect(retirementDay(opus41)).toBe('2026-08-05');
    expect(retirementDay(opus55)).toBeUndefined();
  });

  test('days are counted between UTC calendar days', () => {
    expect(dayOf(new Date('2026-11-23T23:59:59Z'))).toBe('2026-11-23');
    expect(daysUntil('2026-11-30', TODAY)).toBe(7);
    expect(daysUntil('2026-11-23', TODAY)).toBe(0);
    expect(daysUntil('2026-11-20', TODAY)).toBe(-3);
  });

  test('activeSuccessor walks past retired and deprecated models to an active one', () => {
    const successor = (name: string) => {
      const entry = findModel(defaultCatalog, name);
      if (entry === undefined) throw new Error(`${name} is in the catalog`);
      return activeSuccessor(defaultCatalog, entry).id;
    };
    expect(successor('claude-sonnet-4-5')).toBe('anthropic:claude-sonnet-5-5');
    expect(successor('gpt-5-mini')).toBe('openai:gpt-6.1-terra');
    expect(successor('claude-3-5-haiku')).toBe('anthropic:claude-haiku-4-5');
    expect(successor('claude-haiku-4-5')).toBe('anthropic:claude-haiku-4-5');
    // A user catalog that deprecates Sonnet 5.5 too: the chain goes on to its successor.
    const catalog = createCatalog({
      models: [
        { id: 'anthropic:claude-sonnet-6', label: 'Claude Sonnet 6' },
        {
          id: 'anthropic:claude-sonnet-5-5',
          label: 'Claude Sonnet 5.5',
          status: {
            state: 'deprecated',
            replacement: 'anthropic:claude-sonnet-6',
            retiresOn: '2027-09-28',
          },
        },
      ],
    });
    const sonnet4 = findModel(catalog, 'claude-sonnet-4-5');
    if (sonnet4 === undefined) throw new Error('Sonnet 4.5 is in the catalog');
    expect(activeSuccessor(catalog, sonnet4).id).toBe('anthropic:claude-sonnet-6');
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

  test('deprecates a model, storing its replacement as the canonical id', () => {
    const catalog = createCatalog({
      models: [
        {
          id: 'anthropic:claude-opus-4-5',
          apiModel: 'claude-opus-4-5-20251101',
          label: 'Claude Opus 4.5',
          status: {
            state: 'deprecated',
            replacement: 'claude-opus-5-5',
            retiresOn: '2027-01-24',
            since: '2026-11-24',
          },
        },
      ],
    });
    expect(findModel(catalog, 'anthropic:claude-opus-4-5')?.status).toEqual({
      state: 'deprecated',
      replacement: 'anthropic:claude-opus-5-5',
      retiresOn: '2027-01-24',
      since: '2026-11-24',
    });
  });

  test("a user's price tiers keep their order, a tier's cachedInput defaulting to its input", () => {
    const catalog = createCatalog({
      prices: {
        'openai:my-model': {
          input: 1,
          output: 2,
          tiers: [
            { aboveInputTokens: 1_000, input: 3, output: 4 },
            { aboveInputTokens: 5_000, input: 5, cachedInput: 0.5, output: 6, cacheWrite: 7 },
          ],
          readOn: '2026-11-23',
        },
      },
    });
    expect(findModel(catalog, 'openai:my-model')?.price).toEqual({
      input: 1,
      cachedInput: 1,
      output: 2,
      tiers: [
        { aboveInputTokens: 1_000, input: 3, cachedInput: 3, output: 4 },
        { aboveInputTokens: 5_000, input: 5, cachedInput: 0.5, output: 6, cacheWrite: 7 },
      ],
      source: 'user override',
      readOn: '2026-11-23',
    });
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
          name: 'a deprecated model without its retirement day',
          overrides: {
            models: [
              {
                id: 'openai:gpt-4o',
                status: { state: 'deprecated', replacement: 'gpt-5' } as never,
              },
            ],
          },
          error: /models\[0\]\.status\.retiresOn/,
        },
        {
          name: 'a deprecated model whose replacement is not in the catalog',
          overrides: {
            models: [
              {
                id: 'openai:gpt-4o',
                status: { state: 'deprecated', replacement: 'gpt-9', retiresOn: '2027-01-14' },
              },
            ],
          },
          error:
            /openai:gpt-4o is deprecated and names the replacement "gpt-9", which is not in the catalog/,
        },
        {
          name: 'deprecated models that replace each other in a cycle',
          overrides: {
            models: [
              {
                id: 'openai:a',
                status: { state: 'deprecated', replacement: 'openai:b', retiresOn: '2027-01-01' },
              },
              { id: 'openai:b', status: { state: 'retired', replacement: 'openai:a' } },
            ],
          },
          error: /replace each other in a cycle: openai:a → openai:b/,
        },
        {
          name: 'price tiers that do not rise',
          overrides: {
            prices: {
              'gpt-5': {
                input: 1,
                output: 2,
                tiers: [
                  { aboveInputTokens: 5_000, input: 3, output: 4 },
                  { aboveInputTokens: 5_000, input: 5, output: 6 },
                ],
              },
            },
          },
          error: /price tiers must rise: 5000 follows 5000/,
        },
        {
          name: 'a price tier without its threshold',
          overrides: {
            prices: { 'gpt-5': { input: 1, output: 2, tiers: [{ input: 3, output: 4 }] } as never },
          },
          error: /tiers\.0\.aboveInputTokens/,
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
