import { z } from 'zod';
import type { ReportRecord } from '../report/report-schema.js';
import { GradeSchema } from '../vitest/case-record.js';
import { medianAndSpread, passAtK, passHatK } from './repeat-stats.js';

/** One repeated case × model: how often it passed, and how its grades spread. */
export const RepeatSummarySchema = z.object({
  case: z.string(),
  model: z.string(),
  /** Runs that ran (n), and those that passed (c). */
  runs: z.number().int().nonnegative(),
  passes: z.number().int().nonnegative(),
  passRate: z.number().min(0).max(1).nullable(),
  /** pass@k for k = 1…n (index k − 1): the chance that at least one of k runs passes. */
  passAt: z.array(z.number().min(0).max(1)),
  /** pass^k for k = 1…n (index k − 1): the chance that all k runs pass. */
  passHat: z.array(z.number().min(0).max(1)),
  medianGrade: GradeSchema.nullable(),
  /** Grade steps between the best and the worst run. */
  spread: z.number().int().nonnegative().nullable(),
  minPass: z.number().int().positive(),
  /** Whether at least minPass runs passed. */
  minPassMet: z.boolean(),
});
export type RepeatSummary = z.infer<typeof RepeatSummarySchema>;

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
