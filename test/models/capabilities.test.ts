import { describe, expect, test } from 'vitest';
import { builtinModels } from '../../src/models/builtin-models.js';
import { CapabilitiesSchema } from '../../src/models/capabilities.js';
import {
  CatalogError,
  createCatalog,
  defaultCatalog,
  findModel,
} from '../../src/models/catalog.js';
import { capabilitiesOf, resolveModel } from '../../src/models/resolve-model.js';

const caps = (name: string) => {
  const entry = findModel(defaultCatalog, name);
  if (!entry) throw new Error(`${name} is not in the catalog`);
  return entry.capabilities;
};

describe('the capability records of the built-in models', () => {
  test('every built-in model has a record that parses, with its source', () => {
    for (const entry of builtinModels) {
      expect(CapabilitiesSchema.safeParse(entry.capabilities).success, entry.id).toBe(true);
      expect(entry.capabilities.source, entry.id).not.toBe('');
    }
  });

  test('forced tool use is refused by Claude Opus 5.5, Sonnet 5.5 and Fable 5.1 only', () => {
    const unforced = builtinModels
      .filter((entry) => !entry.capabilities.toolChoice.includes('tool'))
      .map((entry) => entry.id);
    // gpt-oss: /api/chat has no tool_choice at all.
    expect(unforced).toEqual([
      'anthropic:claude-opus-5-5',
      'anthropic:claude-sonnet-5-5',
      'anthropic:claude-fable-5-1',
      'ollama:gpt-oss:20b',
      'ollama:gpt-oss:120b',
    ]);
    expect(caps('claude-sonnet-5-5').toolChoice).toEqual(['auto', 'none']);
    expect(caps('claude-haiku-5-5').toolChoice).toEqual(['auto', 'none', 'required', 'tool']);
  });

  test('reasoning effort per model and API, as the vendors list it', () => {
    const efforts = Object.fromEntries(
      builtinModels
        .filter((entry) => entry.provider === 'openai' || entry.provider === 'ollama')
        .map((entry) => [
          entry.id,
          [entry.capabilities.effort.values, entry.capabilities.effort.chatCompletions],
        ]),
    );
    const gpt5 = ['minimal', 'low', 'medium', 'high'];
    expect(efforts).toEqual({
      'openai:gpt-5': [gpt5, gpt5],
      'openai:gpt-5-mini': [gpt5, gpt5],
      'openai:gpt-5-nano': [gpt5, gpt5],
      // No GPT-6 model takes `minimal`; only Terra and Luna take `none`; `max` is Responses only.
      'openai:gpt-6.1-sol': [
        ['low', 'medium', 'high', 'xhigh', 'max'],
        ['low', 'medium', 'high', 'xhigh'],
      ],
      'openai:gpt-6.1-terra': [
        ['none', 'low', 'medium', 'high', 'xhigh', 'max'],
        ['none', 'low', 'medium', 'high', 'xhigh'],
      ],
      'openai:gpt-6-luna': [
        ['none', 'low', 'medium', 'high', 'xhigh', 'max'],
        ['none', 'low', 'medium', 'high', 'xhigh'],
      ],
      'openai:gpt-6-astra': [
        ['low', 'medium', 'high', 'xhigh', 'max'],
        ['low', 'medium', 'high', 'xhigh'],
      ],
      'openai:gpt-6.2-astra': [
        ['low', 'medium', 'high', 'xhigh', 'max'],
        ['low', 'medium', 'high', 'xhigh'],
      ],
      'openai:gpt-6.2-sol': [
        ['low', 'medium', 'high', 'xhigh', 'max'],
        ['low', 'medium', 'high', 'xhigh'],
      ],
      'ollama:gpt-oss:20b': [['low', 'medium', 'high'], undefined],
      'ollama:gpt-oss:120b': [['low', 'medium', 'high'], undefined],
    });
  });

  test('temperature: never on GPT-5 and Claude, only at effort none on Terra and Luna, always on Ollama', () => {
    expect(caps('gpt-6.1-terra').sampling).toBe('effort_none');
    expect(caps('gpt-6-luna').sampling).toBe('effort_none');
    expect(caps('gpt-6.1-sol').sampling).toBe('never');
    expect(caps('gpt-5-mini').sampling).toBe('never');
    expect(caps('gpt-oss:20b').sampling).toBe('always');
    for (const entry of builtinModels.filter((model) => model.provider === 'anthropic')) {
      expect(entry.capabilities.sampling, entry.id).toBe('never');
    }
  });

  test('Claude thinking modes: Opus 5.5 only adaptive, Sonnet 5.5 between_tools up to high, Haiku 4.5 manual only', () => {
    expect(caps('claude-opus-5-5').thinking).toEqual({ modes: ['adaptive'], default: 'adaptive' });
    expect(caps('claude-sonnet-5-5').thinking).toEqual({
      modes: ['adaptive', 'between_tools'],
      default: 'adaptive',
      maxEffort: { between_tools: 'high' },
    });
    expect(caps('claude-opus-5').thinking?.maxEffort).toEqual({ disabled: 'high' });
    expect(caps('claude-haiku-4-5').thinking).toEqual({
      modes: ['enabled', 'disabled'],
      default: 'disabled',
    });
    expect(caps('claude-haiku-4-5').effort).toEqual({ values: [], default: null });
    expect(caps('claude-opus-5-5').effort.default).toBe('medium');
    expect(caps('claude-sonnet-5-5').effort.default).toBe('high');
  });

  test('context windows and output limits', () => {
    expect([caps('gpt-6.2-sol').contextWindow, caps('gpt-6.2-sol').maxOutputTokens]).toEqual([
      1_050_000, 128_000,
    ]);
    expect([
      caps('claude-opus-5-5').contextWindow,
      caps('claude-opus-5-5').maxOutputTokens,
    ]).toEqual([1_000_000, 128_000]);
    expect([
      caps('claude-haiku-4-5').contextWindow,
      caps('claude-haiku-4-5').maxOutputTokens,
    ]).toEqual([200_000, 64_000]);
    expect(caps('gpt-oss:120b').contextWindow).toBe(131_072);
  });
});

describe('models the catalog does not list', () => {
  test('get the cautious default of their provider', () => {
    const openai = capabilitiesOf(resolveModel('openai:gpt-7'));
    expect(openai).toMatchObject({
      toolChoice: ['auto', 'none'],
      sampling: 'never',
      effort: { values: [], default: null },
      thinking: null,
      contextWindow: null,
    });
    expect(capabilitiesOf(resolveModel('anthropic:claude-fable-5-2'))).toMatchObject({
      toolChoice: ['auto', 'none'],
      sampling: 'never',
      thinking: null,
    });
    expect(capabilitiesOf(resolveModel('ollama:qwen3:8b'))).toMatchObject({
      toolChoice: ['auto'],
      structuredOutput: true,
      sampling: 'always',
      effort: { values: [] },
    });
  });

  test('a catalog model answers with its own record', () => {
    expect(capabilitiesOf(resolveModel('claude-sonnet-5-5'))).toBe(caps('claude-sonnet-5-5'));
  });
});

describe('createCatalog: capabilities', () => {
  test('a user model gets its provider default under the fields it gives', () => {
    const catalog = createCatalog({
      models: [
        {
          id: 'ollama:qwen3:8b',
          capabilities: { thinking: { modes: ['enabled', 'disabled'], default: 'enabled' } },
        },
      ],
    });
    expect(findModel(catalog, 'ollama:qwen3:8b')?.capabilities).toMatchObject({
      toolChoice: ['auto'],
      structuredOutput: true,
      thinking: { modes: ['enabled', 'disabled'], default: 'enabled' },
      source: 'user override',
    });
  });

  test('an override by alias changes only the fields it names', () => {
    const catalog = createCatalog({
      capabilities: { 'gpt-6.1-terra': { toolChoice: ['auto'] } },
    });
    const terra = findModel(catalog, 'openai:gpt-6.1-terra')?.capabilities;
    expect(terra?.toolChoice).toEqual(['auto']);
    expect(terra?.effort).toEqual(caps('gpt-6.1-terra').effort);
    // The built-ins are untouched.
    expect(caps('gpt-6.1-terra').toolChoice).toContain('tool');
  });

  test('a user model replacing a built-in keeps the built-in record unless it gives one', () => {
    const kept = createCatalog({ models: [{ id: 'anthropic:claude-sonnet-5-5', price: null }] });
    expect(findModel(kept, 'anthropic:claude-sonnet-5-5')?.capabilities).toEqual(
      caps('claude-sonnet-5-5'),
    );
    const changed = createCatalog({
      models: [{ id: 'anthropic:claude-sonnet-5-5', capabilities: { contextWindow: 200_000 } }],
    });
    expect(findModel(changed, 'anthropic:claude-sonnet-5-5')?.capabilities).toMatchObject({
      toolChoice: ['auto', 'none'],
      contextWindow: 200_000,
    });
  });

  test('refuses a record that contradicts itself, or names no model, saying why', () => {
    expect(() =>
      createCatalog({ capabilities: { 'gpt-5-mini': { toolChoice: ['tool'] } } }),
    ).toThrow(/gpt-5-mini[\s\S]*every model takes tool_choice "auto"/);
    expect(() =>
      createCatalog({
        capabilities: { 'gpt-5-mini': { effort: { values: ['low'], default: 'high' } } },
      }),
    ).toThrow(/the default effort "high" is not among the values/);
    expect(() => createCatalog({ capabilities: { 'gpt-9': { toolChoice: ['auto'] } } })).toThrow(
      CatalogError,
    );
    expect(() =>
      createCatalog({ capabilities: { 'gpt-5-mini': { sampling: 'sometimes' as never } } }),
    ).toThrow(/sampling/);
  });
});
