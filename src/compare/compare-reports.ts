import { gradeSteps } from '../grading/grade-scale.js';
import type { Grade } from '../records/grade.js';
import type { ComparedReport } from './read-report.js';
import { type ReportCell, reportCells } from './report-cells.js';
import { DEFAULT_TOLERANCES, type Tolerances } from './tolerances.js';

/**
 * How one case × model changed from base to head. `added`/`removed`: only one report has it;
 * `not_run`: it is in both but every run was skipped in one of them (nothing to compare).
 */
export interface CellChange {
  case: string;
  model: string;
  status: 'changed' | 'same' | 'added' | 'removed' | 'not_run';
  base: ReportCell | null;
  head: ReportCell | null;
  /** Grade steps, head minus base (positive: better); null when either has no grade. */
  gradeSteps: number | null;
  /** Relative change of the mean cost (0.1 = +10%); null when it cannot be computed. */
  costChange: number | null;
  /** Why costChange is null when both sides ran: `unknown_base`, `unknown_head`, `unknown_both`, or `from_zero` (base $0, head paid). */
  costNote: 'unknown_base' | 'unknown_head' | 'unknown_both' | 'from_zero' | null;
  timeChange: number | null;
  /** Pass rate, head minus base. */
  passRateChange: number | null;
  /** Why this is a regression beyond the tolerances (empty: it is not). */
  regressions: string[];
  /** Worth saying, not failing (e.g. a cost that became unknown, under `unknown-cost=warn`). */
  warnings: string[];
}

/** What compare found: every cell, the regressions, and the cases and models that came or went. */
export interface Comparison {
  tolerances: Tolerances;
  changes: CellChange[];
  regressions: number;
  addedCases: string[];
  removedCases: string[];
  addedModels: string[];
  removedModels: string[];
  /**
   * `case › model` that ran in the base and not in the head (skipped: a broken case, a missing
   * key, agentTest.skip): nothing was compared for them, so the headline names them.
   */
  notRunInHead: string[];
}

function relative(base: number, head: number): number {
  return (head - base) / base;
}

function percent(fraction: number): string {
  return `${fraction >= 0 ? '+' : ''}${Math.round(fraction * 100)}%`;
}

/** A change with nothing measured yet, between the cells given (null: absent on that side). */
function unmeasured(
  status: CellChange['status'],
  cell: ReportCell,
  base: ReportCell | null,
  head: ReportCell | null,
): CellChange {
  return {
    case: cell.case,
    model: cell.model,
    status,
    base,
    head,
    gradeSteps: null,
    costChange: null,
    costNote: null,
    timeChange: null,
    passRateChange: null,
    regressions: [],
    warnings: [],
  };
}

function compareCells(base: ReportCell, head: ReportCell, tolerances: Tolerances): CellChange {
  const change = unmeasured('same', base, base, head);
  if (base.runs === 0 || head.runs === 0) {
    change.status = 'not_run';
    const side = base.runs === 0 ? base : head;
    const text = `not run in the ${side === base ? 'base' : 'head'} (${side.skipNote ?? 'skipped'})`;
    // Only a run lost in the head can hide a regression; one the base lacked has nothing to lose.
    if (side === head && tolerances.notRun === 'fail') change.regressions.push(text);
    else change.warnings.push(text);
    return change;
  }
  if (base.grade !== null && head.grade !== null) {
    change.gradeSteps = gradeSteps(base.grade, head.grade);
    if (-change.gradeSteps > tolerances.gradeSteps) {
      change.regressions.push(`grade ${base.grade} → ${head.grade}`);
    }
  } else if (base.grade !== null) {
    change.regressions.push(`grade ${base.grade} → unscored`);
  }
  const passRateChange = head.passes / head.runs - base.passes / base.runs;
  change.passRateChange = passRateChange;
  if (-passRateChange > tolerances.passRate + 1e-9) {
    change.regressions.push(`passed ${base.passes}/${base.runs} → ${head.passes}/${head.runs}`);
  }
  compareCost(change, base, head, tolerances);
  if (base.durationMs !== null && head.durationMs !== null && base.durationMs > 0) {
    change.timeChange = relative(base.durationMs, head.durationMs);
    if (tolerances.time !== null && change.timeChange > tolerances.time + 1e-9) {
      change.regressions.push(
        `time ${percent(change.timeChange)} (tolerance ${percent(tolerances.time)})`,
      );
    }
  }
  const moved =
    (change.gradeSteps ?? 0) !== 0 ||
    Math.abs(passRateChange) > 1e-9 ||
    Math.abs(change.costChange ?? 0) > 1e-9 ||
    change.costNote !== null ||
    Math.abs(change.timeChange ?? 0) > 1e-9;
  change.status = moved || change.regressions.length > 0 ? 'changed' : 'same';
  return change;
}

function compareCost(
  change: CellChange,
  base: ReportCell,
  head: ReportCell,
  tolerances: Tolerances,
) {
  if (base.costUsd === null || head.costUsd === null) {
    change.costNote =
      base.costUsd === null && head.costUsd === null
        ? 'unknown_both'
        : base.costUsd === null
          ? 'unknown_base'
          : 'unknown_head';
    // Known before, unknown now: the gate can no longer check the cost.
    if (change.costNote === 'unknown_head') {
      const text = `cost unknown in the head (base ${base.costUsd})`;
      if (tolerances.unknownCost === 'fail') change.regressions.push(text);
      else change.warnings.push(text);
    } else {
      change.warnings.push(
        change.costNote === 'unknown_base' ? 'cost unknown in the base' : 'cost unknown in both',
      );
    }
    return;
  }
  if (base.costUsd === 0) {
    if (head.costUsd === 0) change.costChange = 0;
    else {
      change.costNote = 'from_zero';
      if (tolerances.cost !== null) change.regressions.push(`cost $0 → $${head.costUsd}`);
    }
    return;
  }
  change.costChange = relative(base.costUsd, head.costUsd);
  if (tolerances.cost !== null && change.costChange > tolerances.cost + 1e-9) {
    change.regressions.push(
      `cost ${percent(change.costChange)} (tolerance ${percent(tolerances.cost)})`,
    );
  }
}

function only(side: CellChange['status'], cell: ReportCell): CellChange {
  return unmeasured(side, cell, side === 'removed' ? cell : null, side === 'added' ? cell : null);
}

function names(cells: Iterable<ReportCell>, pick: (cell: ReportCell) => string): Set<string> {
  return new Set([...cells].map(pick));
}

/**
 * Compares a head report with its base, per case × model (repeats folded: median grade, mean
 * cost and time, pass rate): a grade drop beyond `gradeSteps`, a pass rate drop beyond
 * `passRate`, a cost rise beyond `cost` (a fraction) or a time rise beyond `time` is a
 * regression. Added and removed cases or models are listed, not counted as regressions.
 */
export function compareReports(
  base: ComparedReport,
  head: ComparedReport,
  tolerances: Tolerances = DEFAULT_TOLERANCES,
): Comparison {
  const baseCells = reportCells(base);
  const headCells = reportCells(head);
  const changes: CellChange[] = [];
  for (const [key, cell] of baseCells) {
    const other = headCells.get(key);
    changes.push(other ? compareCells(cell, other, tolerances) : only('removed', cell));
  }
  for (const [key, cell] of headCells) if (!baseCells.has(key)) changes.push(only('added', cell));
  const baseCases = names(baseCells.values(), (cell) => cell.case);
  const headCases = names(headCells.values(), (cell) => cell.case);
  const baseModels = names(baseCells.values(), (cell) => cell.model);
  const headModels = names(headCells.values(), (cell) => cell.model);
  return {
    tolerances,
    changes,
    regressions: changes.filter((change) => change.regressions.length > 0).length,
    addedCases: [...headCases].filter((name) => !baseCases.has(name)),
    removedCases: [...baseCases].filter((name) => !headCases.has(name)),
    addedModels: [...headModels].filter((name) => !baseModels.has(name)),
    removedModels: [...baseModels].filter((name) => !headModels.has(name)),
    notRunInHead: changes
      .filter((change) => change.status === 'not_run' && (change.base?.runs ?? 0) > 0)
      .map((change) => `${change.case} › ${change.model}`),
  };
}

/** A grade change for tables: `B → A ▲1`, `A → C ▼2`, `B`, `—`. */
export function gradeChangeText(base: Grade | null, head: Grade | null): string {
  if (base === null && head === null) return '—';
  if (base === null || head === null) return `${base ?? '—'} → ${head ?? '—'}`;
  const steps = gradeSteps(base, head);
  if (steps === 0) return base;
  return `${base} → ${head} ${steps > 0 ? '▲' : '▼'}${Math.abs(steps)}`;
}

export { percent as percentText };
