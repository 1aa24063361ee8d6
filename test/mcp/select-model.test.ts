/** How `prompt_nano_agent`'s `model` and `provider` pick a model. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/input-error.js';
import { defaultNanoAgentModel } from '../../src/mcp/prompt-nano-agent.js';
import { selectModel } from '../../src/mcp/select-model.js';
import { activeSuccessor, defaultCatalog, findModel } from '../../src/models/catalog.js';

const noEnv = {};
const messageOf = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected it to throw');
};
const pick = (model: string, provider?: string, env: Record<string, string> = noEnv) =>
  selectModel(model, provider, defaultCatalog, env);

describe('selectModel', () => {
  it('infers the provider from a catalog name or a provider:model id', () => {
    expect(pick('gpt-5-mini')).toMatchObject({ id: 'openai:gpt-5-mini', provider: 'openai' });
    expect(pick('claude-haiku-4-5')).toMatchObject({
      id: 'anthropic:claude-haiku-4-5',
      apiModel: 'claude-haiku-4-5-20251001',
    });
    expect(pick('ollama:gpt-oss:20b')).toMatchObject({ id: 'ollama:gpt-oss:20b' });
  });

  it('accepts a provider that agrees with the model', () => {
    expect(pick('gpt-5-mini', 'openai').id).toBe('openai:gpt-5-mini');
    expect(pick('gpt-oss:20b', 'ollama').id).toBe('ollama:gpt-oss:20b');
    expect(pick('anthropic:claude-sonnet-5-5', 'anthropic').id).toBe('anthropic:claude-sonnet-5-5');
  });

  it("takes the seed system's model + provider pair for a model the catalog does not list", () => {
    expect(pick('qwen3:8b', 'ollama')).toMatchObject({
      id: 'ollama:qwen3:8b',
      provider: 'ollama',
      apiModel: 'qwen3:8b',
      entry: null,
    });
  });

  it('lets an openai-compatible endpoint serve any vendor name', () => {
    const env = { OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:8000/v1' };
    expect(pick('gpt-5-mini', 'openai-compatible', env)).toMatchObject({
      id: 'openai-compatible:gpt-5-mini',
      baseURL: 'http://127.0.0.1:8000/v1',
    });
    expect(() => pick('gpt-5-mini', 'openai-compatible')).toThrow(/OPENAI_COMPATIBLE_BASE_URL/);
  });

  it.for([
    [
      'claude-haiku-4-5',
      'openai',
      /"claude-haiku-4-5" is served by anthropic .*provider is "openai"/,
    ],
    ['anthropic:claude-haiku-4-5', 'ollama', /served by anthropic .*provider is "ollama"/],
    ['gpt-5-mini', 'anthropic', /served by openai .*set it to "openai"/],
  ] as const)('refuses %s with provider %s as a conflict', ([model, provider, message]) => {
    expect(() => pick(model, provider)).toThrow(InputError);
    expect(() => pick(model, provider)).toThrow(message);
  });

  it('refuses unknown and retired models with the catalog message', () => {
    expect(() => pick('mistral-large')).toThrow(InputError);
    expect(() => pick('mistral-large')).toThrow(
      /Unknown model "mistral-large"[\s\S]*Known models:/,
    );
    expect(() => pick('claude-3-haiku')).toThrow(/retired[\s\S]*anthropic:claude-haiku-4-5/);
    expect(() => pick('claude-3-haiku-20240307', 'anthropic')).toThrow(/retired/);
  });

  it('names the model a typo likely meant, rather than advise running the typo as provider:model', () => {
    const typo = () => pick('gpt-6.1-tera');
    expect(typo).toThrow(InputError);
    expect(typo).toThrow(
      /^Unknown model "gpt-6\.1-tera" — did you mean 'gpt-6\.1-terra'\?\nKnown models: .*openai:gpt-6\.1-terra[^\n]*\n`npx nanograde models` lists the catalog/,
    );
    expect(messageOf(typo)).not.toContain('openai:gpt-6.1-tera');
  });

  it('runs a provider:model id the catalog does not list, warning when it nearly names a catalog id', () => {
    const warnings: string[] = [];
    const near = (model: string, provider?: string, env: Record<string, string> = noEnv) =>
      selectModel(model, provider, defaultCatalog, env, (message) => warnings.push(message));
    expect(near('anthropic:claude-sonet-5-5')).toMatchObject({
      id: 'anthropic:claude-sonet-5-5',
      entry: null,
    });
    // The seed system's model + provider pair says the same id.
    near('claude-sonet-5-5', 'anthropic');
    expect(warnings).toEqual([
      "anthropic:claude-sonet-5-5 is not in the catalog (it runs with its cost unknown) — did you mean 'anthropic:claude-sonnet-5-5'?",
      "anthropic:claude-sonet-5-5 is not in the catalog (it runs with its cost unknown) — did you mean 'anthropic:claude-sonnet-5-5'?",
    ]);
    // A model the catalog does not know yet, far from every id; an OpenAI-compatible server's
    // own names; and catalog ids: they run, nothing said.
    warnings.length = 0;
    near('openai:my-fine-tune');
    // Close only through the long shared prefix: no guess.
    near('anthropic:claude-house-model');
    near('claude-sonet-5-5', 'openai-compatible', {
      OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    near('anthropic:claude-sonnet-5-5');
    expect(warnings).toEqual([]);
  });

  it('refuses the built-in models, which only check agent test cases', () => {
    expect(() => pick('null')).toThrow(/builtin:null is a built-in model .*pick a language model/);
    expect(() => pick('builtin:reference')).toThrow(InputError);
  });
});

describe('defaultNanoAgentModel', () => {
  it("is the seed system's gpt-5-mini while it has more than 30 days left", () => {
    expect(defaultNanoAgentModel(defaultCatalog, new Date('2026-11-01T12:00:00Z'))).toBe(
      'gpt-5-mini',
    );
  });

  it('is its named successor once it retires within 30 days, and after', () => {
    const seed = findModel(defaultCatalog, 'gpt-5-mini');
    if (!seed) throw new Error('gpt-5-mini is not in the catalog');
    const successor = activeSuccessor(defaultCatalog, seed);
    expect(successor.id).toBe('openai:gpt-6.1-terra');
    // Today gpt-5-mini still runs, but retires on 2026-12-11.
    expect(defaultNanoAgentModel(defaultCatalog, new Date('2026-12-06T12:00:00Z'))).toBe(
      'gpt-6.1-terra',
    );
    expect(defaultNanoAgentModel(defaultCatalog, new Date('2100-01-01T00:00:00Z'))).toBe(
      'gpt-6.1-terra',
    );
  });
});
