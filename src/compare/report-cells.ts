import { medianAndSpread } from '../grading/repeat-stats.js';
import type { Grade } from '../records/grade.js';
import type { Report, ReportRecord } from '../records/report.js';

/** One case × model of a report, its repeats folded together. */
export interface ReportCell {
  case: string;
  model: string;
  /** Runs that ran (not skipped). */
  runs: number;
  passes: number;
  /** The median performance grade of the runs that have one; null when none has. */
  grade: Grade | null;
  /** The mean agent cost per run; null when a run's price is unknown. */
  costUsd: number | null;
  /** The mean run time; null when nothing ran. */
  durationMs: number | null;
}

/** The key compare matches cells on. */
export function cellKey(caseName: string, model: string): string {
  return JSON.stringify([caseName, model]);
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Folds a report's records into one cell per case × real model (built-ins check the case, not
 * a model, and are left out). A cell whose every run was skipped has `runs: 0`.
 */
export function reportCells(report: Report): Map<string, ReportCell> {
  const groups = new Map<string, ReportRecord[]>();
  for (const record of report.records) {
    if (record.builtin !== undefined) continue;
    const key = cellKey(record.case, record.model);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const cells = new Map<string, ReportCell>();
  for (const [key, records] of groups) {
    const first = records[0] as ReportRecord;
    const ran = records.filter((record) => record.status !== 'skipped');
    const grades = ran.flatMap((record) =>
      record.performance.grade === null ? [] : [record.performance.grade],
    );
    const costs = ran.map((record) => record.metrics?.costUsd ?? null);
    const known = costs.filter((cost): cost is number => cost !== null);
    const durations = ran.flatMap((record) => (record.metrics ? [record.metrics.durationMs] : []));
    cells.set(key, {
      case: first.case,
      model: first.model,
      runs: ran.length,
      passes: ran.filter((record) => record.status === 'passed').length,
      grade: medianAndSpread(grades)?.median ?? null,
      costUsd: known.length === costs.length ? mean(known) : null,
      durationMs: mean(durations),
    });
  }
  return cells;
}
