import { medianAndSpread } from '../grading/repeat-stats.js';
import type { Grade } from '../records/grade.js';
import type { ComparedRecord, ComparedReport } from './read-report.js';

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
  /** Why its runs were skipped, when none ran (`case broken: …`, a missing key, `agentTest.skip`). */
  skipNote: string | null;
}

/** The key compare matches cells on. */
export function cellKey(caseName: string, model: string): string {
  return JSON.stringify([caseName, model]);
}

/**
 * Folds a report's records into one cell per case × real model (built-ins check the case, not
 * a model, and are left out). A cell whose every run was skipped has `runs: 0`.
 */
export function reportCells(report: ComparedReport): Map<string, ReportCell> {
  const groups = new Map<string, ComparedRecord[]>();
  for (const record of report.records) {
    if (record.builtin !== undefined) continue;
    const key = cellKey(record.case, record.model);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  const cells = new Map<string, ReportCell>();
  // One pass per cell, no intermediate arrays: a report can hold 10,000 records.
  for (const [key, records] of groups) {
    const first = records[0] as ComparedRecord;
    let runs = 0;
    let passes = 0;
    let costSum = 0;
    let costKnown = true;
    let durationSum = 0;
    let durations = 0;
    const grades: Grade[] = [];
    let skipNote: string | null = null;
    for (const record of records) {
      if (record.status === 'skipped') {
        skipNote ??= record.note ?? null;
        continue;
      }
      runs += 1;
      if (record.status === 'passed') passes += 1;
      if (record.performance.grade !== null) grades.push(record.performance.grade);
      const cost = record.metrics?.costUsd ?? null;
      if (cost === null) costKnown = false;
      else costSum += cost;
      if (record.metrics) {
        durationSum += record.metrics.durationMs;
        durations += 1;
      }
    }
    cells.set(key, {
      case: first.case,
      model: first.model,
      runs,
      passes,
      grade: medianAndSpread(grades)?.median ?? null,
      costUsd: costKnown && runs > 0 ? costSum / runs : null,
      durationMs: durations === 0 ? null : durationSum / durations,
      skipNote: runs === 0 ? skipNote : null,
    });
  }
  return cells;
}
