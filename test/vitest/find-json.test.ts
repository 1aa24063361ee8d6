import { describe, expect, test } from 'vitest';
import { findJson } from '../../src/vitest/matchers/find-json.js';

describe('findJson', () => {
  test('a fenced ```json block comes first', () => {
    const output = 'Here you go:\n```json\n{"names": ["Ada", "Alan"]}\n```\nAnything else?';
    const search = findJson(output);
    expect(search.found[0]).toEqual({
      source: 'json block',
      text: '{"names": ["Ada", "Alan"]}',
      value: { names: ['Ada', 'Alan'] },
    });
    // The block's inside is the same text, so it is not listed twice.
    expect(search.found).toHaveLength(1);
    expect(search.invalid).toEqual([]);
  });

  test('a bare object or array as the whole output', () => {
    expect(findJson('  [1, 2, 3]\n').found).toEqual([
      { source: 'whole output', text: '[1, 2, 3]', value: [1, 2, 3] },
    ]);
  });

  test('JSON wrapped in prose: the first balanced value that parses, its inside not searched again', () => {
    const output =
      'I found [two] people: {"people": [{"name": "Ada"}], "note": "a } in a string"} — done.';
    const search = findJson(output);
    expect(search.found.map((found) => found.value)).toEqual([
      { people: [{ name: 'Ada' }], note: 'a } in a string' },
    ]);
    expect(search.invalid).toEqual([
      { source: 'embedded', text: '[two]', error: expect.stringMatching(/JSON/) },
    ]);
  });

  test('an invalid ```json block is reported with the parse error', () => {
    const search = findJson('```json\n{"a": 1,}\n```');
    expect(search.found).toEqual([]);
    expect(search.invalid[0]).toMatchObject({ source: 'json block', text: '{"a": 1,}' });
    expect(search.invalid[0]?.error).toMatch(/JSON/);
  });

  test('a cut-off answer counts as invalid JSON, not as no JSON', () => {
    const search = findJson('Result: {"names": ["Ada", "Al');
    expect(search.found).toEqual([]);
    expect(search.invalid).toEqual([
      { source: 'embedded', text: '{"names": ["Ada", "Al', error: expect.any(String) },
    ]);
  });

  test('plain prose has no candidates at all', () => {
    expect(findJson('The names are Ada and Alan.')).toEqual({ found: [], invalid: [] });
  });

  test('crossed brackets are skipped, the valid value after them is found', () => {
    expect(findJson('see (a[b}c) then {"ok": true}').found.map((found) => found.value)).toEqual([
      { ok: true },
    ]);
  });

  test('lists every parsed value, best first', () => {
    const output = '```json\n{"a": 1}\n```\nand also {"b": 2}';
    expect(findJson(output).found.map((found) => [found.source, found.value])).toEqual([
      ['json block', { a: 1 }],
      ['embedded', { b: 2 }],
    ]);
  });
});
