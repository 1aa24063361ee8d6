import { z } from 'zod';
import { AgentRunSchema, UsageSchema } from './agent-run.js';
import { BarCheckSchema, RepeatInfoSchema } from './bar-check.js';
import { GradeSchema } from './grade.js';
import { type Reading, readWith } from './read-record.js';

/**
 * One `toJudgeAtLeast` verdict. `grade` is null when the run could not be scored: `unscored`
 * (the judge's reply could not be parsed, or the judge failed) or `ungraded` (a built-in model
 * with no oracle). The judge's own tokens and cost are kept apart from the agent's.
 */
export const JudgeRecordSchema = z.object({
  status: z.enum(['graded', 'unscored', 'ungraded']),
  bar: GradeSchema,
  grade: GradeSchema.nullable(),
  reason: z.string(),
  /** `oracle` for a deterministic grading function, else the judge model's id. */
  judge: z.string(),
  /** Every vote's grade when the judge was asked several times (the grade is their median). */
  votes: z.array(GradeSchema).optional(),
  /** How many grade steps lie between the best and the worst vote (0: they all agreed). */
  spread: z.number().int().nonnegative().optional(),
  usage: UsageSchema.optional(),
  costUsd: z.number().nonnegative().nullable(),
  durationMs: z.number().nonnegative(),
});
export type JudgeRecord = z.infer<typeof JudgeRecordSchema>;

/**
 * What was tested: the nano agent — with its tools and prompt as a case chose them, when they are
 * not the default five file tools and its own prompt — or the user's own agent, by its name.
 */
export const AgentInfoSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('nano'),
    /** The custom tools, in the order given; absent when there are none. */
    customTools: z.array(z.string()).optional(),
    /** The file tools that were on, when not all five. */
    fileTools: z.array(z.string()).optional(),
    /** True when the case replaced the system prompt. */
    customSystem: z.literal(true).optional(),
  }),
  z.object({
    kind: z.literal('custom'),
    /** The agent function's name (`agent` when it has none). */
    name: z.string(),
  }),
]);
export type AgentInfo = z.infer<typeof AgentInfoSchema>;

/**
 * What an agent test puts into its task meta for reporters: plain JSON, never live objects,
 * so it survives worker boundaries, blob reports and `--merge-reports`. Pass or fail is the
 * test's own result; this record says what ran, what the run did and how it was judged.
 */
export const CaseRecordSchema = z.object({
  schemaVersion: z.literal(1),
  case: z.string(),
  model: z.string(),
  provider: z.string(),
  /** `reference` (the case's gold solution) or `null` (answers nothing): not a language model. */
  builtin: z.enum(['reference', 'null']).optional(),
  /** What ran the case; absent in records written before it was recorded (the nano agent). */
  agent: AgentInfoSchema.optional(),
  /** Set when the model could not run here, with why and what to do. */
  unavailable: z.object({ reason: z.string(), message: z.string() }).optional(),
  run: AgentRunSchema.optional(),
  expected: z.string().optional(),
  rubric: z.string().optional(),
  /**
   * The judge bars the case asks for before any run (its check's `toJudgeAtLeast` grades, or
   * `nanograde run --bar`), so its bar shows even when a run failed before reaching the judge.
   */
  judgeBars: z.array(GradeSchema).optional(),
  judgements: z.array(JudgeRecordSchema).optional(),
  /** Set on a built-in's record when the case itself is broken, saying why. */
  brokenCase: z.string().optional(),
  /**
   * Set when the run's provider traffic was recorded into, or replayed from, a cassette, or
   * answered in full from watch mode's response cache (`cached`: no model request was made).
   */
  fixture: z
    .object({
      mode: z.enum(['recorded', 'replayed', 'cached']),
      path: z.string(),
      recordedAt: z.string(),
    })
    .optional(),
  /** Set when the case runs each model several times (`repeats`): which run this is. */
  repeat: RepeatInfoSchema.optional(),
  /** The bars (minGrade, maxCostUsd, maxDurationMs) this run was held to, and whether each held. */
  bars: z.array(BarCheckSchema).optional(),
  /**
   * Why the run failed (its checks or a bar) when its test still passed because the case's
   * `minPass` tolerates it; the report counts the run as failed.
   */
  toleratedFailure: z.array(z.string()).optional(),
});
export type CaseRecord = z.infer<typeof CaseRecordSchema>;

/** Reads a case record from task meta (or JSON): the record, or where it does not fit the schema. */
export function readCaseRecord(value: unknown): Reading<CaseRecord> {
  return readWith(CaseRecordSchema, value);
}
