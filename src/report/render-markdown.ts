import { formatDuration, formatUsd } from '../format/format-values.js';
import type { CaseSummary, Report, ReportRecord } from '../records/report.js';
import { ordinal } from './model-labels.js';
import { recordsByCase } from './records-by-case.js';
import { renderGatesMarkdown } from './render-gates.js';
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
  tokensInLabel,
  tokensOutLabel,
  toolCallsLabel,
  usdLabel,
} from './report-labels.js';
import { oneLine } from './text-width.js';

/** GitHub's limit for a pull-request comment is 65,536 characters; stay well inside it. */
export const MARKDOWN_BUDGET = 60_000;

/** Text made inert for Markdown (and the HTML GitHub allows in it), on one line. */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>|#~!$]/g, (char) => `\\${char}`);
}

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  const rule = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
}

function caseSection(
  summary: CaseSummary,
  records: ReportRecord[],
  labels: Map<string, string>,
): string[] {
  const name = (record: ReportRecord) => {
    const label = escapeMarkdown(runName(record, labels));
    return record.builtin ? `${label} _(built-in)_` : label;
  };
  const ran = records.filter((record) => record.status !== 'skipped');
  const lines = [
    `#### ${escapeMarkdown(summary.name)} — bar: ${escapeMarkdown(barLabel(summary.bar))}`,
    '',
  ];
  if (summary.agent) lines.push(`Tested: ${escapeMarkdown(agentLabel(summary.agent))}`, '');
  if (summary.broken) lines.push(`> **Broken case:** ${escapeMarkdown(summary.broken)}`, '');
  if (ran.length > 0) {
    lines.push(
      ...table(
        [
          'Model',
          'Perf',
          'Speed',
          'Cost',
          'Overall',
          'Time',
          'Tokens in/cached',
          'Out/reasoning',
          'USD',
          'Turns',
          'Tool calls',
          'Status',
        ],
        ran.map((record) => [
          name(record),
          performanceLabel(record),
          relativeLabel(record.speed),
          relativeLabel(record.cost),
          record.overall ? `**${record.overall}**` : overallLabel(record),
          timeLabel(record),
          tokensInLabel(record),
          tokensOutLabel(record),
          escapeMarkdown(usdLabel(record)),
          record.metrics ? String(record.metrics.turns) : '—',
          toolCallsLabel(record),
          statusLabel(record),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
      '',
    );
  }
  const { cheapest, fastest } = summary.best;
  const best = (model: string) => escapeMarkdown(labels.get(model) ?? model);
  lines.push(
    cheapest || fastest
      ? `Best for this job: ${[
          cheapest
            ? `cheapest **${best(cheapest.model)}** (${escapeMarkdown(formatUsd(cheapest.costUsd))})`
            : '',
          fastest
            ? `fastest **${best(fastest.model)}** (${formatDuration(fastest.durationMs)})`
            : '',
        ]
          .filter((part) => part !== '')
          .join(' · ')}`
      : `Best for this job: ${noBestReason(summary, records)}.`,
  );
  const problems = ran.flatMap((record) => {
    const detail = statusDetail(record);
    if (!detail || (record.builtin && !record.brokenCase)) return [];
    return [`- ✗ ${name(record)}: ${escapeMarkdown(detail)}`];
  });
  if (problems.length > 0) lines.push('', ...problems);
  const skipped = records.filter((record) => record.status === 'skipped').map(name);
  if (skipped.length > 0) lines.push('', `Skipped: ${skipped.join(', ')}`);
  lines.push('');
  return lines;
}

function summaryLines(report: Report, labels: Map<string, string>): string[] {
  const lines: string[] = [];
  const ranked = report.models.filter((model) => model.builtin === undefined && model.ran > 0);
  lines.push('### Ranking', '');
  if (ranked.length === 0) lines.push('No real model ran.', '');
  else {
    lines.push(
      ...table(
        [
          'Rank',
          'Model',
          'Overall',
          'Jobs done',
          'S',
          'A',
          'B',
          'C',
          'D',
          'F',
          'No grade',
          'Agent cost',
          'Judge cost',
          'Time',
        ],
        ranked.map((model) => {
          const spend = rankingSpend(report, model, 'long');
          return [
            model.rank === null ? '—' : ordinal(model.rank),
            `**${escapeMarkdown(model.label)}**`,
            model.overall ? `**${model.overall}**` : '—',
            `${model.jobsDone}/${model.ran}`,
            ...(['S', 'A', 'B', 'C', 'D', 'F', 'none'] as const).map((g) =>
              String(model.overallGrades[g]),
            ),
            escapeMarkdown(spend.agentCost),
            escapeMarkdown(spend.judgeCost),
            spend.time,
          ];
        }),
        ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
      '',
    );
  }
  const leftOut = leftOutOfRanking(report);
  if (leftOut) lines.push(`> ${escapeMarkdown(leftOut)}`, '');
  lines.push('### Best model for each job', '');
  const name = (model: string) => escapeMarkdown(labels.get(model) ?? model);
  lines.push(
    ...table(
      ['Case', 'Bar', 'Cheapest', 'Fastest', 'Reached the bar'],
      report.cases.map((summary) => [
        summary.broken
          ? `⚠️ ${escapeMarkdown(summary.name)} (broken)`
          : escapeMarkdown(summary.name),
        escapeMarkdown(barLabel(summary.bar)),
        summary.best.cheapest
          ? `${name(summary.best.cheapest.model)} ${escapeMarkdown(formatUsd(summary.best.cheapest.costUsd))}`
          : '—',
        summary.best.fastest
          ? `${name(summary.best.fastest.model)} ${formatDuration(summary.best.fastest.durationMs)}`
          : '—',
        summary.reachedBar.length > 0 ? summary.reachedBar.map(name).join(', ') : 'none',
      ]),
      ['l', 'l', 'l', 'l', 'l'],
    ),
    '',
  );
  if (report.skipped.length > 0) {
    lines.push('### Skipped models', '');
    for (const skipped of report.skipped) {
      const cases = `${skipped.cases.length} case${skipped.cases.length === 1 ? '' : 's'}`;
      lines.push(
        `- **${name(skipped.model)}** (${cases}): ${skipped.reasons.map(escapeMarkdown).join('; ')}`,
      );
    }
    lines.push('');
  }
  return lines;
}

/**
 * The report as Markdown for a pull-request comment or a job summary: headline, broken cases,
 * ranking, best model per job, skipped models, then the per-case tables while they fit
 * GitHub's comment limit (the rest is counted and left to report.html).
 */
export function renderMarkdown(report: Report): string {
  const labels = new Map(report.models.map((model) => [model.model, model.label]));
  const lines = [
    '## nanograde report',
    '',
    escapeMarkdown(headline(report).replace(/^nanograde: /, '')),
    '',
  ];
  const broken = report.cases.filter((summary) => summary.broken);
  if (broken.length > 0) {
    lines.push('> [!CAUTION]');
    for (const summary of broken) {
      lines.push(
        `> **Broken case "${escapeMarkdown(summary.name)}":** ${escapeMarkdown(summary.broken ?? '')}  `,
      );
    }
    lines.push('');
  }
  if (report.notes.length > 0) {
    lines.push('> [!NOTE]', ...report.notes.map((note) => `> ${escapeMarkdown(note)}  `), '');
  }
  lines.push(...summaryLines(report, labels), ...renderGatesMarkdown(report), '### Cases', '');

  const footer = [
    '<sub>Performance comes from the judge, else the checks (pass A, fail F; a run error F); speed and cost are relative to the best run of the case that reached its bar (S ≤1.1×, A ≤1.5×, B ≤2×, C ≤3×, D ≤5×, F beyond; ? unknown price; — a run that did not reach it); overall is performance first. Times are the sum of the runs. Tokens: in/cached, out/reasoning.</sub>',
    '',
  ];
  let size = lines.join('\n').length + footer.join('\n').length + 200;
  const groups = recordsByCase(report);
  let left = 0;
  for (const summary of report.cases) {
    const section = caseSection(summary, groups.get(summary.name) ?? [], labels);
    const sectionSize = section.join('\n').length + 1;
    if (left > 0 || size + sectionSize > MARKDOWN_BUDGET) {
      left++;
      continue;
    }
    lines.push(...section);
    size += sectionSize;
  }
  if (left > 0) {
    lines.push(
      `_${left} more case${left === 1 ? '' : 's'} did not fit here: see report.html or report.json._`,
      '',
    );
  }
  return [...lines, ...footer].join('\n');
}
