import { type CaseVerdict, caseVerdicts } from '../grading/case-verdicts.js';
import { rankModels } from '../grading/model-ranking.js';
import { gradeOverall } from '../grading/overall-grade.js';
import { gradePerformance, reachedBar } from '../grading/performance-grade.js';
import { gradeSpeedAndCost } from '../grading/relative-grades.js';
import type { AgentInfo } from '../records/case-record.js';
import { GRADES, type Grade } from '../records/grade.js';
import type { ReportEntry } from '../records/report.js';
import {
  type BestPick,
  type CaseBar,
  type CaseSummary,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportRecord,
  type RunMetrics,
  type SkippedModel,
} from '../records/report.js';
import { modelLabels } from './model-labels.js';
import { summariseRepeats } from './repeat-summary.js';

/** What buildReport may be told besides the entries. */
export interface BuildReportOptions {
  /** When the report was made (ISO 8601); default now. */
  generatedAt?: string;
  /** Sentences to show up front, e.g. which retired models the matrix replaced. */
  notes?: string[];
}

/** Why a skipped run did not run, in the fewest words that say it. */
export function skipReason(entry: ReportEntry): string {
  return entry.record.unavailable?.message ?? entry.note ?? 'skipped';
}

function metricsOf(entry: ReportEntry): RunMetrics | null {
  const { run } = entry.record;
  if (!run) return null;
  return {
    durationMs: run.durationMs,
    turns: run.turns,
    toolCalls: run.toolCalls.length,
    failedToolCalls: run.toolCalls.filter((call) => !call.ok).length,
    usage: run.usage,
    costUsd: run.costUsd,
  };
}

function judgeCostOf(entry: ReportEntry): number | null {
  let total = 0;
  for (const judgement of entry.record.judgements ?? []) {
    if (judgement.costUsd === null) return null;
    total += judgement.costUsd;
  }
  return total;
}

/** Grades every run of one case (speed and cost need the whole case). */
function gradeCase(entries: ReportEntry[]): ReportRecord[] {
  const graded = gradeSpeedAndCost(
    entries.map((entry) => {
      const performance = gradePerformance(entry);
      return { entry, performance, didTheJob: reachedBar(entry, performance) };
    }),
  );
  return graded.map(({ entry, performance, didTheJob, speed, cost }) => {
    const { record } = entry;
    const note = entry.status === 'skipped' ? skipReason(entry) : entry.note;
    return {
      case: record.case,
      model: record.model,
      provider: record.provider,
      ...(record.builtin ? { builtin: record.builtin } : {}),
      ...(record.agent ? { agent: record.agent } : {}),
      status: entry.status,
      ...(note === undefined ? {} : { note }),
      errors: entry.errors ?? [],
      runError: record.run?.error ?? null,
      didTheJob,
      performance,
      speed,
      cost,
      overall: gradeOverall({
        builtin: record.builtin !== undefined,
        performance,
        didTheJob,
        speed,
        cost,
      }),
      metrics: metricsOf(entry),
      judgements: record.judgements ?? [],
      judgeCostUsd: judgeCostOf(entry),
      ...(record.expected === undefined ? {} : { expected: record.expected }),
      ...(record.rubric === undefined ? {} : { rubric: record.rubric }),
      ...(record.brokenCase === undefined ? {} : { brokenCase: record.brokenCase }),
      ...(record.fixture ? { fixture: record.fixture } : {}),
      ...(record.run ? { run: record.run } : {}),
      ...(record.repeat ? { repeat: record.repeat } : {}),
      ...(record.bars ? { bars: record.bars } : {}),
    };
  });
}

/**
 * What the case asks for: the judge bars its runs were held to, and those it declares up front
 * (so the label does not depend on how far a failing run got), else its checks — or nothing,
 * when nothing checks its runs (never "checks pass" over runs nobody checked).
 */
function barOf(records: ReportRecord[], entries: ReportEntry[]): CaseBar {
  const bars = new Set<Grade>();
  for (const record of records) for (const judgement of record.judgements) bars.add(judgement.bar);
  for (const entry of entries) for (const bar of entry.record.judgeBars ?? []) bars.add(bar);
  const grades = GRADES.filter((grade) => bars.has(grade));
  if (grades.length > 0) return { kind: 'judge', grades };
  return entries.every((entry) => entry.notJudged) ? { kind: 'none' } : { kind: 'checks' };
}

/** A model's figures on a case it reached the bar in: the mean of its runs (once, however many). */
function pick(verdict: CaseVerdict): BestPick {
  return {
    model: verdict.model,
    costUsd: verdict.costUsd,
    durationMs: verdict.durationMs ?? 0,
  };
}

/** Lower first; null (unknown) last. */
function compareKnown(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

/** The nano agent with its five file tools and its own prompt: what a case runs unless it says otherwise. */
function isDefaultAgent(agent: AgentInfo): boolean {
  return (
    agent.kind === 'nano' &&
    agent.customTools === undefined &&
    agent.fileTools === undefined &&
    agent.customSystem === undefined
  );
}

function summariseCase(name: string, records: ReportRecord[], entries: ReportEntry[]): CaseSummary {
  const reasons = [
    ...new Set(records.flatMap((record) => (record.brokenCase ? [record.brokenCase] : []))),
  ];
  // A broken case's checks cannot tell a good run from none: nobody reached its bar, or is best.
  const reached =
    reasons.length > 0
      ? []
      : caseVerdicts(records)
          .filter((verdict) => verdict.done)
          .map(pick);
  const known = reached.filter((candidate) => candidate.costUsd !== null);
  const cheapest =
    [...known].sort(
      (a, b) =>
        compareKnown(a.costUsd, b.costUsd) ||
        a.durationMs - b.durationMs ||
        a.model.localeCompare(b.model),
    )[0] ?? null;
  const fastest =
    [...reached].sort(
      (a, b) =>
        a.durationMs - b.durationMs ||
        compareKnown(a.costUsd, b.costUsd) ||
        a.model.localeCompare(b.model),
    )[0] ?? null;
  const agent = records.find((record) => record.agent && !isDefaultAgent(record.agent))?.agent;
  return {
    name,
    bar: barOf(records, entries),
    ...(agent ? { agent } : {}),
    broken: reasons.length > 0 ? reasons.join('; ') : null,
    reachedBar: reached.map((candidate) => candidate.model),
    best: { cheapest, fastest },
  };
}

function skippedModels(records: ReportRecord[]): SkippedModel[] {
  const byModel = new Map<string, SkippedModel & { seen: Set<string> }>();
  for (const record of records) {
    if (record.status !== 'skipped') continue;
    const skipped = byModel.get(record.model) ?? {
      model: record.model,
      cases: [],
      reasons: [],
      seen: new Set<string>(),
    };
    // A repeated case is one case, however many of its runs were skipped.
    if (!skipped.seen.has(record.case)) {
      skipped.seen.add(record.case);
      skipped.cases.push(record.case);
    }
    const reason = record.note ?? 'skipped';
    if (!skipped.reasons.includes(reason)) skipped.reasons.push(reason);
    byModel.set(record.model, skipped);
  }
  return [...byModel.values()].map(({ seen, ...skipped }) => skipped);
}

/**
 * Groups entries by case name, keeping the order cases and models first appear in, the built-ins
 * last (agentTest declares them first, so the real models can wait for them).
 */
function byCase(entries: ReportEntry[]): Map<string, ReportEntry[]> {
  const cases = new Map<string, ReportEntry[]>();
  for (const entry of entries) {
    const group = cases.get(entry.record.case);
    if (group) group.push(entry);
    else cases.set(entry.record.case, [entry]);
  }
  const isBuiltin = (entry: ReportEntry) => Number(entry.record.builtin !== undefined);
  for (const group of cases.values()) group.sort((a, b) => isBuiltin(a) - isBuiltin(b));
  return cases;
}

/**
 * Builds the report model from the agent tests' entries: every run graded (performance, speed,
 * cost, overall), each case's bar and best models, per-model summaries and the final ranking.
 * Pure: the same entries always give the same report.
 */
export function buildReport(entries: ReportEntry[], options: BuildReportOptions = {}): Report {
  const cases: CaseSummary[] = [];
  const records: ReportRecord[] = [];
  for (const [name, group] of byCase(entries)) {
    const graded = gradeCase(group);
    records.push(...graded);
    cases.push(summariseCase(name, graded, group));
  }
  const broken = new Set(cases.flatMap((summary) => (summary.broken ? [summary.name] : [])));
  const models = rankModels(records, modelLabels(records), broken);
  const repeats = summariseRepeats(records);
  const ran = records.filter((record) => record.status !== 'skipped');
  let agentCostUsd = 0;
  let judgeCostUsd = 0;
  let unknownCostRuns = 0;
  let durationMs = 0;
  for (const record of ran) {
    const cost = record.metrics?.costUsd;
    if (cost === null && record.metrics) unknownCostRuns++;
    else agentCostUsd += cost ?? 0;
    judgeCostUsd += record.judgeCostUsd ?? 0;
    durationMs += record.metrics?.durationMs ?? 0;
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    notes: options.notes ?? [],
    totals: {
      cases: cases.length,
      models: models.length,
      runs: ran.length,
      skipped: records.length - ran.length,
      // A run nothing checked did not pass anything.
      passed: records.filter(
        (record) => record.status === 'passed' && record.performance.source !== 'not_judged',
      ).length,
      failed: records.filter((record) => record.status === 'failed').length,
      agentCostUsd,
      unknownCostRuns,
      judgeCostUsd,
      durationMs,
    },
    cases,
    models,
    skipped: skippedModels(records),
    records,
    ...(repeats.length > 0 ? { repeats } : {}),
  };
}
