import type { Grade } from '../records/grade.js';
import type { ReportRecord } from '../records/report.js';
import { medianGrade, worseGrade } from './grade-scale.js';
import { NOT_DONE_CAP } from './overall-grade.js';

/**
 * One model on one case, its repeats taken together: what the ranking and "best for this job"
 * count, once per case whatever the number of runs.
 */
export interface CaseVerdict {
  case: string;
  model: string;
  /** Its runs of the case, skipped ones included. */
  runs: ReportRecord[];
  /** At least one run ran (was not skipped). */
  ran: boolean;
  /**
   * It reached the case's bar: at least `minPass` of its runs did (a single run: that run did).
   * `minPass` is the case's own for repeats (default every run).
   */
  done: boolean;
  /**
   * The median overall grade of its runs (the worse middle one for an even count), at least D
   * when the case was done and at most D when it was not — the per-run rule, per case.
   */
  overall: Grade | null;
  /** The median performance grade of its runs. */
  performance: Grade | null;
  /** The mean agent cost of its runs that ran; null when a price is unknown or none ran. */
  costUsd: number | null;
  /** The mean time of its runs that ran; null when none started. */
  durationMs: number | null;
}

function median(grades: (Grade | null)[]): Grade | null {
  const known = grades.filter((grade): grade is Grade => grade !== null);
  return known.length === 0 ? null : medianGrade(known);
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function verdictOf(runs: ReportRecord[]): CaseVerdict {
  const first = runs[0] as ReportRecord;
  const ran = runs.filter((run) => run.status !== 'skipped');
  const minPass = first.repeat?.minPass ?? 1;
  const done = ran.length > 0 && ran.filter((run) => run.didTheJob).length >= minPass;
  const middle = median(ran.map((run) => run.overall));
  // The per-run rule, per case: a job done is never below D, one not done never above it.
  const overall =
    middle === null
      ? null
      : done
        ? middle === 'F'
          ? NOT_DONE_CAP
          : middle
        : worseGrade(middle, NOT_DONE_CAP);
  const metered = ran.flatMap((run) => (run.metrics ? [run.metrics] : []));
  const costs = metered.map((metrics) => metrics.costUsd);
  return {
    case: first.case,
    model: first.model,
    runs,
    ran: ran.length > 0,
    done,
    overall,
    performance: median(ran.map((run) => run.performance.grade)),
    costUsd:
      costs.length === 0 || costs.some((cost) => cost === null) ? null : mean(costs as number[]),
    durationMs: metered.length === 0 ? null : mean(metered.map((metrics) => metrics.durationMs)),
  };
}

/**
 * The verdict of every case × model in the records, in the order they first appear: a repeated
 * case × model is one verdict, made of its runs (see CaseVerdict).
 */
export function caseVerdicts(records: readonly ReportRecord[]): CaseVerdict[] {
  const groups = new Map<string, ReportRecord[]>();
  for (const record of records) {
    const key = JSON.stringify([record.case, record.model]);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return [...groups.values()].map(verdictOf);
}
