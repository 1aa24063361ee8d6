import { formatDuration, formatUsd } from '../format/format-values.js';
import type { BarCheck } from '../records/bar-check.js';
import type { Report } from '../records/report.js';
import type { SuiteBars } from './bars-schema.js';

const SOURCE = 'bars.suite';

/**
 * Checks the whole run against the suite's bars: the agents' total cost (failing, as unchecked,
 * when a run's price is unknown), the sum of run times, and the pass rate of real-model runs.
 */
export function checkSuiteBars(report: Report, bars: SuiteBars | undefined): BarCheck[] {
  if (!bars) return [];
  const checks: BarCheck[] = [];
  const { totals } = report;
  if (bars.maxCostUsd !== undefined) {
    const limit = formatUsd(bars.maxCostUsd);
    const unknown = totals.unknownCostRuns;
    const ok = unknown === 0 && totals.agentCostUsd <= bars.maxCostUsd;
    checks.push({
      bar: 'maxCostUsd',
      limit,
      actual: unknown > 0 ? 'unknown' : formatUsd(totals.agentCostUsd),
      ok,
      source: SOURCE,
      message: ok
        ? `suite cost ${formatUsd(totals.agentCostUsd)} within maxCostUsd ${limit}`
        : unknown > 0
          ? `suite bar maxCostUsd ${limit} cannot be checked: ${unknown} run(s) have an unknown price (known part ${formatUsd(totals.agentCostUsd)})`
          : `suite bar maxCostUsd ${limit} failed: the agents cost ${formatUsd(totals.agentCostUsd)}`,
    });
  }
  if (bars.maxDurationMs !== undefined) {
    const limit = formatDuration(bars.maxDurationMs);
    const ok = totals.durationMs <= bars.maxDurationMs;
    checks.push({
      bar: 'maxDurationMs',
      limit,
      actual: formatDuration(totals.durationMs),
      ok,
      source: SOURCE,
      message: ok
        ? `suite time ${formatDuration(totals.durationMs)} within maxDurationMs ${limit}`
        : `suite bar maxDurationMs ${limit} failed: the runs took ${formatDuration(totals.durationMs)} in all`,
    });
  }
  if (bars.minPassRate !== undefined) {
    const ran = report.records.filter((r) => r.builtin === undefined && r.status !== 'skipped');
    const passed = ran.filter((r) => r.status === 'passed').length;
    const rate = ran.length === 0 ? null : passed / ran.length;
    const limit = `${Math.round(bars.minPassRate * 100)}%`;
    const ok = rate !== null && rate + 1e-9 >= bars.minPassRate;
    const actual = rate === null ? 'no runs' : `${passed}/${ran.length}`;
    checks.push({
      bar: 'minPassRate',
      limit,
      actual,
      ok,
      source: SOURCE,
      message: ok
        ? `suite pass rate ${actual} meets minPassRate ${limit}`
        : `suite bar minPassRate ${limit} failed: ${rate === null ? 'no real-model run ran' : `${actual} runs passed`}`,
    });
  }
  return checks;
}
