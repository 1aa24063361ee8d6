import { medianAndSpread, passAtK, passHatK } from '../grading/repeat-stats.js';
import type { RepeatSummary, ReportRecord } from '../records/report.js';

/** The repeat statistics of every case × model that ran more than once (records with `repeat`). */
export function summariseRepeats(records: readonly ReportRecord[]): RepeatSummary[] {
  const groups = new Map<string, ReportRecord[]>();
  for (const record of records) {
    if (!record.repeat) continue;
    const key = JSON.stringify([record.case, record.model]);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as ReportRecord;
    const ran = group.filter((record) => record.status !== 'skipped');
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
      passRate: n === 0 ? null : c / n,
      passAt: ks.map((k) => passAtK(n, c, k)),
      passHat: ks.map((k) => passHatK(n, c, k)),
      medianGrade: stats?.median ?? null,
      spread: stats?.spread ?? null,
      minPass,
      minPassMet: c >= minPass,
    };
  });
}
