import { formatDuration, formatUsd } from '../format/format-values.js';
import type { CaseSummary, Report, ReportRecord } from '../records/report.js';
import { gradeStyle, paint, type Style } from './color.js';
import { ordinal } from './model-labels.js';
import { recordsByCase } from './records-by-case.js';
import {
  agentLabel,
  barLabel,
  distributionLabel,
  headline,
  leftOutOfRanking,
  noBestReason,
  overallLabel,
  performanceLabel,
  rankingSpend,
  relativeLabel,
  runName,
  statusDetail,
  statusLabel,
  timeLabel,
  tokensInLabel,
  tokensOutLabel,
  toolCallsLabel,
  usdLabel,
} from './report-labels.js';
import { renderTextTable, type TextCell, type TextColumn } from './text-table.js';
import { displayWidth, oneLine, truncate, wrap } from './text-width.js';

/** How the terminal table is drawn. */
export interface TerminalOptions {
  /** ANSI colours (only on a TTY, never with NO_COLOR: see shouldUseColor). */
  color: boolean;
  /** The terminal's width; capped at 100 columns. */
  width?: number;
}

/** The widest the terminal output gets. */
export const MAX_TERMINAL_WIDTH = 100;

const RUN_COLUMNS: TextColumn[] = [
  { header: 'Model', flex: true, min: 10 },
  { header: 'Perf', align: 'right', flex: true, min: 4 },
  { header: 'Spd', align: 'right' },
  { header: 'Cost', align: 'right' },
  { header: 'Ovr', align: 'right' },
  { header: 'Time', align: 'right' },
  { header: 'In/cached', align: 'right', drop: 3 },
  { header: 'Out/reason', align: 'right', drop: 4 },
  { header: 'USD', align: 'right' },
  { header: 'Turns', align: 'right', drop: 2 },
  { header: 'Tools', align: 'right', drop: 1 },
  // Cut only when nothing else can give: "passed (replaye…" says too little.
  { header: 'Status', flex: true, last: true, min: 6 },
];

function statusStyle(record: ReportRecord): Style | undefined {
  if (record.status === 'skipped') return 'dim';
  if (record.brokenCase) return 'alert';
  if (record.status === 'failed' || record.runError) return 'red';
  if (record.performance.source === 'unscored') return 'magenta';
  if (record.performance.source === 'not_judged') return 'dim';
  return 'green';
}

function runRow(record: ReportRecord, label: string): TextCell[] {
  const dim = record.status === 'skipped' || record.builtin !== undefined;
  const grade = (text: string, style: Style | undefined): TextCell => ({
    text,
    style: dim ? 'dim' : style,
  });
  return [
    { text: record.builtin ? `${label} (built-in)` : label, style: dim ? 'dim' : undefined },
    grade(
      performanceLabel(record),
      record.performance.source === 'unscored' ? 'magenta' : gradeStyle(record.performance.grade),
    ),
    grade(relativeLabel(record.speed), gradeStyle(record.speed.grade)),
    grade(relativeLabel(record.cost), gradeStyle(record.cost.grade)),
    grade(overallLabel(record), gradeStyle(record.overall)),
    { text: timeLabel(record) },
    { text: tokensInLabel(record) },
    { text: tokensOutLabel(record) },
    { text: usdLabel(record) },
    { text: record.metrics ? String(record.metrics.turns) : '—' },
    { text: toolCallsLabel(record) },
    { text: statusLabel(record), style: statusStyle(record) },
  ];
}

function rule(title: string, width: number, color: boolean): string {
  const head = `── ${truncate(title, width - 4)} `;
  return paint(head + '─'.repeat(Math.max(0, width - displayWidth(head))), 'bold', color);
}

function bestLine(
  summary: CaseSummary,
  records: ReportRecord[],
  labels: Map<string, string>,
): string {
  const { cheapest, fastest } = summary.best;
  if (!cheapest && !fastest) return `Best for this job: ${noBestReason(summary, records)}`;
  const name = (model: string) => labels.get(model) ?? model;
  const parts = [
    cheapest
      ? `cheapest ${name(cheapest.model)} (${formatUsd(cheapest.costUsd)})`
      : 'cheapest: no known price',
    fastest ? `fastest ${name(fastest.model)} (${formatDuration(fastest.durationMs)})` : '',
  ].filter((part) => part !== '');
  return `Best for this job: ${parts.join(' · ')}`;
}

function caseSection(
  summary: CaseSummary,
  records: ReportRecord[],
  labels: Map<string, string>,
  width: number,
  color: boolean,
): string[] {
  const name = (record: ReportRecord) => runName(record, labels);
  const lines = [rule(`${summary.name} · bar: ${barLabel(summary.bar)}`, width, color)];
  if (summary.agent) {
    lines.push(...wrap(`tested: ${agentLabel(summary.agent)}`, width, ' ', '   '));
  }
  if (summary.broken) {
    lines.push(
      ...wrap(`BROKEN CASE: ${summary.broken}`, width, ' ', '   ').map((l) =>
        paint(l, 'alert', color),
      ),
    );
  }
  const ran = records.filter((record) => record.status !== 'skipped');
  if (ran.length > 0) {
    lines.push(
      ...renderTextTable(
        RUN_COLUMNS,
        ran.map((record) => runRow(record, name(record))),
        { width, color },
      ),
    );
  }
  lines.push(...wrap(bestLine(summary, records, labels), width, ' ', '   '));
  for (const record of ran) {
    const detail = statusDetail(record);
    if (!detail || (record.builtin && !record.brokenCase)) continue;
    // At most about two lines per run: the full message is in report.html.
    const line = truncate(`${name(record)}: ${oneLine(detail)}`, 2 * (width - 4));
    lines.push(...wrap(line, width, ' ✗ ', '   ').map((l) => paint(l, 'red', color)));
  }
  const skipped = records.filter((record) => record.status === 'skipped').map(name);
  if (skipped.length > 0) {
    lines.push(
      ...wrap(`skipped: ${skipped.join(', ')}`, width, ' ', '   ').map((l) =>
        paint(l, 'dim', color),
      ),
    );
  }
  return lines;
}

function summarySection(
  report: Report,
  labels: Map<string, string>,
  width: number,
  color: boolean,
): string[] {
  const lines = [rule('Summary', width, color)];
  const ranked = report.models.filter((model) => model.builtin === undefined && model.ran > 0);
  if (ranked.length > 0) {
    lines.push(
      ...renderTextTable(
        [
          { header: 'Rank' },
          { header: 'Model', flex: true, min: 10 },
          { header: 'Overall', align: 'right' },
          { header: 'Jobs', align: 'right' },
          { header: 'Grades', flex: true, min: 8 },
          { header: 'USD', align: 'right' },
          { header: 'Judge', align: 'right', drop: 1 },
          { header: 'Time', align: 'right' },
        ],
        ranked.map((model) => {
          const spend = rankingSpend(report, model, 'short');
          return [
            { text: model.rank === null ? '—' : ordinal(model.rank), style: 'bold' },
            { text: model.label },
            { text: model.overall ?? '—', style: gradeStyle(model.overall) },
            { text: `${model.jobsDone}/${model.ran}` },
            { text: distributionLabel(model.overallGrades) },
            { text: spend.agentCost },
            { text: spend.judgeCost },
            { text: spend.time },
          ];
        }),
        { width, color },
      ),
    );
  } else {
    lines.push(' No real model ran.');
  }
  const leftOut = leftOutOfRanking(report);
  if (leftOut) lines.push(...wrap(leftOut, width, ' ', '   ').map((l) => paint(l, 'red', color)));

  lines.push('', paint(' Best model for each job', 'bold', color));
  const byCase = recordsByCase(report);
  lines.push(
    ...renderTextTable(
      [
        { header: 'Case', flex: true, min: 10 },
        { header: 'Bar', flex: true, min: 6 },
        { header: 'Cheapest', flex: true, min: 10 },
        { header: 'Fastest', flex: true, min: 10 },
      ],
      report.cases.map((summary) => {
        const { cheapest, fastest } = summary.best;
        const name = (model: string) => labels.get(model) ?? model;
        return [
          { text: summary.name, style: summary.broken ? 'alert' : undefined },
          { text: barLabel(summary.bar) },
          cheapest
            ? { text: `${name(cheapest.model)} ${formatUsd(cheapest.costUsd)}` }
            : {
                text: summary.broken
                  ? 'broken: not ranked'
                  : fastest
                    ? 'no known price'
                    : noBestReason(summary, byCase.get(summary.name) ?? []),
                style: 'dim',
              },
          fastest
            ? { text: `${name(fastest.model)} ${formatDuration(fastest.durationMs)}` }
            : { text: '—', style: 'dim' },
        ];
      }),
      { width, color },
    ),
  );

  const builtins = report.models.filter((model) => model.builtin !== undefined && model.ran > 0);
  for (const model of builtins) {
    const broken = report.records.filter((r) => r.model === model.model && r.brokenCase).length;
    const text = `${model.label} (built-in): sound in ${model.ran - broken}/${model.ran} cases${broken > 0 ? `, ${broken} broken` : ''}; not graded on speed or cost`;
    lines.push(
      ...wrap(text, width, ' ', '   ').map((l) => paint(l, broken > 0 ? 'red' : 'dim', color)),
    );
  }
  if (report.skipped.length > 0) {
    lines.push('', paint(' Skipped models', 'bold', color));
    for (const skipped of report.skipped) {
      const cases = `${skipped.cases.length} case${skipped.cases.length === 1 ? '' : 's'}`;
      lines.push(
        ...wrap(
          `${labels.get(skipped.model) ?? skipped.model} (${cases}): ${skipped.reasons.join('; ')}`,
          width,
          ' - ',
          '   ',
        ),
      );
    }
  }
  return lines;
}

/**
 * The grade table for a terminal: the broken cases first, then per case a row per model
 * (grades, time, tokens, cost, turns, tool calls, status), the best model for the job and why
 * runs failed or were skipped; then the ranking, the best model per case and the skipped models.
 * Never wider than 100 columns (or `width`, when narrower).
 */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const width = Math.min(options.width ?? MAX_TERMINAL_WIDTH, MAX_TERMINAL_WIDTH);
  const { color } = options;
  const labels = new Map(report.models.map((model) => [model.model, model.label]));
  const lines: string[] = [
    ...wrap(headline(report), width, '', '  ').map((l) => paint(l, 'bold', color)),
  ];
  for (const note of report.notes) lines.push(...wrap(note, width, ' note: ', '   '));
  for (const summary of report.cases.filter((c) => c.broken)) {
    lines.push(
      ...wrap(`BROKEN CASE "${summary.name}": ${summary.broken}`, width, ' ', '   ').map((l) =>
        paint(l, 'alert', color),
      ),
    );
  }
  const groups = recordsByCase(report);
  for (const summary of report.cases) {
    const records = groups.get(summary.name) ?? [];
    lines.push('', ...caseSection(summary, records, labels, width, color));
  }
  lines.push('', ...summarySection(report, labels, width, color));
  lines.push(
    '',
    ...wrap(
      'Grades: performance from the judge, else the checks (pass A, fail F; a run error F); speed and cost relative to the best run of the case that reached its bar (S ≤1.1×, A ≤1.5×, B ≤2×, C ≤3×, D ≤5×, F more; — when the run did not reach it); overall = performance, one lower when slow or costly, at most D when the job was not done.',
      width,
      ' ',
      ' ',
    ).map((l) => paint(l, 'dim', color)),
  );
  return `${lines.join('\n')}\n`;
}
