import type { Grade } from '../records/grade.js';
import type { GradeCounts, ModelSummary, ReportRecord } from '../records/report.js';
import { type CaseVerdict, caseVerdicts } from './case-verdicts.js';
import { gradeOfMean, gradePoints } from './grade-scale.js';

function emptyCounts(): GradeCounts {
  return { S: 0, A: 0, B: 0, C: 0, D: 0, F: 0, none: 0 };
}

function count(counts: GradeCounts, grade: Grade | null): void {
  counts[grade ?? 'none']++;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

interface Tally {
  summary: ModelSummary;
  meanPerformance: number | null;
}

/**
 * A model across the cases: grade counts, jobs done and mean points per case (one verdict per
 * case, its repeats taken together, see caseVerdicts); cost and time are what its runs spent.
 */
function summarise(
  model: string,
  label: string,
  first: ReportRecord,
  verdicts: CaseVerdict[],
): Tally {
  const overallGrades = emptyCounts();
  const performanceGrades = emptyCounts();
  const overallPoints: number[] = [];
  const performancePoints: number[] = [];
  let ran = 0;
  let jobsDone = 0;
  let costUsd = 0;
  let unknownCostRuns = 0;
  let judgeCostUsd = 0;
  let durationMs = 0;
  for (const verdict of verdicts) {
    if (!verdict.ran) continue;
    ran++;
    if (verdict.done) jobsDone++;
    count(overallGrades, verdict.overall);
    count(performanceGrades, verdict.performance);
    if (verdict.overall !== null) overallPoints.push(gradePoints(verdict.overall));
    if (verdict.performance !== null) performancePoints.push(gradePoints(verdict.performance));
    for (const record of verdict.runs) {
      if (record.status === 'skipped') continue;
      if (record.metrics) {
        if (record.metrics.costUsd === null) unknownCostRuns++;
        else costUsd += record.metrics.costUsd;
        durationMs += record.metrics.durationMs;
      }
      judgeCostUsd += record.judgeCostUsd ?? 0;
    }
  }
  const meanOverall = mean(overallPoints);
  return {
    summary: {
      model,
      label,
      provider: first.provider,
      ...(first.builtin ? { builtin: first.builtin } : {}),
      ran,
      skipped: verdicts.length - ran,
      jobsDone,
      overallGrades,
      performanceGrades,
      costUsd,
      unknownCostRuns,
      judgeCostUsd,
      durationMs,
      meanOverall,
      overall: meanOverall === null ? null : gradeOfMean(meanOverall),
      rank: null,
    },
    meanPerformance: mean(performancePoints),
  };
}

/** Higher first, nulls last. */
const higher = (a: number | null, b: number | null) =>
  a === null || b === null ? (a === b ? 0 : a === null ? 1 : -1) : b - a;

/**
 * Orders two ranked models: most jobs done (cases where it reached the bar) first — performance
 * first, so a model that did fewer jobs never places above one that did more — then the higher
 * mean overall grade, the higher mean performance, the lower known cost (a model with unknown
 * costs after those without), the lower total time.
 */
function compareRanked(a: Tally, b: Tally): number {
  const x = a.summary;
  const y = b.summary;
  return (
    y.jobsDone - x.jobsDone ||
    higher(x.meanOverall, y.meanOverall) ||
    higher(a.meanPerformance, b.meanPerformance) ||
    Number(x.unknownCostRuns > 0) - Number(y.unknownCostRuns > 0) ||
    x.costUsd - y.costUsd ||
    x.durationMs - y.durationMs
  );
}

/**
 * One summary per model across every case, in ranking order: ranked real models (those that did
 * at least one job) by rank, then real models that did none (no "1st" for a model whose every
 * run failed), then built-ins. Models equal on every ranking key share a rank (1, 1, 3). `labels`
 * gives each model its short name. Each case counts once per model, its repeats taken together;
 * the cases in `leftOut` (broken: their checks cannot tell a good run from none) count for no
 * real model.
 */
export function rankModels(
  records: ReportRecord[],
  labels: ReadonlyMap<string, string>,
  leftOut: ReadonlySet<string> = new Set(),
): ModelSummary[] {
  const firsts = new Map<string, ReportRecord>();
  const byModel = new Map<string, CaseVerdict[]>();
  for (const record of records) if (!firsts.has(record.model)) firsts.set(record.model, record);
  // The built-ins are what found a case broken: their own counts keep it.
  const counted = records.filter(
    (record) => record.builtin !== undefined || !leftOut.has(record.case),
  );
  for (const verdict of caseVerdicts(counted)) {
    byModel.set(verdict.model, [...(byModel.get(verdict.model) ?? []), verdict]);
  }
  const tallies = [...firsts].map(([model, first]) =>
    summarise(model, labels.get(model) ?? model, first, byModel.get(model) ?? []),
  );
  const isRanked = (t: Tally) =>
    t.summary.builtin === undefined && t.summary.meanOverall !== null && t.summary.jobsDone > 0;
  const ranked = tallies.filter(isRanked).sort(compareRanked);
  ranked.forEach((tally, i) => {
    const previous = ranked[i - 1];
    tally.summary.rank =
      previous && compareRanked(previous, tally) === 0 ? previous.summary.rank : i + 1;
  });
  const unranked = tallies
    .filter((t) => t.summary.builtin === undefined && !isRanked(t))
    .sort(compareRanked);
  const builtins = tallies.filter((t) => t.summary.builtin !== undefined);
  return [...ranked, ...unranked, ...builtins].map((t) => t.summary);
}
