import { firstLine, formatDuration, formatTokens, formatUsd } from '../format/format-values.js';
import type { AgentInfo } from '../records/case-record.js';
import type { Grade } from '../records/grade.js';
import type {
  CaseBar,
  CaseSummary,
  ModelSummary,
  RelativeGrade,
  Report,
  ReportRecord,
} from '../records/report.js';

/** A run's name in a case's table: the model's label, with `#i` for a repeated case × model. */
export function runName(record: ReportRecord, labels: ReadonlyMap<string, string>): string {
  const label = labels.get(record.model) ?? record.model;
  return record.repeat ? `${label} #${record.repeat.index}` : label;
}

/** The performance cell: the grade, or 'unscored', 'not judged', or — when there is none. */
export function performanceLabel(record: ReportRecord): string {
  if (record.performance.grade) return record.performance.grade;
  if (record.performance.source === 'unscored') return 'unscored';
  return record.performance.source === 'not_judged' ? 'not judged' : '—';
}

/** A speed or cost cell: the grade, ? for an unknown price, n/a for a built-in, — for no run. */
export function relativeLabel(grade: RelativeGrade): string {
  if (grade.grade) return grade.grade;
  if (grade.basis === 'unknown') return '?';
  if (grade.basis === 'builtin') return 'n/a';
  return '—';
}

/** The overall cell: the grade, n/a for a built-in, — when there is none. */
export function overallLabel(record: ReportRecord): string {
  if (record.overall) return record.overall;
  return record.builtin ? 'n/a' : '—';
}

/**
 * What a run's status cell says, in a word or two; `(replayed)` when it came from a cassette,
 * `(cached)` when watch mode's response cache answered it.
 */
export function statusLabel(record: ReportRecord): string {
  const label = runStatusLabel(record);
  const mode = record.fixture?.mode;
  return mode === 'replayed' || mode === 'cached' ? `${label} (${mode})` : label;
}

function runStatusLabel(record: ReportRecord): string {
  if (record.status === 'skipped') return 'skipped';
  if (record.brokenCase) return 'BROKEN';
  if (record.builtin) return record.status === 'passed' ? 'sound' : 'FAILED';
  if (record.runError) {
    return record.runError.provider ? record.runError.provider.kind : record.runError.kind;
  }
  if (record.performance.source === 'unscored') return 'unscored';
  if (record.performance.source === 'not_judged') return 'not judged';
  return record.status === 'passed' ? 'passed' : 'FAILED';
}

/** The one-line explanation of a run that did not pass (or was skipped), or undefined. */
export function statusDetail(record: ReportRecord): string | undefined {
  if (record.status === 'skipped') return record.note ?? 'skipped';
  if (record.brokenCase) return `the case is broken: ${record.brokenCase}`;
  if (record.runError) {
    const provider = record.runError.provider;
    return provider
      ? `${record.runError.kind} (${provider.kind}${provider.status ? ` ${provider.status}` : ''}): ${firstLine(provider.providerMessage || record.runError.message)}`
      : `${record.runError.kind}: ${firstLine(record.runError.message)}`;
  }
  if (record.performance.source === 'unscored') {
    const reason = record.judgements.find((j) => j.status === 'unscored')?.reason;
    return `unscored: ${reason ? firstLine(reason) : 'the judge could not score the run'}`;
  }
  if (record.performance.source === 'not_judged') {
    return `not judged: ${record.note ?? 'nothing checked the answer'}`;
  }
  if (record.status === 'failed') {
    const capped = record.performance.cappedFrom
      ? ` (judge ${record.performance.cappedFrom}, capped at ${record.performance.grade})`
      : '';
    return `${firstLine(record.errors[0] ?? 'failed')}${capped}`;
  }
  return undefined;
}

/** Tokens in, with the cached part: `12.3k/8.1k`. */
export function tokensInLabel(record: ReportRecord): string {
  const usage = record.metrics?.usage;
  return usage
    ? `${formatTokens(usage.inputTokens)}/${formatTokens(usage.cachedInputTokens)}`
    : '—';
}

/** Tokens out, with the reasoning part: `1.2k/900`. */
export function tokensOutLabel(record: ReportRecord): string {
  const usage = record.metrics?.usage;
  return usage ? `${formatTokens(usage.outputTokens)}/${formatTokens(usage.reasoningTokens)}` : '—';
}

/** The run's time, or — when it did not run. */
export function timeLabel(record: ReportRecord): string {
  return record.metrics ? formatDuration(record.metrics.durationMs) : '—';
}

/** The run's cost: $…, ? when the price is unknown, — when it did not run. */
export function usdLabel(record: ReportRecord): string {
  return record.metrics ? formatUsd(record.metrics.costUsd) : '—';
}

/** Tool calls, with the failed ones: `5` or `5 (1✗)`. */
export function toolCallsLabel(record: ReportRecord): string {
  if (!record.metrics) return '—';
  const { toolCalls, failedToolCalls } = record.metrics;
  return failedToolCalls > 0 ? `${toolCalls} (${failedToolCalls}✗)` : String(toolCalls);
}

/** What the case asks for: `judge ≥ B`, `checks pass`, or `none` (nothing checks the runs). */
export function barLabel(bar: CaseBar): string {
  switch (bar.kind) {
    case 'judge':
      return `judge ≥ ${bar.grades.join('/')}`;
    case 'checks':
      return 'checks pass';
    case 'none':
      return 'none';
  }
}

/**
 * A grade count list such as `A×2 B×1`, best first; `—` when empty. Runs without a grade are
 * `no grade`: unscored by the judge, or not judged at all (`nanograde run` checking nothing).
 */
export function distributionLabel(counts: Record<Grade | 'none', number>): string {
  const parts = (['S', 'A', 'B', 'C', 'D', 'F'] as const)
    .filter((grade) => counts[grade] > 0)
    .map((grade) => `${grade}×${counts[grade]}`);
  if (counts.none > 0) parts.push(`no grade×${counts.none}`);
  return parts.length > 0 ? parts.join(' ') : '—';
}

/** The headline: how much ran, what it cost and how long it took. */
export function headline(report: Report): string {
  const { totals } = report;
  const unknown =
    totals.unknownCostRuns > 0
      ? ` (+${totals.unknownCostRuns} run${totals.unknownCostRuns === 1 ? '' : 's'} of unknown price)`
      : '';
  const judgeUnknown = unknownJudgeCostRuns(report.records);
  const judgeUnknownText =
    judgeUnknown > 0
      ? ` (+${judgeUnknown} run${judgeUnknown === 1 ? '' : 's'} of unknown judge price)`
      : '';
  return [
    `nanograde: ${totals.cases} case${totals.cases === 1 ? '' : 's'} × ${totals.models} model${totals.models === 1 ? '' : 's'}`,
    `${totals.passed} passed, ${totals.failed} failed, ${notJudged(report)}${totals.skipped} skipped`,
    `agent ${formatUsd(totals.agentCostUsd)}${unknown}`,
    `judge ${formatUsd(totals.judgeCostUsd)}${judgeUnknownText}`,
    `run time ${formatDuration(totals.durationMs)} (sum)`,
  ].join(' · ');
}

/** `2 not judged, ` when runs went unchecked (nanograde run without --expect or --judge). */
function notJudged(report: Report): string {
  const count = report.records.filter((r) => r.performance.source === 'not_judged').length;
  return count > 0 ? `${count} not judged, ` : '';
}

/** Why a case names no best model: it is broken, no real model ran, or none reached the bar. */
export function noBestReason(summary: CaseSummary, records: ReportRecord[]): string {
  if (summary.broken) return 'none, the case is broken (left out of the ranking)';
  const realRan = records.some((record) => !record.builtin && record.status !== 'skipped');
  return realRan ? 'no model reached the bar' : 'no real model ran';
}

/**
 * The sentence under the ranking when broken cases were left out of it (their checks cannot tell
 * a good run from none): `2 cases left out of the ranking: broken (a, b)`; undefined when none was.
 */
export function leftOutOfRanking(report: Report): string | undefined {
  const broken = report.cases.filter((summary) => summary.broken).map((summary) => summary.name);
  if (broken.length === 0) return undefined;
  const cases = `${broken.length} case${broken.length === 1 ? '' : 's'}`;
  return `${cases} left out of the ranking: broken (${broken.join(', ')})`;
}

/**
 * What was tested, in a few words: `nano agent`, `nano agent + lookup_weather (file tools:
 * read_file; own system prompt)` or `your agent supportBot`.
 */
export function agentLabel(agent: AgentInfo): string {
  if (agent.kind === 'custom') return `your agent ${agent.name}`;
  const extras = agent.customTools?.length ? ` + ${agent.customTools.join(', ')}` : '';
  const notes = [
    ...(agent.fileTools === undefined
      ? []
      : [
          agent.fileTools.length === 0
            ? 'no file tools'
            : `file tools: ${agent.fileTools.join(', ')}`,
        ]),
    ...(agent.customSystem ? ['own system prompt'] : []),
  ];
  return `nano agent${extras}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** A ranking row's agent cost, judge cost and time, as text; `measured` when a run of it started. */
export interface RankingSpend {
  agentCost: string;
  judgeCost: string;
  time: string;
  measured: boolean;
}

/**
 * Judged runs whose judge cost is unknown (a judge with no price): totals and model summaries add
 * only known judge costs, so these are counted apart rather than read as $0.
 */
function unknownJudgeCostRuns(records: readonly ReportRecord[]): number {
  return records.filter((r) => r.judgements.length > 0 && r.judgeCostUsd === null).length;
}

/** A sum of known costs beside how many of `of` had none: `$x`, `?`/`unknown`, `$x+?`/`$x + n unknown`. */
function spendText(known: number, unknown: number, of: number, form: 'short' | 'long'): string {
  if (unknown === 0) return formatUsd(known);
  if (unknown === of) return form === 'short' ? '?' : 'unknown';
  return form === 'short' ? `${formatUsd(known)}+?` : `${formatUsd(known)} + ${unknown} unknown`;
}

/**
 * What a model spent across the run, for the ranking: — for a model none of whose runs started
 * (say, no cassette to replay), rather than a $0 and 0ms nobody measured; an agent cost made of
 * unknown prices only is `?` (`unknown` in the long form), a mix `$x+?` (`$x + n unknown`); the
 * judge cost likewise.
 */
export function rankingSpend(
  report: Report,
  model: ModelSummary,
  form: 'short' | 'long',
): RankingSpend {
  const records = report.records.filter((r) => r.model === model.model);
  const metered = records.filter((r) => r.metrics).length;
  if (metered === 0) return { agentCost: '—', judgeCost: '—', time: '—', measured: false };
  const judged = records.filter((r) => r.judgements.length > 0).length;
  return {
    agentCost: spendText(model.costUsd, model.unknownCostRuns, metered, form),
    judgeCost: spendText(model.judgeCostUsd, unknownJudgeCostRuns(records), judged, form),
    time: formatDuration(model.durationMs),
    measured: true,
  };
}
