import { medianAndSpread, passAtK, passHatK } from '../grading/repeat-stats.js';
import type { RepeatSummary, ReportRecord } from '../records/report.js';

/**
 * The repeat statistics of every case × model that ran more than once (records with `repeat`).
 * A model whose every run was skipped has none: it is listed as skipped, and a minPass it never
 * had the chance to meet is no failed bar.
 */
export function summariseRepeats(records: readonly ReportRecord[]): RepeatSummary[] {
  const groups = new Map<string, ReportRecord[]>();
  for (const record of records) {
    if (!record.repeat || record.status === 'skipped') continue;
    const key = JSON.stringify([record.case, record.model]);
    // Runs that ran: a skipped run is no evidence either way.
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()].map((ran) => {
    const first = ran[0] as ReportRecord;
    const n = ran.length;
    const c = ran.filter((record) => record.status === 'passed').length;
    const ks = Array.from({ length: n }, (_, i) => i + 1);
    const grades = ran.flatMap((record) =>
      record.performance.grade === null ? [] : [record.performance.grade],
    );
    const stats = medianAndSpread(grades);
    const minPass = first.repeat?.minPass ?? n;
    return {
      case: first.case,
      model: first.model,
      runs: n,
      passes: c,
      passRate: c / n,
      passAt: ks.map((k) => passAtK(n, c, k)),
      passHat: ks.map((k) => passHatK(n, c, k)),
      medianGrade: stats?.median ?? null,
      spread: stats?.spread ?? null,
      minPass,
      minPassMet: c >= minPass,
    };
  });
}
