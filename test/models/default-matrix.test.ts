import { describe, expect, test } from 'vitest';
import { createCatalog } from '../../src/models/catalog.js';
import { defaultMatrix, SEED_LINEUP } from '../../src/models/default-matrix.js';

describe('defaultMatrix', () => {
  test('is the seed lineup with retired models replaced, in order, without duplicates', () => {
    expect(defaultMatrix().models).toEqual([
      'openai:gpt-5',
      'openai:gpt-5-mini',
      'openai:gpt-5-nano',
      // Opus 4.1 and Opus 4 both become Opus 4.5, which runs once, where Opus 4.1 stood.
      'anthropic:claude-opus-4-5',
      'anthropic:claude-sonnet-4-5',
      'anthropic:claude-haiku-4-5',
      'ollama:gpt-oss:20b',
      'ollama:gpt-oss:120b',
    ]);
  });

  test('says which seed models were replaced and by what', () => {
    const { replacements } = defaultMatrix();
    expect(replacements.map(({ from, to }) => [from, to])).toEqual([
      ['anthropic:claude-opus-4-1', 'anthropic:claude-opus-4-5'],
      ['anthropic:claude-opus-4', 'anthropic:claude-opus-4-5'],
      ['anthropic:claude-sonnet-4', 'anthropic:claude-sonnet-4-5'],
      ['anthropic:claude-3-haiku', 'anthropic:claude-haiku-4-5'],
    ]);
    expect(replacements[0]?.note).toBe(
      'Claude Opus 4.1 (anthropic:claude-opus-4-1) is retired; the matrix runs its successor Claude Opus 4.5 (anthropic:claude-opus-4-5).',
    );
  });

  test('the seed lineup is the seed system’s nine models', () => {
    expect(SEED_LINEUP).toHaveLength(9);
    expect(Object.isFrozen(SEED_LINEUP)).toBe(true);
  });

  test("follows a user catalog's chain of replacements to an active model", () => {
    const catalog = createCatalog({
      models: [
        { id: 'anthropic:claude-opus-5', label: 'Claude Opus 5' },
        {
          id: 'anthropic:claude-opus-4-5',
          apiModel: 'claude-opus-4-5-20251101',
          label: 'Claude Opus 4.5',
          status: { state: 'retired', replacement: 'anthropic:claude-opus-5' },
        },
        // Un-retire Haiku 3 in this catalog: it stays in the matrix.
        {
          id: 'anthropic:claude-3-haiku',
          apiModel: 'claude-3-haiku-20240307',
          label: 'Claude Haiku 3',
        },
      ],
    });
    const matrix = defaultMatrix(catalog);
    expect(matrix.models).toEqual([
      'openai:gpt-5',
      'openai:gpt-5-mini',
      'openai:gpt-5-nano',
      'anthropic:claude-opus-5',
      'anthropic:claude-sonnet-4-5',
      'anthropic:claude-3-haiku',
      'ollama:gpt-oss:20b',
      'ollama:gpt-oss:120b',
    ]);
    expect(matrix.replacements.map(({ from, to }) => `${from} → ${to}`)).toEqual([
      'anthropic:claude-opus-4-1 → anthropic:claude-opus-5',
      'anthropic:claude-opus-4 → anthropic:claude-opus-5',
      'anthropic:claude-sonnet-4 → anthropic:claude-sonnet-4-5',
    ]);
  });
});
