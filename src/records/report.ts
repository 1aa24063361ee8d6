import { z } from 'zod';
import { AgentRunSchema, RunErrorSchema, UsageSchema } from './agent-run.js';
import { BarCheckSchema, RepeatInfoSchema } from './bar-check.js';
import {
  AgentInfoSchema,
  type CaseRecord,
  CaseRecordSchema,
  JudgeRecordSchema,
} from './case-record.js';
import { GradeSchema } from './grade.js';
import { type Reading, readWith } from './read-record.js';

/** The version of report.json's shape; bumped on any change a reader must know about. */
export const REPORT_SCHEMA_VERSION = 1;

/** How a test ended, as Vitest reported it. */
export const EntryStatusSchema = z.enum(['passed', 'failed', 'skipped']);
export type EntryStatus = z.infer<typeof EntryStatusSchema>;

/** One agent test as the report sees it: the record from its task meta and its own result. */
export interface ReportEntry {
  record: CaseRecord;
  status: EntryStatus;
  /** The skip note (why the model did not run). */
  note?: string;
  /** The test's error messages. */
  errors?: string[];
  /**
   * Nothing checks the case's runs (`nanograde run` with neither --expect nor --judge): a run
   * gets no performance grade, `note` says how to have it checked, and the case's bar is `none`.
   */
  notJudged?: true;
}

/**
 * Where a performance grade came from: the judge, the case's checks (pass A, fail F), a run
 * error (F), an unscored judgement, a run nothing checked (`not_judged`) or a skipped run (no grade).
 */
export const PerformanceSourceSchema = z.enum([
  'judge',
  'checks',
  'run_error',
  'unscored',
  'not_judged',
  'skipped',
]);

export const PerformanceSchema = z.object({
  grade: GradeSchema.nullable(),
  source: PerformanceSourceSchema,
  /** The judge's own (lowest) grade when a failed assertion capped it. */
  cappedFrom: GradeSchema.optional(),
});
export type Performance = z.infer<typeof PerformanceSchema>;

/**
 * A speed or cost grade relative to the case's best run. `grade` is null when the run does not
 * take part: `unknown` (no price), `builtin`, `no_run` (skipped, or ended in a run error),
 * `not_done` (it ran but did not reach the bar: being quick or cheap at that earns no grade).
 * `free` marks a $0 run (a local model): cost S, outside the paid models' comparison.
 */
export const RelativeGradeSchema = z.object({
  grade: GradeSchema.nullable(),
  /** The run's value divided by the best one (null when not graded or free). */
  ratio: z.number().nonnegative().nullable(),
  basis: z.enum(['ratio', 'free', 'unknown', 'builtin', 'no_run', 'not_done']),
});
export type RelativeGrade = z.infer<typeof RelativeGradeSchema>;

/** The figures of one run, for tables. */
export const RunMetricsSchema = z.object({
  durationMs: z.number().nonnegative(),
  turns: z.number().int().nonnegative(),
  toolCalls: z.number().int().nonnegative(),
  failedToolCalls: z.number().int().nonnegative(),
  usage: UsageSchema,
  costUsd: z.number().nonnegative().nullable(),
});
export type RunMetrics = z.infer<typeof RunMetricsSchema>;

/** One case × model: what ran, how it ended and how it was graded. */
export const ReportRecordSchema = z.object({
  case: z.string(),
  model: z.string(),
  provider: z.string(),
  builtin: z.enum(['reference', 'null']).optional(),
  /** What ran the case (absent: the nano agent with its defaults). */
  agent: AgentInfoSchema.optional(),
  status: EntryStatusSchema,
  /** Why the run was skipped (the model's unavailability, or Vitest's skip note). */
  note: z.string().optional(),
  /** The test's error messages (failed assertions, a broken case, a run error). */
  errors: z.array(z.string()),
  runError: RunErrorSchema.nullable(),
  /** A real model that reached the case's bar: its checks passed, with no run error and a judged grade at or above the bar. */
  didTheJob: z.boolean(),
  performance: PerformanceSchema,
  speed: RelativeGradeSchema,
  cost: RelativeGradeSchema,
  /** Null for built-ins, skipped runs and unscored judgements. */
  overall: GradeSchema.nullable(),
  metrics: RunMetricsSchema.nullable(),
  judgements: z.array(JudgeRecordSchema),
  /** What judging this run cost, apart from the agent's cost; null when a judge's price is unknown. */
  judgeCostUsd: z.number().nonnegative().nullable(),
  expected: z.string().optional(),
  rubric: z.string().optional(),
  brokenCase: z.string().optional(),
  /** Set when the run was recorded into, or replayed from, a cassette (its figures are the recording's). */
  fixture: CaseRecordSchema.shape.fixture,
  run: AgentRunSchema.optional(),
  /** Which run of a repeated case × model this is. */
  repeat: RepeatInfoSchema.optional(),
  /** The bars the run was held to (minGrade, maxCostUsd, maxDurationMs) and whether each held. */
  bars: z.array(BarCheckSchema).optional(),
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;

/** The model that reached a case's bar most cheaply or most quickly. */
export const BestPickSchema = z.object({
  model: z.string(),
  costUsd: z.number().nonnegative().nullable(),
  durationMs: z.number().nonnegative(),
});
export type BestPick = z.infer<typeof BestPickSchema>;

/**
 * What a case asks for: a judge's grade, its checks passing, or nothing (`none`: a
 * `nanograde run` with neither --expect nor --judge, whose runs are not judged).
 */
export const CaseBarSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('judge'), grades: z.array(GradeSchema).min(1) }),
  z.object({ kind: z.literal('checks') }),
  z.object({ kind: z.literal('none') }),
]);
export type CaseBar = z.infer<typeof CaseBarSchema>;

export const CaseSummarySchema = z.object({
  name: z.string(),
  bar: CaseBarSchema,
  /** What ran the case, when not the nano agent with its defaults (from its real models' records). */
  agent: AgentInfoSchema.optional(),
  /** Why the case is broken (its checks cannot tell a good run from none), or null. */
  broken: z.string().nullable(),
  /** The real models that reached the bar (a repeated one: in minPass runs); none when broken. */
  reachedBar: z.array(z.string()),
  best: z.object({ cheapest: BestPickSchema.nullable(), fastest: BestPickSchema.nullable() }),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

const gradeCounts = z.object({
  S: z.number().int().nonnegative(),
  A: z.number().int().nonnegative(),
  B: z.number().int().nonnegative(),
  C: z.number().int().nonnegative(),
  D: z.number().int().nonnegative(),
  F: z.number().int().nonnegative(),
  /** Runs with no grade (unscored judgements). */
  none: z.number().int().nonnegative(),
});
export type GradeCounts = z.infer<typeof gradeCounts>;

/** One model across all cases. */
export const ModelSummarySchema = z.object({
  model: z.string(),
  /** The short name tables show (the id without its provider, unless that is ambiguous). */
  label: z.string(),
  provider: z.string(),
  builtin: z.enum(['reference', 'null']).optional(),
  /** Cases it ran in (not skipped); a repeated case counts once, a broken case not at all. */
  ran: z.number().int().nonnegative(),
  /** Cases it was skipped in. */
  skipped: z.number().int().nonnegative(),
  /** Cases where it reached the bar (a repeated one: in at least minPass of its runs). */
  jobsDone: z.number().int().nonnegative(),
  /** One grade per case it ran in (a repeated case: the median of its runs). */
  overallGrades: gradeCounts,
  performanceGrades: gradeCounts,
  /** Sum of the known agent costs; `unknownCostRuns` says how many runs had no price. */
  costUsd: z.number().nonnegative(),
  unknownCostRuns: z.number().int().nonnegative(),
  judgeCostUsd: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  /** Mean points (S 5 … F 0) of its overall grades, and the grade nearest to it. */
  meanOverall: z.number().nullable(),
  overall: GradeSchema.nullable(),
  /** 1 for the best; null for built-ins and models that did no job (reached no case's bar). */
  rank: z.number().int().positive().nullable(),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

export const SkippedModelSchema = z.object({
  model: z.string(),
  cases: z.array(z.string()),
  reasons: z.array(z.string()),
});
export type SkippedModel = z.infer<typeof SkippedModelSchema>;

/** One repeated case × model: how often it passed, and how its grades spread. */
export const RepeatSummarySchema = z.object({
  case: z.string(),
  model: z.string(),
  /** Runs that ran (n), and those that passed (c). */
  runs: z.number().int().nonnegative(),
  passes: z.number().int().nonnegative(),
  passRate: z.number().min(0).max(1).nullable(),
  /** pass@k for k = 1…n (index k − 1): the chance that at least one of k runs passes. */
  passAt: z.array(z.number().min(0).max(1)),
  /** pass^k for k = 1…n (index k − 1): the chance that all k runs pass. */
  passHat: z.array(z.number().min(0).max(1)),
  medianGrade: GradeSchema.nullable(),
  /** Grade steps between the best and the worst run. */
  spread: z.number().int().nonnegative().nullable(),
  minPass: z.number().int().positive(),
  /** Whether at least minPass runs passed. */
  minPassMet: z.boolean(),
});
export type RepeatSummary = z.infer<typeof RepeatSummarySchema>;

/** report.json: every case × model record, per-case and per-model summaries, and the ranking. */
export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generatedAt: z.string(),
  /** Sentences the report shows up front (e.g. a retired model replaced by its successor). */
  notes: z.array(z.string()),
  totals: z.object({
    cases: z.number().int().nonnegative(),
    models: z.number().int().nonnegative(),
    runs: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    passed: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    agentCostUsd: z.number().nonnegative(),
    unknownCostRuns: z.number().int().nonnegative(),
    judgeCostUsd: z.number().nonnegative(),
    durationMs: z.number().nonnegative(),
  }),
  cases: z.array(CaseSummarySchema),
  /** Every model, ranked ones first in rank order, then the rest. */
  models: z.array(ModelSummarySchema),
  skipped: z.array(SkippedModelSchema),
  records: z.array(ReportRecordSchema),
  /** Pass rate, pass@k, pass^k, median grade and spread of every repeated case × model. */
  repeats: z.array(RepeatSummarySchema).optional(),
  /** The suite's bars (total cost, total time, pass rate), checked at the end of the run. */
  suiteBars: z.array(BarCheckSchema).optional(),
  /** The baseline this run was compared with, and what regressed. */
  baseline: z
    .object({
      path: z.string(),
      regressions: z.number().int().nonnegative(),
      headline: z.string(),
      /** One line per regressed case × model: what regressed. */
      regressed: z.array(z.string()),
      /** Why it could not be compared (an unreadable file), instead of a comparison. */
      error: z.string().optional(),
    })
    .optional(),
});
export type Report = z.infer<typeof ReportSchema>;

/** Reads report.json's parsed JSON: the report, or where it does not fit the schema. */
export function readReport(value: unknown): Reading<Report> {
  return readWith(ReportSchema, value);
}
