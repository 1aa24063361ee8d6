import type { RelativeGrade, ReportEntry } from '../records/report.js';
import { gradeOfRatio } from './grade-scale.js';

/** A run of one case, with whether it reached the case's bar. */
export interface RelativeCandidate {
  entry: ReportEntry;
  didTheJob: boolean;
}

/** A run's speed and cost grades. */
export interface SpeedAndCost {
  speed: RelativeGrade;
  cost: RelativeGrade;
}

// Durations below a millisecond are noise; they must not make every other run infinitely slower.
const MIN_DURATION_MS = 1;

/** Real models that ran to the end without a run error. */
function ranToTheEnd({ entry }: RelativeCandidate): boolean {
  const { run, builtin } = entry.record;
  return builtin === undefined && entry.status !== 'skipped' && !!run && run.error === null;
}

/** The best (lowest) value among the runs that did the job. */
function bestValue(
  candidates: RelativeCandidate[],
  value: (candidate: RelativeCandidate) => number | null,
): number | null {
  const values = candidates.map(value).filter((v): v is number => v !== null);
  return values.length > 0 ? Math.min(...values) : null;
}

function outside(basis: RelativeGrade['basis']): RelativeGrade {
  return { grade: null, ratio: null, basis };
}

function byRatio(value: number, best: number): RelativeGrade {
  const ratio = value / best;
  return { grade: gradeOfRatio(ratio), ratio, basis: 'ratio' };
}

/**
 * Adds speed and cost grades to each run of one case that did the job, relative to the best of
 * them: the fastest (cheapest) real model that did the job is S, and every other one is graded by
 * its ratio to it (see RATIO_BANDS). A $0 run (a local model) is cost S and stays out of the paid
 * runs' comparison; an unknown price is not graded. A run that did not do the job gets no speed
 * or cost grade (`not_done`): a quick failure is no merit, and a green S beside it would say so.
 * Built-ins, skipped runs and runs that ended in an error take no part.
 */
export function gradeSpeedAndCost<T extends RelativeCandidate>(
  candidates: T[],
): (T & SpeedAndCost)[] {
  const taking = candidates.filter((c) => ranToTheEnd(c) && c.didTheJob);
  const duration = (c: RelativeCandidate) =>
    Math.max(c.entry.record.run?.durationMs ?? 0, MIN_DURATION_MS);
  const paidCost = (c: RelativeCandidate) => {
    const cost = c.entry.record.run?.costUsd ?? null;
    return cost !== null && cost > 0 ? cost : null;
  };
  const fastest = bestValue(taking, duration);
  const cheapest = bestValue(taking, paidCost);

  return candidates.map((candidate) => {
    if (candidate.entry.record.builtin !== undefined) {
      return { ...candidate, speed: outside('builtin'), cost: outside('builtin') };
    }
    if (!ranToTheEnd(candidate)) {
      return { ...candidate, speed: outside('no_run'), cost: outside('no_run') };
    }
    if (!candidate.didTheJob) {
      return { ...candidate, speed: outside('not_done'), cost: outside('not_done') };
    }
    const speed = fastest === null ? outside('no_run') : byRatio(duration(candidate), fastest);
    const costUsd = candidate.entry.record.run?.costUsd ?? null;
    let cost: RelativeGrade;
    if (costUsd === null) cost = outside('unknown');
    else if (costUsd === 0) cost = { grade: 'S', ratio: null, basis: 'free' };
    else cost = byRatio(costUsd, cheapest ?? costUsd);
    return { ...candidate, speed, cost };
  });
}
