import { describe, expect, test } from 'vitest';
import { resolveConfiguredModel } from '../../src/config/configured-models.js';
import { createCatalog, defaultCatalog } from '../../src/models/catalog.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const context = { catalog: defaultCatalog, env: {}, now: NOW };

function failure(id: string, where = 'agentsProject({ models })', catalog = defaultCatalog) {
  try {
    resolveConfiguredModel(id, where, { ...context, catalog });
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${id} resolved`);
}

describe('model ids from the configuration', () => {
  test('a known id resolves; a typo fails naming its source, with the id that was meant', () => {
    expect(resolveConfiguredModel('gpt-6.1-terra', 'NANOGRADE_MODELS', context).id).toBe(
      'openai:gpt-6.1-terra',
    );
    const error = failure('gpt-6.1-tera', 'NANOGRADE_MODELS');
    expect(error.name).toBe('NanogradeConfigError');
    expect(error.message).toMatch(
      /^NANOGRADE_MODELS: Unknown model "gpt-6\.1-tera" — did you mean 'gpt-6\.1-terra'\? `npx nanograde models` lists the catalog/,
    );
  });

  test('the suggestion keeps the form written: bare for a bare id, provider:model for a prefixed one', () => {
    expect(failure('claude-sonet-5-5').message).toContain("did you mean 'claude-sonnet-5-5'?");
    // An unknown provider prefix: the catalog has the name under another form.
    expect(failure('antropic:claude-sonnet-5-5').message).toContain('Unknown model');
  });

  test('a retired model is never suggested: it would only trade a typo for a failure', () => {
    // claude-3-haiku is retired on NOW; nothing active is close to the typo.
    const error = failure('claude-3-haikuu');
    expect(error.message).not.toContain('did you mean');
    expect(error.message).toContain('Unknown model "claude-3-haikuu".');
  });

  test("models added in the project's catalog are suggested too", () => {
    const catalog = createCatalog({ models: [{ id: 'openai:house-model' }] });
    expect(failure('house-modle', 'agentsProject({ models })', catalog).message).toContain(
      "did you mean 'house-model'?",
    );
  });

  test('a provider:model id the catalog does not list runs, but a near miss is warned about', () => {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    const resolved = resolveConfiguredModel('openai:gpt-6.1-tera', 'NANOGRADE_JUDGE', {
      ...context,
      warn,
    });
    expect(resolved).toMatchObject({ id: 'openai:gpt-6.1-tera', entry: null });
    expect(warnings).toEqual([
      "NANOGRADE_JUDGE: openai:gpt-6.1-tera is not in the catalog (it runs with its cost unknown) — did you mean 'openai:gpt-6.1-terra'?",
    ]);
    resolveConfiguredModel('openai:my-fine-tune', 'NANOGRADE_JUDGE', { ...context, warn });
    expect(warnings).toHaveLength(1);
  });
});
