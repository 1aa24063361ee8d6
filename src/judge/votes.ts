import { GRADES, type Grade } from '../records/grade.js';

/** A grade's place on the scale: S is 0, F is 5. */
export function gradeRank(grade: Grade): number {
  return GRADES.indexOf(grade);
}

/** Whether `grade` is at least as good as `bar`. */
export function meetsBar(grade: Grade, bar: Grade): boolean {
  return gradeRank(grade) <= gradeRank(bar);
}

/**
 * The median of the votes on the S..F order. With an even count the worse of the two middle
 * votes wins: a tie between judges never lifts a run over the bar.
 */
export function medianGrade(votes: readonly Grade[]): Grade {
  if (votes.length === 0) throw new RangeError('the median of no votes is undefined');
  const sorted = [...votes].sort((a, b) => gradeRank(a) - gradeRank(b));
  const median = sorted[Math.floor(sorted.length / 2)];
  if (median === undefined) throw new RangeError('the median of no votes is undefined');
  return median;
}

/** How far the votes lie apart, in grade steps: 0 when all agree, 5 for an S and an F. */
export function gradeSpread(votes: readonly Grade[]): number {
  if (votes.length === 0) return 0;
  const ranks = votes.map(gradeRank);
  return Math.max(...ranks) - Math.min(...ranks);
}
