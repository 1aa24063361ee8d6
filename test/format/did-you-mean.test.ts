import { describe, expect, test } from 'vitest';
import { didYouMean } from '../../src/format/did-you-mean.js';
import { editDistance } from '../../src/format/text-similarity.js';

describe('editDistance with transpositions', () => {
  test.for([
    ['modles', 'models', 1, 2],
    ['jugde', 'judge', 1, 2],
    ['gpt-6.1-tera', 'gpt-6.1-terra', 1, 1],
    ['ab', 'ba', 1, 2],
    ['abc', 'abc', 0, 0],
  ] as const)('%s → %s: %i with swaps, %i without', ([a, b, swapped, plain]) => {
    expect(editDistance(a, b, { transpositions: true })).toBe(swapped);
    expect(editDistance(a, b)).toBe(plain);
  });
});

describe('didYouMean', () => {
  const options = ['models', 'judge', 'bars', 'repeats', 'builtins', 'keepWorkspaces'];

  test.for([
    ['modles', 'models'],
    ['model', 'models'],
    ['Judge', 'judge'],
    ['bar', 'bars'],
    ['keepWorkspace', 'keepWorkspaces'],
    ['builtin', 'builtins'],
  ] as const)('%s → %s', ([input, meant]) => {
    expect(didYouMean(input, options)).toBe(meant);
  });

  test('nothing when no candidate is close: a guess would mislead', () => {
    expect(didYouMean('timeout', options)).toBeUndefined();
    expect(didYouMean('x', options)).toBeUndefined();
    expect(didYouMean('modles', [])).toBeUndefined();
  });

  test('the closest wins, and among equals the first listed', () => {
    expect(didYouMean('gpt-6.1-tera', ['gpt-6.1-sol', 'gpt-6.1-terra', 'gpt-6-luna'])).toBe(
      'gpt-6.1-terra',
    );
    expect(didYouMean('cat', ['bat', 'cut'])).toBe('bat');
  });
});
