import { describe, expect, test } from 'vitest';
import { defaultMatrix } from '../../src/models/default-matrix.js';
import { modelDisplayName, modelMatrix } from '../../src/vitest/model-matrix.js';

const ids = (models: { id: string }[]) => models.map((model) => model.id);

describe('modelMatrix', () => {
  test('defaults to the catalog default matrix plus the built-ins', () => {
    expect(ids(modelMatrix(undefined, undefined, { env: {} }))).toEqual([
      ...defaultMatrix().models,
      'builtin:reference',
      'builtin:null',
    ]);
  });

  test("the project's models replace the default matrix; the built-ins stay unless builtins: false", () => {
    expect(ids(modelMatrix(['gpt-5-nano', 'claude-haiku-4-5'], undefined, { env: {} }))).toEqual([
      'openai:gpt-5-nano',
      'anthropic:claude-haiku-4-5',
      'builtin:reference',
      'builtin:null',
    ]);
    expect(ids(modelMatrix(['gpt-5-nano'], undefined, { env: {}, builtins: false }))).toEqual([
      'openai:gpt-5-nano',
    ]);
    expect(ids(modelMatrix(undefined, undefined, { env: {}, builtins: false }))).toEqual(
      defaultMatrix().models,
    );
  });

  test('NANOGRADE_MODELS is the matrix exactly as listed (built-ins only when named)', () => {
    const env = { NANOGRADE_MODELS: ' ollama:gpt-oss:20b , gpt-5-mini,,' };
    expect(ids(modelMatrix(['gpt-5-nano'], undefined, { env }))).toEqual([
      'ollama:gpt-oss:20b',
      'openai:gpt-5-mini',
    ]);
    const named = { NANOGRADE_MODELS: 'gpt-5-mini,reference' };
    expect(ids(modelMatrix(undefined, undefined, { env: named }))).toEqual([
      'openai:gpt-5-mini',
      'builtin:reference',
    ]);
  });

  test('a case narrows the matrix, matching ids in any accepted form', () => {
    const env = { NANOGRADE_MODELS: 'gpt-5-mini,claude-haiku-4-5,gpt-oss:20b' };
    expect(ids(modelMatrix(undefined, ['openai:gpt-5-mini', 'gpt-oss:20b'], { env }))).toEqual([
      'openai:gpt-5-mini',
      'ollama:gpt-oss:20b',
    ]);
    expect(modelMatrix(undefined, ['gpt-5'], { env })).toEqual([]);
  });

  test("a case's models keep the built-ins, unless the case names a built-in itself", () => {
    const project = ['gpt-5-mini', 'claude-haiku-4-5'];
    expect(ids(modelMatrix(project, ['claude-haiku-4-5'], { env: {} }))).toEqual([
      'anthropic:claude-haiku-4-5',
      'builtin:reference',
      'builtin:null',
    ]);
    expect(ids(modelMatrix(project, ['claude-haiku-4-5', 'null'], { env: {} }))).toEqual([
      'anthropic:claude-haiku-4-5',
      'builtin:null',
    ]);
  });

  test('duplicates collapse', () => {
    const env = { NANOGRADE_MODELS: 'gpt-5-mini,openai:gpt-5-mini' };
    expect(ids(modelMatrix(undefined, undefined, { env }))).toEqual(['openai:gpt-5-mini']);
  });

  test('an unknown id is a configuration error naming where it came from, with a did-you-mean', () => {
    const typo = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error as Error;
      }
      throw new Error('no error');
    };
    const fromCase = typo(() =>
      modelMatrix(undefined, ['claude-haiku-4.5'], { env: {}, caseName: 'roster' }),
    );
    expect(fromCase.name).toBe('NanogradeConfigError');
    expect(fromCase.message).toMatch(
      /^agentTest\("roster"\) models: Unknown model "claude-haiku-4\.5" — did you mean 'claude-haiku-4-5'\?/,
    );
    const fromEnv = typo(() =>
      modelMatrix(undefined, undefined, { env: { NANOGRADE_MODELS: 'gpt-6.1-tera' } }),
    );
    expect(fromEnv.message).toMatch(/^NANOGRADE_MODELS: .* did you mean 'gpt-6\.1-terra'\?/);
    // Listing every known id instead would bury the one that was meant.
    expect(fromEnv.message).not.toContain('Known models');
  });

  test('display names drop the provider prefix only', () => {
    const [oss] = modelMatrix(['ollama:gpt-oss:20b'], undefined, { env: {} });
    expect(oss && modelDisplayName(oss)).toBe('gpt-oss:20b');
  });
});
