import { describe, expect, test } from 'vitest';
import { lineNumberAt, lineStarts } from '../../src/agent/text-file.js';
import { closestLine } from '../../src/agent/text-similarity.js';
import { editDistance, mostSimilar, similarity } from '../../src/format/text-similarity.js';

describe('editDistance (Levenshtein)', () => {
  test.for([
    ['kitten', 'sitting', 3], // k→s, e→i, +g
    ['flaw', 'lawn', 2], // −f, +n
    ['', 'abc', 3],
    ['abc', '', 3],
    ['same', 'same', 0],
    ['retrun', 'return', 2], // a transposition costs two substitutions
  ] as const)('%s → %s = %i', ([a, b, distance]) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

test('similarity is 1 − distance / longer length', () => {
  expect(similarity('abcd', 'abce')).toBe(0.75);
  expect(similarity('', '')).toBe(1);
  expect(similarity('abc', 'xyz')).toBe(0);
});

test('mostSimilar picks the best candidate, the first one on ties', () => {
  expect(mostSimilar('cat', ['dog', 'cart', 'cut', 'cat!'])).toEqual({ index: 1, score: 0.75 });
  expect(mostSimilar('x', [])).toBeUndefined();
});

test('closestLine ignores indentation when comparing and reports the line as it is', () => {
  const text = 'def f():\n    retrun 1\n    pass\n';
  expect(closestLine(text, 'return 1')).toEqual({
    lineNumber: 2,
    line: '    retrun 1',
    score: 0.75,
  });
  expect(closestLine(text, '\n  \n')).toBeUndefined();
});

test('lineStarts and lineNumberAt: a final newline does not start a line', () => {
  expect(lineStarts('')).toEqual([]);
  expect(lineStarts('a')).toEqual([0]);
  expect(lineStarts('a\n')).toEqual([0]);
  expect(lineStarts('a\nbc\n\nd')).toEqual([0, 2, 5, 6]);
  const starts = lineStarts('a\nbc\n\nd');
  expect([0, 1, 2, 4, 5, 6].map((index) => lineNumberAt(starts, index))).toEqual([
    1, 1, 2, 2, 3, 4,
  ]);
});
