/**
 * Repeat statistics, checked against values worked out by hand from the formulas
 * pass@k = 1 − C(n−c, k)/C(n, k) (Chen et al. 2021, arXiv:2107.03374) and
 * pass^k = C(c, k)/C(n, k) (Yao et al. 2024, τ-bench, arXiv:2406.12045).
 */
import { describe, expect, it } from 'vitest';
import { binomial, medianAndSpread, passAtK, passHatK } from '../../src/grading/repeat-stats.js';

describe('repeat statistics', () => {
  it('computes binomial coefficients', () => {
    expect(binomial(3, 1)).toBe(3);
    expect(binomial(6, 2)).toBe(15);
    expect(binomial(6, 3)).toBe(20);
    expect(binomial(1, 2)).toBe(0); // k > n
  });

  it('n = 3 runs, c = 2 passes (one run in three fails)', () => {
    // pass@1 = 1 − C(1,1)/C(3,1) = 1 − 1/3; pass@2 = 1 − C(1,2)/C(3,2) = 1 − 0/3.
    expect(passAtK(3, 2, 1)).toBeCloseTo(2 / 3, 12);
    expect(passAtK(3, 2, 2)).toBe(1);
    expect(passAtK(3, 2, 3)).toBe(1);
    // pass^1 = C(2,1)/C(3,1) = 2/3; pass^2 = C(2,2)/C(3,2) = 1/3; pass^3 = C(2,3)/C(3,3) = 0.
    expect(passHatK(3, 2, 1)).toBeCloseTo(2 / 3, 12);
    expect(passHatK(3, 2, 2)).toBeCloseTo(1 / 3, 12);
    expect(passHatK(3, 2, 3)).toBe(0);
  });

  it('n = 6 runs, c = 4 passes', () => {
    // pass@2 = 1 − C(2,2)/C(6,2) = 1 − 1/15; pass^2 = C(4,2)/C(6,2) = 6/15; pass^3 = C(4,3)/C(6,3) = 4/20.
    expect(passAtK(6, 4, 2)).toBeCloseTo(14 / 15, 12);
    expect(passHatK(6, 4, 2)).toBeCloseTo(0.4, 12);
    expect(passHatK(6, 4, 3)).toBeCloseTo(0.2, 12);
    expect(passAtK(6, 4, 3)).toBe(1);
  });

  it('all or nothing', () => {
    expect(passAtK(4, 0, 2)).toBe(0);
    expect(passHatK(4, 4, 4)).toBe(1);
  });

  it('rejects counts that cannot be', () => {
    expect(() => passAtK(3, 4, 1)).toThrow(RangeError);
    expect(() => passHatK(3, 2, 0)).toThrow(RangeError);
    expect(() => passHatK(0, 0, 1)).toThrow(RangeError);
  });

  it('takes the median grade (the worse middle one for an even count) and the spread', () => {
    expect(medianAndSpread(['A', 'F', 'B'])).toEqual({ median: 'B', spread: 4 });
    expect(medianAndSpread(['A', 'B'])).toEqual({ median: 'B', spread: 1 });
    expect(medianAndSpread(['C'])).toEqual({ median: 'C', spread: 0 });
    expect(medianAndSpread([])).toBeNull();
  });
});
