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

  test('the project config replaces the default, NANOGRADE_MODELS replaces both', () => {
    expect(ids(modelMatrix(['gpt-5-nano', 'claude-haiku-4-5'], undefined, { env: {} }))).toEqual([
      'openai:gpt-5-nano',
      'anthropic:claude-haiku-4-5',
    ]);
    const env = { NANOGRADE_MODELS: ' ollama:gpt-oss:20b , gpt-5-mini,,' };
    expect(ids(modelMatrix(['gpt-5-nano'], undefined, { env }))).toEqual([
      'ollama:gpt-oss:20b',
      'openai:gpt-5-mini',
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

  test('duplicates collapse and unknown ids fail loudly', () => {
    const env = { NANOGRADE_MODELS: 'gpt-5-mini,openai:gpt-5-mini' };
    expect(ids(modelMatrix(undefined, undefined, { env }))).toEqual(['openai:gpt-5-mini']);
    expect(() => modelMatrix(['gpt-5-mni'], undefined, { env: {} })).toThrow(/Unknown model/);
  });

  test('display names drop the provider prefix only', () => {
    const [oss] = modelMatrix(['ollama:gpt-oss:20b'], undefined, { env: {} });
    expect(oss && modelDisplayName(oss)).toBe('gpt-oss:20b');
  });
});
