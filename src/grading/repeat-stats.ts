import type { Grade } from '../records/grade.js';
import { gradeSpread, medianGrade } from './grade-scale.js';

/** C(n, k), exact for the small n of repeats (0 when k is out of range). */
export function binomial(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) result = (result * (n - i + 1)) / i;
  return Math.round(result);
}

function checkCounts(n: number, c: number, k: number): void {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`runs must be a whole number ≥ 1, got ${n}`);
  if (!Number.isInteger(c) || c < 0 || c > n)
    throw new RangeError(`passes must be 0…${n}, got ${c}`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be 1…${n}, got ${k}`);
}

/**
 * pass@k: the chance that at least one of k runs drawn (without replacement) from the n runs
 * passes — the unbiased estimator of Chen et al. 2021, "Evaluating Large Language Models
 * Trained on Code" (arXiv:2107.03374): pass@k = 1 − C(n−c, k) / C(n, k), with c passes.
 */
export function passAtK(n: number, c: number, k: number): number {
  checkCounts(n, c, k);
  return 1 - binomial(n - c, k) / binomial(n, k);
}

/**
 * pass^k: the chance that all k runs drawn from the n runs pass — the reliability measure of
 * Yao et al. 2024, "τ-bench" (arXiv:2406.12045): pass^k = C(c, k) / C(n, k).
 */
export function passHatK(n: number, c: number, k: number): number {
  checkCounts(n, c, k);
  return binomial(c, k) / binomial(n, k);
}

/**
 * The median grade of several runs (the worse middle grade for an even count, so a tie never
 * lifts a case over a bar) and the spread: grade steps between the best and the worst run.
 */
export function medianAndSpread(
  grades: readonly Grade[],
): { median: Grade; spread: number } | null {
  if (grades.length === 0) return null;
  return { median: medianGrade(grades), spread: gradeSpread(grades) };
}
