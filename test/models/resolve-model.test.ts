import { describe, expect, test } from 'vitest';
import { createCatalog, defaultCatalog, findModel } from '../../src/models/catalog.js';
import {
  assertNotRetired,
  BaseURLError,
  deprecationNote,
  RetiredModelError,
  resolveModel,
  retiredMessage,
  UnknownModelError,
} from '../../src/models/resolve-model.js';

const noEnv = {};
const TODAY = new Date('2026-11-23T12:00:00Z');

describe('resolveModel: catalog models', () => {
  const cases = [
    // [what the user writes, canonical id, provider, API model name]
    ['openai:gpt-5-mini', 'openai:gpt-5-mini', 'openai', 'gpt-5-mini'],
    ['gpt-5-nano', 'openai:gpt-5-nano', 'openai', 'gpt-5-nano'],
    ['gpt-5-2025-08-07', 'openai:gpt-5', 'openai', 'gpt-5'],
    ['openai:gpt-5-mini-2025-08-07', 'openai:gpt-5-mini', 'openai', 'gpt-5-mini'],
    ['claude-sonnet-4-5', 'anthropic:claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5-20250929'],
    [
      'anthropic:claude-haiku-4-5',
      'anthropic:claude-haiku-4-5',
      'anthropic',
      'claude-haiku-4-5-20251001',
    ],
    [
      'claude-opus-4-5-20251101',
      'anthropic:claude-opus-4-5',
      'anthropic',
      'claude-opus-4-5-20251101',
    ],
    ['claude-3-haiku-20240307', 'anthropic:claude-3-haiku', 'anthropic', 'claude-3-haiku-20240307'],
    [
      'anthropic:claude-sonnet-4-20250514',
      'anthropic:claude-sonnet-4',
      'anthropic',
      'claude-sonnet-4-20250514',
    ],
    ['claude-opus-4-0', 'anthropic:claude-opus-4', 'anthropic', 'claude-opus-4-20250514'],
    ['claude-sonnet-5-5', 'anthropic:claude-sonnet-5-5', 'anthropic', 'claude-sonnet-5-5'],
    ['anthropic:claude-opus-4-8', 'anthropic:claude-opus-4-8', 'anthropic', 'claude-opus-4-8'],
    ['gpt-6.1-sol', 'openai:gpt-6.1-sol', 'openai', 'gpt-6.1-sol'],
    ['openai:gpt-6-luna', 'openai:gpt-6-luna', 'openai', 'gpt-6-luna'],
    ['ollama:gpt-oss:20b', 'ollama:gpt-oss:20b', 'ollama', 'gpt-oss:20b'],
    ['gpt-oss:120b', 'ollama:gpt-oss:120b', 'ollama', 'gpt-oss:120b'],
    ['  gpt-5  ', 'openai:gpt-5', 'openai', 'gpt-5'],
  ] as const;

  test.for(cases)('%s → %s', ([input, id, provider, apiModel]) => {
    const resolved = resolveModel(input, defaultCatalog, noEnv);
    expect(resolved).toEqual({ id, provider, apiModel, entry: findModel(defaultCatalog, id) });
    expect(resolved.entry).not.toBeNull();
  });

  test('the default catalog is used when none is given', () => {
    expect(resolveModel('gpt-5').entry?.label).toBe('GPT-5');
  });

  test('a user-added model resolves by its alias in that catalog only', () => {
    const catalog = createCatalog({
      models: [{ id: 'ollama:qwen3:8b', aliases: ['qwen3:8b'], price: { local: true } }],
    });
    expect(resolveModel('qwen3:8b', catalog, noEnv)).toMatchObject({
      id: 'ollama:qwen3:8b',
      provider: 'ollama',
      apiModel: 'qwen3:8b',
    });
    expect(() => resolveModel('qwen3:8b', defaultCatalog, noEnv)).toThrowError(UnknownModelError);
  });
});

describe('resolveModel: provider:model ids the catalog does not list', () => {
  test('are accepted for a known provider, with no entry (price unknown)', () => {
    expect(resolveModel('openai:gpt-4.1', defaultCatalog, noEnv)).toEqual({
      id: 'openai:gpt-4.1',
      provider: 'openai',
      apiModel: 'gpt-4.1',
      entry: null,
    });
    expect(resolveModel('anthropic:claude-opus-4-7', defaultCatalog, noEnv)).toMatchObject({
      provider: 'anthropic',
      apiModel: 'claude-opus-4-7',
      entry: null,
    });
  });

  test('keep every colon after the provider (Ollama tags)', () => {
    expect(resolveModel('ollama:qwen3:8b', defaultCatalog, noEnv)).toEqual({
      id: 'ollama:qwen3:8b',
      provider: 'ollama',
      apiModel: 'qwen3:8b',
      entry: null,
    });
  });

  test('fail when the model belongs to another provider of the catalog', () => {
    expect(() => resolveModel('openai:claude-sonnet-4-5', defaultCatalog, noEnv)).toThrowError(
      /"claude-sonnet-4-5" is served by anthropic; did you mean "anthropic:claude-sonnet-4-5"\?/,
    );
    expect(() => resolveModel('ollama:gpt-5', defaultCatalog, noEnv)).toThrowError(
      /did you mean "openai:gpt-5"/,
    );
  });
});

describe('resolveModel: openai-compatible', () => {
  const env = { OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:8000/v1' };

  test('takes the base URL from OPENAI_COMPATIBLE_BASE_URL', () => {
    expect(resolveModel('openai-compatible:llama-3.1-8b', defaultCatalog, env)).toEqual({
      id: 'openai-compatible:llama-3.1-8b',
      provider: 'openai-compatible',
      apiModel: 'llama-3.1-8b',
      entry: null,
      baseURL: 'http://127.0.0.1:8000/v1',
    });
  });

  test('may serve a name another provider also has (proxies do)', () => {
    expect(resolveModel('openai-compatible:gpt-oss:20b', defaultCatalog, env)).toMatchObject({
      provider: 'openai-compatible',
      apiModel: 'gpt-oss:20b',
      entry: null,
    });
  });

  test('without a base URL fails saying which variable to set', () => {
    const resolve = () => resolveModel('openai-compatible:llama-3.1-8b', defaultCatalog, noEnv);
    expect(resolve).toThrowError(BaseURLError);
    expect(resolve).toThrowError(
      /openai-compatible:llama-3.1-8b needs an endpoint: set OPENAI_COMPATIBLE_BASE_URL/,
    );
    expect(() =>
      resolveModel('openai-compatible:m', defaultCatalog, { OPENAI_COMPATIBLE_BASE_URL: '  ' }),
    ).toThrowError(BaseURLError);
  });

  test('with a base URL that is not http(s) fails', () => {
    expect(() =>
      resolveModel('openai-compatible:m', defaultCatalog, {
        OPENAI_COMPATIBLE_BASE_URL: 'localhost:8000',
      }),
    ).toThrowError(/OPENAI_COMPATIBLE_BASE_URL is "localhost:8000", which is not an http\(s\) URL/);
  });

  test("a catalog entry's own base URL wins over the environment", () => {
    const catalog = createCatalog({
      models: [
        {
          id: 'openai-compatible:qwen3-coder',
          aliases: ['qwen3-coder'],
          baseURL: 'http://127.0.0.1:9000/v1',
        },
      ],
    });
    expect(resolveModel('qwen3-coder', catalog, env)).toMatchObject({
      id: 'openai-compatible:qwen3-coder',
      baseURL: 'http://127.0.0.1:9000/v1',
    });
    expect(resolveModel('qwen3-coder', catalog, noEnv).baseURL).toBe('http://127.0.0.1:9000/v1');
  });

  test('other providers get no base URL (their SDKs read their own variables)', () => {
    expect(resolveModel('openai:gpt-5', defaultCatalog, env)).not.toHaveProperty('baseURL');
  });
});

describe('resolveModel: unknown ids', () => {
  test('a bare name the catalog lacks fails, listing the known ids and how to add one', () => {
    let error: unknown;
    try {
      resolveModel('gpt-7', defaultCatalog, noEnv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownModelError);
    const unknown = error as UnknownModelError;
    expect(unknown.input).toBe('gpt-7');
    expect(unknown.knownIds).toContain('openai:gpt-5');
    expect(unknown.knownIds).toContain('ollama:gpt-oss:120b');
    expect(unknown.message).toContain('Unknown model "gpt-7".');
    expect(unknown.message).toContain(
      'anthropic:claude-opus-4-1 (retired), anthropic:claude-opus-4 (retired),',
    );
    expect(unknown.message).toContain(
      'ollama:gpt-oss:20b, ollama:gpt-oss:120b, builtin:reference, builtin:null.',
    );
    expect(unknown.message).toContain('e.g. "openai:gpt-7"');
    expect(unknown.message).toContain('createCatalog({ models: [{ id: "openai:gpt-7"');
  });

  test('the list of known models marks deprecated and retired ones as of the day', () => {
    const today = new UnknownModelError('gpt-7', defaultCatalog, undefined, TODAY).message;
    expect(today).toContain(
      'Known models: openai:gpt-5 (deprecated, retires 2026-12-11), openai:gpt-5-mini (deprecated, retires 2026-12-11), openai:gpt-5-nano (deprecated, retires 2026-12-11), openai:gpt-6.1-sol, openai:gpt-6.1-terra, openai:gpt-6-luna, openai:gpt-6-astra, openai:gpt-6.2-astra, openai:gpt-6.2-sol, anthropic:claude-opus-4-1 (retired),',
    );
    expect(today).toContain(
      'anthropic:claude-sonnet-4-5 (deprecated, retires 2026-11-30), anthropic:claude-haiku-4-5, anthropic:claude-opus-4-5 (deprecated, retires 2027-01-22),',
    );
    const later = new UnknownModelError('gpt-7', defaultCatalog, undefined, new Date('2026-12-11'));
    expect(later.message).toContain(
      'Known models: openai:gpt-5 (retired), openai:gpt-5-mini (retired),',
    );
    expect(later.message).toContain('anthropic:claude-sonnet-4-5 (retired),');
  });

  test.for([
    ['claude-4-haiku', 'anthropic:claude-4-haiku'],
    ['llama3.2:3b', 'ollama:llama3.2:3b'],
    ['qwen3:8b', 'ollama:qwen3:8b'],
    ['azure:gpt-5', 'openai:gpt-5'],
    ['bedrock:claude-opus-9', 'anthropic:claude-opus-9'],
  ] as const)('suggests a provider-qualified spelling for %s', ([input, suggestion]) => {
    expect(() => resolveModel(input, defaultCatalog, noEnv)).toThrowError(`e.g. "${suggestion}"`);
  });

  test('a prefix that is no provider is named as such', () => {
    expect(() => resolveModel('azure:gpt-5', defaultCatalog, noEnv)).toThrowError(
      'Unknown model "azure:gpt-5": "azure" is not a provider (openai, anthropic, ollama, openai-compatible, builtin).',
    );
  });

  test('an empty id says so', () => {
    expect(() => resolveModel('  ', defaultCatalog, noEnv)).toThrowError(
      'Unknown model "": the model id is empty.',
    );
  });

  test.for(['', '   ', 'openai:', 'mistral-large'])('refuses %j', (input) => {
    expect(() => resolveModel(input, defaultCatalog, noEnv)).toThrowError(UnknownModelError);
  });
});

describe('retired models', () => {
  test('resolve, so that availability() can explain them', () => {
    const resolved = resolveModel('claude-3-haiku', defaultCatalog, noEnv);
    expect(resolved.entry?.status.state).toBe('retired');
  });

  test('have a message that says so and names the replacement', () => {
    const entry = resolveModel('claude-3-haiku', defaultCatalog, noEnv).entry;
    if (entry === null) throw new Error('Haiku 3 is in the catalog');
    expect(retiredMessage(entry)).toBe(
      'anthropic:claude-3-haiku (Claude Haiku 3) is retired on the Claude API since 2026-04-20: requests to it fail. ' +
        'Use its successor anthropic:claude-haiku-4-5 (Claude Haiku 4.5) instead. ' +
        "Anthropic's model deprecations page lists it as retired.",
    );
  });

  test('active models have no retirement message', () => {
    const entry = findModel(defaultCatalog, 'claude-haiku-4-5');
    if (entry === undefined) throw new Error('Haiku 4.5 is in the catalog');
    expect(retiredMessage(entry)).toBeNull();
    expect(retiredMessage(entry, defaultCatalog, new Date('2040-01-01'))).toBeNull();
  });

  test('assertNotRetired throws RetiredModelError naming the replacement', () => {
    const resolved = resolveModel('claude-opus-4-1-20250805', defaultCatalog, noEnv);
    let error: unknown;
    try {
      assertNotRetired(resolved);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RetiredModelError);
    expect(error).toMatchObject({
      modelId: 'anthropic:claude-opus-4-1',
      replacement: 'anthropic:claude-opus-4-8',
    });
    expect((error as Error).message).toMatch(/is retired on the Claude API/);
    expect(() =>
      assertNotRetired(resolveModel('gpt-6.1-sol', defaultCatalog, noEnv)),
    ).not.toThrow();
    // Deprecated, not yet retired: still runs (on the day of this catalog).
    expect(() =>
      assertNotRetired(resolveModel('gpt-5', defaultCatalog, noEnv), defaultCatalog, TODAY),
    ).not.toThrow();
    expect(() =>
      assertNotRetired(resolveModel('openai:gpt-4.1', defaultCatalog, noEnv)),
    ).not.toThrow();
  });

  test('name the active end of a chain of replacements, and the date when known', () => {
    const catalog = createCatalog({
      models: [
        {
          id: 'anthropic:claude-opus-4-8',
          label: 'Claude Opus 4.8',
          status: { state: 'retired', replacement: 'claude-opus-5-5', since: '2027-05-28' },
        },
      ],
    });
    const opus41 = findModel(catalog, 'claude-opus-4-1');
    if (opus41 === undefined) throw new Error('Opus 4.1 is in the catalog');
    expect(retiredMessage(opus41, catalog)).toContain(
      'Use its successor anthropic:claude-opus-5-5 (Claude Opus 5.5) instead.',
    );
    const opus48 = findModel(catalog, 'anthropic:claude-opus-4-8');
    if (opus48 === undefined) throw new Error('Opus 4.8 is in the catalog');
    expect(retiredMessage(opus48, catalog)).toContain(
      'is retired on the Claude API since 2027-05-28',
    );
  });
});

describe('deprecated models', () => {
  const sonnet45 = () => {
    const entry = findModel(defaultCatalog, 'claude-sonnet-4-5');
    if (entry === undefined) throw new Error('Sonnet 4.5 is in the catalog');
    return entry;
  };

  test('still run before their retirement day, with a note that says until when', () => {
    expect(retiredMessage(sonnet45(), defaultCatalog, TODAY)).toBeNull();
    expect(() =>
      assertNotRetired(
        resolveModel('claude-sonnet-4-5', defaultCatalog, noEnv),
        defaultCatalog,
        TODAY,
      ),
    ).not.toThrow();
    expect(deprecationNote(sonnet45(), TODAY)).toBe(
      'anthropic:claude-sonnet-4-5 (Claude Sonnet 4.5) is deprecated on the Claude API and retires on 2026-11-30 (in 7 days); ' +
        'use its successor anthropic:claude-sonnet-5-5 (Claude Sonnet 5.5) instead.',
    );
    expect(deprecationNote(sonnet45(), new Date('2026-11-29T18:00:00Z'))).toContain(
      'retires on 2026-11-30 (tomorrow)',
    );
  });

  test('fail from their retirement day on, as retired models do', () => {
    const onTheDay = new Date('2026-11-30T00:00:00Z');
    expect(deprecationNote(sonnet45(), onTheDay)).toBeNull();
    expect(retiredMessage(sonnet45(), defaultCatalog, onTheDay)).toBe(
      'anthropic:claude-sonnet-4-5 (Claude Sonnet 4.5) is retired on the Claude API since 2026-11-30: requests to it fail. ' +
        'Use its successor anthropic:claude-sonnet-5-5 (Claude Sonnet 5.5) instead.',
    );
    let error: unknown;
    try {
      assertNotRetired(
        resolveModel('claude-sonnet-4-5', defaultCatalog, noEnv),
        defaultCatalog,
        onTheDay,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RetiredModelError);
    expect(error).toMatchObject({
      modelId: 'anthropic:claude-sonnet-4-5',
      replacement: 'anthropic:claude-sonnet-5-5',
    });
  });

  test('the GPT-5 family names its GPT-6 successors', () => {
    const note = (name: string) => {
      const entry = findModel(defaultCatalog, name);
      if (entry === undefined) throw new Error(`${name} is in the catalog`);
      return deprecationNote(entry, TODAY);
    };
    expect(note('gpt-5')).toBe(
      'openai:gpt-5 (GPT-5) is deprecated on the OpenAI API and retires on 2026-12-11 (in 18 days); ' +
        'use its successor openai:gpt-6.1-sol (GPT-6.1 Sol) instead.',
    );
    expect(note('gpt-5-mini')).toContain('use its successor openai:gpt-6.1-terra (GPT-6.1 Terra)');
    expect(note('gpt-5-nano')).toContain('use its successor openai:gpt-6-luna (GPT-6 Luna)');
  });

  test('active and retired models have no deprecation note', () => {
    for (const name of ['claude-haiku-5-5', 'claude-opus-4-1', 'gpt-6.1-sol']) {
      const entry = findModel(defaultCatalog, name);
      if (entry === undefined) throw new Error(`${name} is in the catalog`);
      expect(deprecationNote(entry, TODAY)).toBeNull();
    }
  });

  test('a deprecation note names the active end of the chain and carries the note', () => {
    const catalog = createCatalog({
      models: [
        { id: 'anthropic:claude-sonnet-6', label: 'Claude Sonnet 6' },
        {
          id: 'anthropic:claude-sonnet-5-5',
          label: 'Claude Sonnet 5.5',
          status: { state: 'retired', replacement: 'anthropic:claude-sonnet-6' },
        },
        {
          id: 'anthropic:claude-sonnet-4-5',
          apiModel: 'claude-sonnet-4-5-20250929',
          label: 'Claude Sonnet 4.5',
          status: {
            state: 'deprecated',
            replacement: 'anthropic:claude-sonnet-5-5',
            retiresOn: '2026-11-30',
            note: 'See the migration guide.',
          },
        },
      ],
    });
    // Replacing an entry is whole: the user gave no aliases, so it answers to its id.
    const entry = findModel(catalog, 'anthropic:claude-sonnet-4-5');
    if (entry === undefined) throw new Error('Sonnet 4.5 is in the catalog');
    expect(deprecationNote(entry, TODAY, catalog)).toBe(
      'anthropic:claude-sonnet-4-5 (Claude Sonnet 4.5) is deprecated on the Claude API and retires on 2026-11-30 (in 7 days); ' +
        'use its successor anthropic:claude-sonnet-6 (Claude Sonnet 6) instead. See the migration guide.',
    );
  });
});
