import { formatDuration, formatUsd } from '../format/format-values.js';
import {
  type CellChange,
  type Comparison,
  gradeChangeText,
  percentText,
} from './compare-reports.js';

function costText(change: CellChange): string {
  const { base, head } = change;
  if (!base || !head) return formatUsd((base ?? head)?.costUsd ?? null);
  switch (change.costNote) {
    case 'unknown_base':
      return `? → ${formatUsd(head.costUsd)} (unknown base)`;
    case 'unknown_head':
      return `${formatUsd(base.costUsd)} → ? (unknown head)`;
    case 'unknown_both':
      return '? (unknown)';
    case 'from_zero':
      return `$0 → ${formatUsd(head.costUsd)}`;
    default:
      return change.costChange === null
        ? '—'
        : `${formatUsd(head.costUsd)} ${percentText(change.costChange)}`;
  }
}

function timeText(change: CellChange): string {
  const { base, head } = change;
  if (!base || !head) {
    const ms = (base ?? head)?.durationMs ?? null;
    return ms === null ? '—' : formatDuration(ms);
  }
  if (head.durationMs === null) return '—';
  return change.timeChange === null
    ? formatDuration(head.durationMs)
    : `${formatDuration(head.durationMs)} ${percentText(change.timeChange)}`;
}

function passText(change: CellChange): string {
  const { base, head } = change;
  const one = (cell: NonNullable<CellChange['base']>) => `${cell.passes}/${cell.runs}`;
  if (base && head)
    return base.passes === head.passes && base.runs === head.runs
      ? one(head)
      : `${one(base)} → ${one(head)}`;
  return one((base ?? head) as NonNullable<CellChange['base']>);
}

function verdict(change: CellChange): string {
  if (change.regressions.length > 0) return `REGRESSION: ${change.regressions.join('; ')}`;
  if (change.status === 'added') return 'new';
  if (change.status === 'removed') return 'removed';
  if (change.warnings.length > 0) return change.warnings.join('; ');
  if ((change.gradeSteps ?? 0) > 0) return 'better';
  return change.status === 'same' ? 'same' : 'ok';
}

/** The rows of the comparison: case › model, grade, passed, cost, time, verdict. */
export function comparisonRows(comparison: Comparison): string[][] {
  return comparison.changes.map((change) => [
    `${change.case} › ${change.model}`,
    gradeChangeText(change.base?.grade ?? null, change.head?.grade ?? null),
    passText(change),
    costText(change),
    timeText(change),
    verdict(change),
  ]);
}

const HEADERS = ['Case › model', 'Grade', 'Passed', 'Cost (mean)', 'Time (mean)', 'Verdict'];

/** A one-line verdict: how many regressions, and what came and went. */
export function comparisonHeadline(comparison: Comparison): string {
  const parts = [
    comparison.regressions === 0
      ? 'no regression'
      : `${comparison.regressions} regression${comparison.regressions === 1 ? '' : 's'}`,
  ];
  const list = (label: string, items: string[]) => {
    if (items.length > 0) parts.push(`${label}: ${items.join(', ')}`);
  };
  list('new cases', comparison.addedCases);
  list('removed cases', comparison.removedCases);
  list('new models', comparison.addedModels);
  list('removed models', comparison.removedModels);
  list('not run in the head', comparison.notRunInHead);
  return parts.join(' · ');
}

function tolerancesText(comparison: Comparison): string {
  const { tolerances } = comparison;
  const off = (value: number | null) => (value === null ? 'off' : percentText(value));
  return `Tolerances: grade drop ${tolerances.gradeSteps} step(s), cost ${off(tolerances.cost)}, time ${off(tolerances.time)}, pass rate −${Math.round(tolerances.passRate * 100)}%, unknown cost ${tolerances.unknownCost}, not run in the head ${tolerances.notRun}.`;
}

/** The comparison as plain text for a terminal. */
export function renderComparisonText(comparison: Comparison, base: string, head: string): string {
  const rows = comparisonRows(comparison);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    `nanograde compare: ${base} → ${head}`,
    comparisonHeadline(comparison),
    '',
    line(HEADERS),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
    '',
    tolerancesText(comparison),
    '',
  ].join('\n');
}

/** Markdown-safe cell text. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

/** The comparison as a Markdown section (report.md, a pull-request comment). */
export function renderComparisonMarkdown(comparison: Comparison, baseLabel: string): string {
  const rows = comparisonRows(comparison).filter(
    (_, index) => comparison.changes[index]?.status !== 'same',
  );
  return [
    `### Compared with the baseline ${cell(baseLabel)}`,
    '',
    `${comparison.regressions > 0 ? '**' : ''}${cell(comparisonHeadline(comparison))}${comparison.regressions > 0 ? '**' : ''}`,
    '',
    ...(rows.length === 0
      ? ['_Nothing changed._']
      : [
          `| ${HEADERS.join(' | ')} |`,
          `|${HEADERS.map(() => ' --- ').join('|')}|`,
          ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
        ]),
    '',
    `<sub>${cell(tolerancesText(comparison))}</sub>`,
    '',
  ].join('\n');
}
