import type { Grade } from '../records/grade.js';
import type { Performance, RelativeGrade } from '../records/report.js';
import { gradePoints, lowerGrade, worseGrade } from './grade-scale.js';

/** The best overall grade a run that did not do the job can get. */
export const NOT_DONE_CAP: Grade = 'D';

/** Mean speed and cost points below this (B = 3) cost a run that did the job one grade. */
export const EFFICIENCY_BAR = 3;

/** What the overall grade is made of. */
export interface OverallInput {
  builtin: boolean;
  performance: Performance;
  didTheJob: boolean;
  speed: RelativeGrade;
  cost: RelativeGrade;
}

/**
 * The overall grade: performance first. A run that did the job keeps its performance grade,
 * one grade lower when the mean points of its graded speed and cost are below B (3) — but never
 * below D. A run that did not do the job gets its performance grade capped at D (F stays F), so
 * it can never place above one that did. Built-ins and runs with no performance grade get none.
 */
export function gradeOverall(input: OverallInput): Grade | null {
  const { performance } = input;
  if (input.builtin || performance.grade === null) return null;
  if (!input.didTheJob) return worseGrade(performance.grade, NOT_DONE_CAP);
  const points = [input.speed.grade, input.cost.grade]
    .filter((grade): grade is Grade => grade !== null)
    .map(gradePoints);
  if (points.length === 0) return performance.grade;
  const efficiency = points.reduce((sum, p) => sum + p, 0) / points.length;
  return efficiency < EFFICIENCY_BAR
    ? lowerGrade(performance.grade, 1, NOT_DONE_CAP)
    : performance.grade;
}
