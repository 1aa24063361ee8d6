import { GRADES, type Grade } from '../records/grade.js';

/** Points of a grade: S 5, A 4, B 3, C 2, D 1, F 0 (means and comparisons use these). */
export function gradePoints(grade: Grade): number {
  return GRADES.length - 1 - GRADES.indexOf(grade);
}

/** The grade of a whole number of points, clamped to F..S. */
export function gradeOfPoints(points: number): Grade {
  const clamped = Math.max(0, Math.min(GRADES.length - 1, Math.round(points)));
  return GRADES[GRADES.length - 1 - clamped] as Grade;
}

/** The grade nearest to a mean of points; a tie (x.5) goes to the lower grade, to stay conservative. */
export function gradeOfMean(mean: number): Grade {
  return gradeOfPoints(Math.ceil(mean - 0.5));
}

/** The worse of two grades. */
export function worseGrade(a: Grade, b: Grade): Grade {
  return gradePoints(a) <= gradePoints(b) ? a : b;
}

/** Whether `grade` is at least `bar`. */
export function meetsBar(grade: Grade, bar: Grade): boolean {
  return gradePoints(grade) >= gradePoints(bar);
}

/** Grade steps from `base` to `head`: positive is better (B → A is 1, A → C is −2). */
export function gradeSteps(base: Grade, head: Grade): number {
  return gradePoints(head) - gradePoints(base);
}

/**
 * The median of several grades (judge votes, repeated runs). With an even count the worse of
 * the two middle grades wins: a tie never lifts a run over a bar.
 */
export function medianGrade(grades: readonly Grade[]): Grade {
  if (grades.length === 0) throw new RangeError('the median of no grades is undefined');
  const points = grades.map(gradePoints).sort((a, b) => b - a);
  return gradeOfPoints(points[Math.floor(points.length / 2)] as number);
}

/** How far grades lie apart, in grade steps: 0 when all agree, 5 for an S and an F. */
export function gradeSpread(grades: readonly Grade[]): number {
  if (grades.length === 0) return 0;
  const points = grades.map(gradePoints);
  return Math.max(...points) - Math.min(...points);
}

/** `grade` lowered by `steps` grades, but not below `floor` (a grade already below it stays). */
export function lowerGrade(grade: Grade, steps: number, floor: Grade = 'F'): Grade {
  const points = gradePoints(grade);
  const floorPoints = gradePoints(floor);
  if (points <= floorPoints) return grade;
  return gradeOfPoints(Math.max(points - steps, floorPoints));
}

/**
 * The upper ratio to the best value for each relative grade: ≤ 1.1× the best is S, ≤ 1.5× A,
 * ≤ 2× B, ≤ 3× C, ≤ 5× D, anything more F.
 */
export const RATIO_BANDS: readonly { grade: Grade; maxRatio: number }[] = [
  { grade: 'S', maxRatio: 1.1 },
  { grade: 'A', maxRatio: 1.5 },
  { grade: 'B', maxRatio: 2 },
  { grade: 'C', maxRatio: 3 },
  { grade: 'D', maxRatio: 5 },
];

/** The relative grade of a value that is `ratio` times the best one. */
export function gradeOfRatio(ratio: number): Grade {
  // A small tolerance: 1.1 computed as 0.55 / 0.5 is 1.1000000000000003.
  const band = RATIO_BANDS.find((candidate) => ratio <= candidate.maxRatio + 1e-9);
  return band ? band.grade : 'F';
}
