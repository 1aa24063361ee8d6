import type { JudgeRecord } from '../records/case-record.js';
import type { Grade } from '../records/grade.js';
import type { Performance, ReportEntry } from '../records/report.js';
import { gradePoints, meetsBar, worseGrade } from './grade-scale.js';

/** The highest grade a judged run keeps when one of the case's other assertions failed. */
export const FAILED_CHECK_CAP: Grade = 'D';

/** Judgements that say something about the run (a built-in with no oracle is `ungraded`). */
export function scoringJudgements(entry: ReportEntry): JudgeRecord[] {
  return (entry.record.judgements ?? []).filter((judgement) => judgement.status !== 'ungraded');
}

/**
 * Whether the case's checks passed on this run. For the built-in `null` model the test passes
 * when its checks fail, so the checks passed exactly when the case was reported broken. A run
 * is held to its bars (cost, time, minGrade) only after its checks passed, so a test that failed
 * on a bar passed its checks: the bar says the job was not done within it, not that the work
 * was worse (that is overall's cap, the same for checked and judged runs).
 */
export function checksPassed(entry: ReportEntry): boolean {
  if (entry.record.builtin === 'null') return entry.record.brokenCase !== undefined;
  return entry.status === 'passed' || (entry.record.bars ?? []).some((bar) => !bar.ok);
}

/**
 * The performance grade of one run:
 * - skipped (or never ran and did not fail) → no grade;
 * - a run error (timeout, provider error, …) → F;
 * - judged → the lowest judge grade; an unscored judgement → no grade ('unscored'); when a
 *   check failed although every judgement met its bar: capped at D;
 * - no judge → A when the checks passed, F when they failed;
 * - a failed bar (cost, time, minGrade) changes neither: it fails the test, and `reachedBar`
 *   and the overall grade say so;
 * - nothing checked the run at all (`notJudged`) → no grade ('not_judged').
 */
export function gradePerformance(entry: ReportEntry): Performance {
  const { run } = entry.record;
  if (entry.status === 'skipped' || (!run && entry.status !== 'failed')) {
    return { grade: null, source: 'skipped' };
  }
  if (run?.error) return { grade: 'F', source: 'run_error' };
  if (entry.notJudged) return { grade: null, source: 'not_judged' };
  const judgements = scoringJudgements(entry);
  if (judgements.length === 0) {
    return { grade: checksPassed(entry) ? 'A' : 'F', source: 'checks' };
  }
  const graded: { grade: Grade; bar: Grade }[] = [];
  for (const judgement of judgements) {
    if (judgement.status === 'unscored' || judgement.grade === null) {
      return { grade: null, source: 'unscored' };
    }
    graded.push({ grade: judgement.grade, bar: judgement.bar });
  }
  const lowest = graded.reduce((low, next) => worseGrade(low, next.grade), 'S' as Grade);
  const judgeExplainsFailure = graded.some(({ grade, bar }) => !meetsBar(grade, bar));
  if (!checksPassed(entry) && !judgeExplainsFailure) {
    const capped = worseGrade(lowest, FAILED_CHECK_CAP);
    if (gradePoints(capped) < gradePoints(lowest)) {
      return { grade: capped, source: 'judge', cappedFrom: lowest };
    }
    return { grade: capped, source: 'judge' };
  }
  return { grade: lowest, source: 'judge' };
}

/**
 * Whether a real model reached the case's bar: its test passed with no run error, its
 * performance is graded, and every judgement met its bar. Built-ins never count.
 */
export function reachedBar(entry: ReportEntry, performance: Performance): boolean {
  if (entry.record.builtin !== undefined) return false;
  if (entry.status !== 'passed' || !entry.record.run || entry.record.run.error) return false;
  if (performance.grade === null) return false;
  return scoringJudgements(entry).every(
    (judgement) => judgement.grade !== null && meetsBar(judgement.grade, judgement.bar),
  );
}
