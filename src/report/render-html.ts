import { randomBytes } from 'node:crypto';
import { formatDuration, formatRatio, formatTokens, formatUsd } from '../format/format-values.js';
import type { TranscriptMessage } from '../records/agent-run.js';
import { GRADES, type Grade } from '../records/grade.js';
import type { CaseSummary, RelativeGrade, Report, ReportRecord } from '../records/report.js';
import { REPORT_CSS, REPORT_SCRIPT, reportCsp } from './html-assets.js';
import { renderCostGradeChart } from './html-chart.js';
import { escapeHtml } from './html-escape.js';
import { ordinal } from './model-labels.js';
import { recordsByCase } from './records-by-case.js';
import {
  agentLabel,
  barLabel,
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
  toolCallsLabel,
  usdLabel,
} from './report-labels.js';

/** Longer texts (answers, file contents in the transcript) are cut here; report.json has them whole. */
const MAX_TEXT = 20_000;

type Labels = Map<string, string>;

function clip(text: string): string {
  return text.length <= MAX_TEXT
    ? text
    : `${text.slice(0, MAX_TEXT)}\n… (${text.length - MAX_TEXT} more characters in report.json)`;
}

function pre(text: string, className = ''): string {
  return `<pre${className ? ` class="${className}"` : ''}>${escapeHtml(clip(text))}</pre>`;
}

interface Column {
  header: string;
  /** How the column sorts. */
  type: 'text' | 'number';
  /** Number columns are right-aligned unless they hold text (a model and its cost). */
  align?: 'left' | 'right';
}

function thead(columns: Column[]): string {
  return `<thead><tr>${columns
    .map(
      (c) =>
        `<th data-type="${c.type}"${(c.align ?? (c.type === 'number' ? 'right' : 'left')) === 'right' ? ' class="num"' : ''}><button type="button">${escapeHtml(c.header)}</button></th>`,
    )
    .join('')}</tr></thead>`;
}

/** A cell with its sort value (grades sort best first: S 0 … F 5; '' sorts last). */
function td(html: string, value: string | number | null, className = ''): string {
  const sort = value === null ? '' : String(value);
  return `<td data-value="${escapeHtml(sort)}"${className ? ` class="${className}"` : ''}>${html}</td>`;
}

function gradeCell(label: string, grade: Grade | null): string {
  return td(
    escapeHtml(label),
    grade === null ? null : GRADES.indexOf(grade),
    `grade${grade ? ` g-${grade}` : ''}`,
  );
}

function relativeCell(grade: RelativeGrade): string {
  return gradeCell(relativeLabel(grade), grade.grade);
}

const RUN_COLUMNS: Column[] = [
  { header: 'Model', type: 'text' },
  { header: 'Perf', type: 'number' },
  { header: 'Speed', type: 'number' },
  { header: 'Cost', type: 'number' },
  { header: 'Overall', type: 'number' },
  { header: 'Time', type: 'number' },
  { header: 'Tokens in', type: 'number' },
  { header: 'Cached', type: 'number' },
  { header: 'Tokens out', type: 'number' },
  { header: 'Reasoning', type: 'number' },
  { header: 'USD', type: 'number' },
  { header: 'Turns', type: 'number' },
  { header: 'Tool calls', type: 'number' },
  { header: 'Status', type: 'text' },
];

function runRow(record: ReportRecord, id: string, labels: Labels): string {
  const label = runName(record, labels);
  const usage = record.metrics?.usage;
  const count = (n: number | undefined) =>
    td(n === undefined ? '—' : formatTokens(n), n ?? null, 'num');
  const status = statusLabel(record);
  const bad =
    record.status === 'failed' || record.runError !== null || record.brokenCase !== undefined;
  const classes = [record.builtin ? 'builtin' : '', record.status === 'skipped' ? 'skipped' : '']
    .filter(Boolean)
    .join(' ');
  return `<tr data-model="${escapeHtml(record.model)}"${classes ? ` class="${classes}"` : ''}>${[
    td(
      // A skipped run has no details to link to.
      `${record.status === 'skipped' ? escapeHtml(label) : `<a href="#${id}">${escapeHtml(label)}</a>`}${record.builtin ? ' <span class="muted">(built-in)</span>' : ''}`,
      label,
    ),
    gradeCell(performanceLabel(record), record.performance.grade),
    relativeCell(record.speed),
    relativeCell(record.cost),
    gradeCell(overallLabel(record), record.overall),
    td(escapeHtml(timeLabel(record)), record.metrics?.durationMs ?? null, 'num'),
    count(usage?.inputTokens),
    count(usage?.cachedInputTokens),
    count(usage?.outputTokens),
    count(usage?.reasoningTokens),
    td(escapeHtml(usdLabel(record)), record.metrics?.costUsd ?? null, 'num'),
    td(record.metrics ? String(record.metrics.turns) : '—', record.metrics?.turns ?? null, 'num'),
    td(escapeHtml(toolCallsLabel(record)), record.metrics?.toolCalls ?? null, 'num'),
    td(
      escapeHtml(status),
      status,
      `status${
        bad
          ? ' status-bad'
          : record.status === 'passed' && record.performance.source !== 'not_judged'
            ? ' status-ok'
            : ''
      }`,
    ),
  ].join('')}</tr>`;
}

function facts(entries: [string, string][]): string {
  return `<dl class="facts">${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function relativeFact(grade: RelativeGrade): string {
  const label = relativeLabel(grade);
  if (grade.basis === 'free') return `${label} (free: $0, a local model)`;
  if (grade.basis === 'unknown') return 'not graded (price unknown)';
  if (grade.basis === 'builtin') return 'not graded (built-in)';
  if (grade.basis === 'no_run') return 'not graded (no finished run)';
  if (grade.basis === 'not_done') return 'not graded (the run did not reach the bar)';
  return grade.ratio === null ? label : `${label} (${formatRatio(grade.ratio)} the best run)`;
}

function performanceFact(record: ReportRecord): string {
  const { performance } = record;
  const label = performanceLabel(record);
  switch (performance.source) {
    case 'judge':
      return performance.cappedFrom
        ? `${label} (judge ${performance.cappedFrom}, capped because a check failed)`
        : `${label} (judge)`;
    case 'checks':
      return `${label} (checks ${label === 'F' ? 'failed' : 'passed'})`;
    case 'run_error':
      return `${label} (the run ended in an error)`;
    case 'unscored':
      return 'unscored (the judge could not score the run)';
    case 'not_judged':
      return `not judged (${record.note ?? 'nothing checked the answer'})`;
    default:
      return label;
  }
}

function judgementsHtml(record: ReportRecord): string {
  if (record.judgements.length === 0) return '';
  const rows = record.judgements
    .map(
      (j) =>
        `<tr><td>${escapeHtml(j.judge)}</td><td class="grade${j.grade ? ` g-${j.grade}` : ''}">${escapeHtml(j.grade ?? j.status)}</td><td>${escapeHtml(j.bar)}</td><td>${escapeHtml(j.votes ? j.votes.join(' ') : '')}</td><td class="num">${escapeHtml(formatUsd(j.costUsd))}</td><td>${escapeHtml(clip(j.reason))}</td></tr>`,
    )
    .join('');
  return `<h4>Judge</h4><table class="judgements"><thead><tr><th>Judge</th><th>Grade</th><th>Bar</th><th>Votes</th><th class="num">Cost</th><th>Reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function argsText(args: unknown): string {
  return typeof args === 'string' ? args : JSON.stringify(args);
}

function toolCallsHtml(record: ReportRecord): string {
  const calls = record.run?.toolCalls ?? [];
  if (calls.length === 0) return '';
  const rows = calls
    .map(
      (call, i) =>
        `<tr class="${call.ok ? '' : 'failed'}"><td class="num">${i + 1}</td><td class="num">${call.turn}</td><td>${escapeHtml(call.name)}</td><td><code>${escapeHtml(clip(argsText(call.args)))}</code></td><td class="${call.ok ? 'status-ok' : 'status-bad'}">${call.ok ? 'ok' : escapeHtml(`✗ ${call.error ?? 'failed'}`)}</td><td class="num">${escapeHtml(formatDuration(call.durationMs))}</td></tr>`,
    )
    .join('');
  return `<h4>Tool calls</h4><table class="tool-calls"><thead><tr><th class="num">#</th><th class="num">Turn</th><th>Tool</th><th>Arguments</th><th>Result</th><th class="num">Time</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function messageHtml(message: TranscriptMessage): string {
  switch (message.role) {
    case 'system':
    case 'user':
      return `<div class="msg ${message.role}"><div class="role">${message.role}</div>${pre(message.content)}</div>`;
    case 'assistant': {
      const reasoning = message.reasoning
        ? `<details><summary>reasoning</summary>${pre(message.reasoning)}</details>`
        : '';
      const calls = message.toolCalls
        .map(
          (call) =>
            `<div>→ <code>${escapeHtml(call.name)}(${escapeHtml(clip(call.arguments))})</code></div>`,
        )
        .join('');
      const content = message.content ? pre(message.content) : '';
      return `<div class="msg assistant"><div class="role">assistant</div>${reasoning}${content}${calls}</div>`;
    }
    case 'tool':
      return `<div class="msg tool${message.isError ? ' error' : ''}"><div class="role">tool · ${escapeHtml(message.name)}${message.isError ? ' · error' : ''}</div>${pre(message.content)}</div>`;
  }
}

/** A run's details: facts, errors, answer, judge, tool calls, expected answer, rubric, transcript. */
function runBody(record: ReportRecord): string {
  const { metrics, run } = record;
  const detail = statusDetail(record);
  const list: [string, string][] = [
    ['Model', record.model],
    ['Status', `${statusLabel(record)}${detail ? ` — ${detail}` : ''}`],
    ['Performance', performanceFact(record)],
    ['Speed', relativeFact(record.speed)],
    ['Cost grade', relativeFact(record.cost)],
    ['Overall', overallLabel(record)],
  ];
  if (metrics) {
    const u = metrics.usage;
    list.push(
      ['Time', formatDuration(metrics.durationMs)],
      ['Turns', String(metrics.turns)],
      [
        'Tokens',
        `in ${u.inputTokens} (cached ${u.cachedInputTokens}, cache writes ${u.cacheWriteTokens}) · out ${u.outputTokens} (reasoning ${u.reasoningTokens})`,
      ],
      ['Agent cost', metrics.costUsd === null ? 'unknown (no price)' : formatUsd(metrics.costUsd)],
    );
  }
  if (record.judgements.length > 0) list.push(['Judge cost', formatUsd(record.judgeCostUsd)]);
  const errors =
    record.errors.length > 0 ? `<h4>Errors</h4>${record.errors.map((e) => pre(e)).join('')}` : '';
  const answer = run ? `<h4>Answer</h4>${pre(run.output || '(empty)', 'answer')}` : '';
  const expected = record.expected ? `<h4>Expected</h4>${pre(record.expected)}` : '';
  const rubric = record.rubric ? `<h4>Rubric</h4>${pre(record.rubric)}` : '';
  const transcript =
    run && run.transcript.length > 0
      ? `<details class="transcript"><summary>Transcript (${run.transcript.length} messages)</summary>${run.transcript.map(messageHtml).join('')}</details>`
      : '';
  return `${facts(list)}${errors}${answer}${judgementsHtml(record)}${toolCallsHtml(record)}${expected}${rubric}${transcript}`;
}

/**
 * A run's expandable entry: its summary line, and its details — in the page, or (`chunk`) in
 * the details file the page loads when the entry is opened.
 */
function runDetails(record: ReportRecord, id: string, labels: Labels, body: RunBody): string {
  const label = runName(record, labels);
  const summary = `${escapeHtml(label)} — ${escapeHtml(performanceLabel(record))} · ${escapeHtml(statusLabel(record))}`;
  const content =
    'chunk' in body
      ? `<div class="body" data-details="${body.chunk}"><p class="muted">Loading…</p></div>`
      : `<div class="body">${body.html}</div>`;
  return `<details class="run" id="${id}" data-model="${escapeHtml(record.model)}"><summary>${summary}</summary>${content}</details>`;
}

/** Where a run's details are: in the page, or in details file number `chunk`. */
type RunBody = { html: string } | { chunk: number };

function caseSection(
  summary: CaseSummary,
  index: number,
  records: ReportRecord[],
  labels: Labels,
  runIds: Map<ReportRecord, string>,
  bodies: (record: ReportRecord) => RunBody,
): string {
  const broken = summary.broken
    ? `<div class="alert"><strong>Broken case:</strong> ${escapeHtml(summary.broken)}</div>`
    : '';
  const { cheapest, fastest } = summary.best;
  const name = (model: string) => escapeHtml(labels.get(model) ?? model);
  const best =
    cheapest || fastest
      ? `Best for this job: ${[
          cheapest
            ? `cheapest <strong>${name(cheapest.model)}</strong> (${escapeHtml(formatUsd(cheapest.costUsd))})`
            : '',
          fastest
            ? `fastest <strong>${name(fastest.model)}</strong> (${escapeHtml(formatDuration(fastest.durationMs))})`
            : '',
        ]
          .filter(Boolean)
          .join(' · ')}`
      : `Best for this job: ${noBestReason(summary, records)}.`;
  const rows = records.map((record) => runRow(record, runIds.get(record) ?? '', labels)).join('');
  const details = records
    .filter((record) => record.status !== 'skipped')
    .map((record) => runDetails(record, runIds.get(record) ?? '', labels, bodies(record)))
    .join('');
  // Why each run failed, in sight: the details below are collapsed.
  const failures = records
    .filter((record) => record.status !== 'skipped' && (!record.builtin || record.brokenCase))
    .flatMap((record) => {
      const detail = statusDetail(record);
      return detail
        ? [
            `<li data-model="${escapeHtml(record.model)}"><a href="#${runIds.get(record) ?? ''}">${name(record.model)}</a>: ${escapeHtml(detail)}</li>`,
          ]
        : [];
    })
    .join('');
  // The reasons are said once per model, under "Skipped models".
  const skippedNames = records
    .filter((record) => record.status === 'skipped')
    .map((record) => name(record.model));
  const skipped =
    skippedNames.length > 0
      ? `<p class="muted skipped">Skipped: ${skippedNames.join(', ')} (<a href="#skipped">why</a>)</p>`
      : '';
  return `<section class="case" id="case-${index + 1}"><h3>${escapeHtml(summary.name)} <span class="muted">· bar: ${escapeHtml(barLabel(summary.bar))}</span></h3>${summary.agent ? `<p class="muted tested">Tested: ${escapeHtml(agentLabel(summary.agent))}</p>` : ''}${broken}<table class="sortable runs">${thead(RUN_COLUMNS)}<tbody>${rows}</tbody></table>${failures ? `<ul class="failures">${failures}</ul>` : ''}<p>${best}</p>${skipped}${details}</section>`;
}

function rankingTable(report: Report): string {
  const models = report.models.filter((model) => model.builtin === undefined && model.ran > 0);
  const leftOut = leftOutOfRanking(report);
  const note = leftOut ? `<p class="status-bad" id="left-out">${escapeHtml(leftOut)}</p>` : '';
  if (models.length === 0) return `<p class="muted">No real model ran.</p>${note}`;
  const columns: Column[] = [
    { header: 'Rank', type: 'number' },
    { header: 'Model', type: 'text' },
    { header: 'Overall', type: 'number' },
    { header: 'Jobs done', type: 'number' },
    ...(['S', 'A', 'B', 'C', 'D', 'F'] as const).map((g) => ({
      header: g,
      type: 'number' as const,
    })),
    { header: 'No grade', type: 'number' },
    { header: 'Agent cost', type: 'number' },
    { header: 'Judge cost', type: 'number' },
    { header: 'Time', type: 'number' },
  ];
  const rows = models
    .map((model) => {
      const spend = rankingSpend(report, model, 'long');
      const known = spend.measured && model.unknownCostRuns === 0;
      return `<tr data-model="${escapeHtml(model.model)}">${[
        td(model.rank === null ? '—' : ordinal(model.rank), model.rank),
        td(escapeHtml(model.label), model.label),
        gradeCell(model.overall ?? '—', model.overall),
        td(`${model.jobsDone}/${model.ran}`, model.jobsDone, 'num'),
        ...(['S', 'A', 'B', 'C', 'D', 'F', 'none'] as const).map((g) =>
          td(String(model.overallGrades[g]), model.overallGrades[g], 'num'),
        ),
        td(escapeHtml(spend.agentCost), known ? model.costUsd : null, 'num'),
        td(escapeHtml(spend.judgeCost), spend.measured ? model.judgeCostUsd : null, 'num'),
        td(escapeHtml(spend.time), spend.measured ? model.durationMs : null, 'num'),
      ].join('')}</tr>`;
    })
    .join('');
  return `<table class="sortable" id="ranking">${thead(columns)}<tbody>${rows}</tbody></table>${note}`;
}

function bestTable(report: Report, labels: Labels): string {
  const name = (model: string) => escapeHtml(labels.get(model) ?? model);
  const columns: Column[] = [
    { header: 'Case', type: 'text' },
    { header: 'Bar', type: 'text' },
    { header: 'Cheapest', type: 'number', align: 'left' },
    { header: 'Fastest', type: 'number', align: 'left' },
    { header: 'Reached the bar', type: 'number', align: 'left' },
  ];
  const rows = report.cases
    .map((summary, i) => {
      const { cheapest, fastest } = summary.best;
      return `<tr>${[
        td(
          `<a href="#case-${i + 1}">${escapeHtml(summary.name)}</a>${summary.broken ? ' <strong class="status-bad">broken</strong>' : ''}`,
          summary.name,
        ),
        td(escapeHtml(barLabel(summary.bar)), barLabel(summary.bar)),
        td(
          cheapest ? `${name(cheapest.model)} ${escapeHtml(formatUsd(cheapest.costUsd))}` : '—',
          cheapest?.costUsd ?? null,
        ),
        td(
          fastest
            ? `${name(fastest.model)} ${escapeHtml(formatDuration(fastest.durationMs))}`
            : '—',
          fastest?.durationMs ?? null,
        ),
        td(
          summary.reachedBar.length > 0 ? summary.reachedBar.map(name).join(', ') : 'none',
          summary.reachedBar.length,
        ),
      ].join('')}</tr>`;
    })
    .join('');
  return `<table class="sortable" id="best">${thead(columns)}<tbody>${rows}</tbody></table>`;
}

/** Run details kept in the page up to this many characters in all; beyond, they go to files. */
export const INLINE_DETAILS_LIMIT = 4_000_000;

/** Runs per details file: one file loads when one of its runs is opened. */
const RUNS_PER_DETAILS_FILE = 50;

/** report.html, and for a big report the details files it loads when a run is opened. */
export interface HtmlReport {
  page: string;
  /** Files for `DETAILS_FOLDER` (file name → content), rendered one at a time; none when every run's details fit in the page. */
  detailFiles: Iterable<{ name: string; content: string }>;
}

export interface HtmlOptions {
  /** Run details up to this many characters stay in the page (default `INLINE_DETAILS_LIMIT`). */
  inlineDetailsLimit?: number;
}

/** The runs with details (every run that was not skipped), in the order the page lists them. */
function detailedRuns(report: Report, groups: Map<string, ReportRecord[]>): ReportRecord[] {
  return report.cases.flatMap((summary) =>
    (groups.get(summary.name) ?? []).filter((record) => record.status !== 'skipped'),
  );
}

/** Every run's details when they fit in `limit` characters in all, else undefined. */
function inlineBodies(runs: ReportRecord[], limit: number): Map<ReportRecord, string> | undefined {
  const bodies = new Map<ReportRecord, string>();
  let size = 0;
  for (const record of runs) {
    const body = runBody(record);
    size += body.length;
    if (size > limit) return undefined;
    bodies.set(record, body);
  }
  return bodies;
}

/** The details files: each calls `nanogradeRunDetails({ "run-7": "<html>", … })` for its runs. */
function* detailFiles(
  runs: ReportRecord[],
  runIds: Map<ReportRecord, string>,
): Iterable<{ name: string; content: string }> {
  for (let start = 0; start < runs.length; start += RUNS_PER_DETAILS_FILE) {
    const bodies: Record<string, string> = {};
    for (const record of runs.slice(start, start + RUNS_PER_DETAILS_FILE)) {
      bodies[runIds.get(record) ?? ''] = runBody(record);
    }
    yield {
      name: detailFileName(start / RUNS_PER_DETAILS_FILE),
      content: `nanogradeRunDetails(${JSON.stringify(bodies)});\n`,
    };
  }
}

/** `runs-7.js`: the name the page's script builds from a run's `data-details`. */
function detailFileName(chunk: number): string {
  return `runs-${chunk}.js`;
}

/**
 * The report as an HTML page (inline style, script and SVG; a CSP that forbids every network
 * load): ranking, a cost-versus-grade chart, the best model per job, and per case a sortable
 * table with each run's details (answer, tool calls, judge reasons, transcript). A small report
 * is one self-contained file; past `inlineDetailsLimit` characters of run details, the details
 * go to files in `DETAILS_FOLDER`, which the page loads (from disk too) when a run is opened.
 */
export function renderHtml(report: Report, options: HtmlOptions = {}): HtmlReport {
  const labels: Labels = new Map(report.models.map((model) => [model.model, model.label]));
  const groups = recordsByCase(report);
  const runIds = new Map<ReportRecord, string>();
  for (const [i, record] of report.records.entries()) runIds.set(record, `run-${i + 1}`);
  const runs = detailedRuns(report, groups);
  const inline = inlineBodies(runs, options.inlineDetailsLimit ?? INLINE_DETAILS_LIMIT);
  const chunks = new Map(
    runs.map((record, order) => [record, Math.floor(order / RUNS_PER_DETAILS_FILE)]),
  );
  const bodies = (record: ReportRecord): RunBody =>
    inline ? { html: inline.get(record) ?? '' } : { chunk: chunks.get(record) ?? 0 };
  const nonce = randomBytes(16).toString('base64');
  const broken = report.cases
    .filter((summary) => summary.broken)
    .map(
      (summary) =>
        `<div class="alert"><strong>Broken case “${escapeHtml(summary.name)}”:</strong> ${escapeHtml(summary.broken ?? '')}</div>`,
    )
    .join('');
  const notes = report.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('');
  const skipped =
    report.skipped.length > 0
      ? `<h2>Skipped models</h2><ul id="skipped">${report.skipped
          .map(
            (s) =>
              `<li><strong>${escapeHtml(labels.get(s.model) ?? s.model)}</strong> (${s.cases.length} case${s.cases.length === 1 ? '' : 's'}): ${escapeHtml(s.reasons.join('; '))}</li>`,
          )
          .join('')}</ul>`
      : '';
  const cases = report.cases
    .map((summary, i) =>
      caseSection(summary, i, groups.get(summary.name) ?? [], labels, runIds, bodies),
    )
    .join('');
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportCsp(nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nanograde report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>nanograde report</h1><p class="headline">${escapeHtml(headline(report).replace(/^nanograde: /, ''))}</p><p class="generated">Generated ${escapeHtml(report.generatedAt)} · report schema v${report.schemaVersion}</p></header>
${broken}${notes}
<h2>Ranking</h2>
${rankingTable(report)}
<h2>Cost versus grade</h2>
<figure id="chart">${renderCostGradeChart(report.models)}</figure>
<h2>Best model for each job</h2>
${bestTable(report, labels)}
${skipped}
<h2>Cases</h2>
${cases}
<footer><p>Performance comes from the judge (the lowest of its grades; capped at D when another check failed), else from the checks: pass A, fail F; a run error is F. Speed and cost are relative to the fastest and cheapest real model that reached the case's bar: S ≤ 1.1×, A ≤ 1.5×, B ≤ 2×, C ≤ 3×, D ≤ 5×, F beyond; $0 local runs are cost S; an unknown price is not graded; a run that did not reach the bar gets no speed or cost grade (failing quickly or cheaply is no merit); built-ins take no part. A model that reached no case's bar is not ranked. Overall is performance, one grade lower when the mean of speed and cost is below B, never below D for a job done and at most D for a job not done.</p></footer>
<script nonce="${nonce}">${REPORT_SCRIPT}</script>
</body>
</html>
`;
  return { page, detailFiles: inline ? [] : detailFiles(runs, runIds) };
}
