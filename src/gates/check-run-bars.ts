import { formatDuration, formatUsd } from '../format/format-values.js';
import { meetsBar } from '../grading/grade-scale.js';
import type { BarCheck } from '../records/bar-check.js';
import type { Grade } from '../records/grade.js';
import type { ResolvedBars } from './resolve-bars.js';

/** What a run's bars are checked against. */
export interface RunMeasures {
  /** The run's performance grade (the lowest judge grade, else A for passed checks); null when unscored. */
  grade: Grade | null;
  /** The agent's cost; null when the model's price is unknown. */
  costUsd: number | null;
  durationMs: number;
}

/**
 * Checks one run against its resolved bars. A bar that cannot be measured (no grade, an
 * unknown price) fails and says so: a gate must not pass what it could not check.
 */
export function checkRunBars(resolved: ResolvedBars, measures: RunMeasures): BarCheck[] {
  const { bars, sources } = resolved;
  const checks: BarCheck[] = [];
  if (bars.minGrade !== undefined) {
    const source = sources.minGrade ?? 'bars';
    const { grade } = measures;
    const ok = grade !== null && meetsBar(grade, bars.minGrade);
    checks.push({
      bar: 'minGrade',
      limit: bars.minGrade,
      actual: grade ?? 'unscored',
      ok,
      source,
      message: ok
        ? `grade ${grade} meets minGrade ${bars.minGrade}`
        : grade === null
          ? `bar minGrade ${bars.minGrade} (${source}) cannot be checked: the run has no grade`
          : `bar minGrade ${bars.minGrade} (${source}) failed: the run was graded ${grade}`,
    });
  }
  if (bars.maxCostUsd !== undefined) {
    const source = sources.maxCostUsd ?? 'bars';
    const limit = formatUsd(bars.maxCostUsd);
    const { costUsd } = measures;
    const ok = costUsd !== null && costUsd <= bars.maxCostUsd;
    checks.push({
      bar: 'maxCostUsd',
      limit,
      actual: costUsd === null ? 'unknown' : formatUsd(costUsd),
      ok,
      source,
      message: ok
        ? `cost ${formatUsd(costUsd)} within maxCostUsd ${limit}`
        : costUsd === null
          ? `bar maxCostUsd ${limit} (${source}) cannot be checked: the model's price is unknown (add it to the catalog, or lift the bar for this model)`
          : `bar maxCostUsd ${limit} (${source}) failed: the run cost ${formatUsd(costUsd)}`,
    });
  }
  if (bars.maxDurationMs !== undefined) {
    const source = sources.maxDurationMs ?? 'bars';
    const limit = formatDuration(bars.maxDurationMs);
    const ok = measures.durationMs <= bars.maxDurationMs;
    checks.push({
      bar: 'maxDurationMs',
      limit,
      actual: formatDuration(measures.durationMs),
      ok,
      source,
      message: ok
        ? `time ${formatDuration(measures.durationMs)} within maxDurationMs ${limit}`
        : `bar maxDurationMs ${limit} (${source}) failed: the run took ${formatDuration(measures.durationMs)}`,
    });
  }
  return checks;
}
