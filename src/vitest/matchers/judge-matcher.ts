import type { MatcherState } from 'vitest';
import { z } from 'zod';
import { formatUsd } from '../../format/format-values.js';
import { gradeSpread, meetsBar } from '../../grading/grade-scale.js';
import { chooseJudge } from '../../judge/choose-judge.js';
import { gradeRun } from '../../judge/grade-run.js';
import { readWrittenFiles } from '../../judge/written-files.js';
import { createCatalog } from '../../models/catalog.js';
import { type AgentRun, TimeoutMsSchema } from '../../records/agent-run.js';
import type { JudgeRecord } from '../../records/case-record.js';
import { type Grade, GradeSchema } from '../../records/grade.js';
import { caseRecordBuilder } from '../case-meta.js';
import { projectOptions } from '../project-options.js';
import { workerSlots } from '../worker-slots.js';
import { describeRun, truncate } from './describe-run.js';
import { parseMatcherOptions } from './matcher-options.js';
import { type MatcherOutcome, redactOutcome } from './matcher-outcome.js';
import { MatcherUsageError } from './matcher-usage-error.js';
import { JudgementNotAwaited, trackJudgement } from './pending-judgements.js';
import { expectAgentRun, expectWorkspaceFolder, kindOf } from './received-values.js';

/** A deterministic grader for tasks with an exact answer: a grade, or a grade with its reason. */
export type Oracle = (
  run: AgentRun,
) => Grade | { grade: Grade; reason: string } | Promise<Grade | { grade: Grade; reason: string }>;

/** What the judge is shown beyond the final answer. */
export type JudgeInclude = 'toolCalls' | 'files';

/** Options of `toJudgeAtLeast`. */
export interface JudgeOptions {
  /** What matters in this task; defaults to the case's `rubric`. */
  rubric?: string;
  /** The expected answer; defaults to the case's `expected`. */
  expected?: string;
  /** The judge model id; overrides NANOGRADE_JUDGE and the project's `judge`. */
  judge?: string;
  /** Ask the judge this many times (concurrently) and take the median grade (default 1). */
  votes?: number;
  /** Also show the judge the run's tool calls and/or the files it wrote (needs `workspace`). */
  include?: JudgeInclude[];
  /** The run's workspace folder (agentTest's check gets it): where `include: ['files']` reads. */
  workspace?: string;
  /** Grade with this function instead of a judge model (no model call, no cost). */
  oracle?: Oracle;
  /** How long one judge request may take, in ms (default 120 000); slower leaves the run unscored. */
  timeoutMs?: number;
}

const JudgeOptionsSchema = z.strictObject({
  rubric: z.string().optional(),
  expected: z.string().optional(),
  judge: z.string().min(1).optional(),
  votes: z.number().int().min(1).max(25).optional(),
  include: z.array(z.enum(['toolCalls', 'files'])).optional(),
  workspace: z.string().optional(),
  oracle: z.custom<Oracle>((value) => typeof value === 'function', 'a function').optional(),
  timeoutMs: TimeoutMsSchema.optional(),
});

const OracleVerdictSchema = z.union([
  GradeSchema,
  z.object({ grade: GradeSchema, reason: z.string() }),
]);

const GRADE_LIST = 'S, A, B, C, D or F';

function expectBar(bar: unknown): Grade {
  const parsed = GradeSchema.safeParse(bar);
  if (parsed.success) return parsed.data;
  const got = typeof bar === 'string' ? `"${bar}"` : kindOf(bar);
  throw new MatcherUsageError(`toJudgeAtLeast expects a grade ${GRADE_LIST}, got ${got}`);
}

function expectOptions(options: unknown): z.infer<typeof JudgeOptionsSchema> {
  return parseMatcherOptions('toJudgeAtLeast', JudgeOptionsSchema, options);
}

/** The matcher only gets the run: the files it wrote are read from the workspace it is given. */
function expectFilesWorkspace(workspace: string | undefined): string {
  if (workspace === undefined) {
    throw new MatcherUsageError(
      "toJudgeAtLeast with include: ['files'] reads the files the agent wrote from its workspace: pass { workspace } (agentTest's check gets it: async ({ run, workspace, expect }) => …)",
    );
  }
  return expectWorkspaceFolder("toJudgeAtLeast with include: ['files']", workspace);
}

async function oracleVerdict(oracle: Oracle, run: AgentRun, bar: Grade): Promise<JudgeRecord> {
  const started = performance.now();
  const returned = await oracle(run);
  const parsed = OracleVerdictSchema.safeParse(returned);
  if (!parsed.success) {
    throw new MatcherUsageError(
      `toJudgeAtLeast: the oracle must return a grade (${GRADE_LIST}) or { grade, reason }, got ${JSON.stringify(returned) ?? kindOf(returned)}`,
    );
  }
  const { grade, reason } =
    typeof parsed.data === 'string'
      ? { grade: parsed.data, reason: `the oracle graded it ${parsed.data}` }
      : parsed.data;
  return {
    status: 'graded',
    bar,
    grade,
    reason,
    judge: 'oracle',
    costUsd: 0,
    durationMs: performance.now() - started,
  };
}

function ungraded(bar: Grade, builtin: string): JudgeRecord {
  return {
    status: 'ungraded',
    bar,
    grade: null,
    reason: `the built-in ${builtin} model is not graded by a judge model; pass { oracle } to grade it`,
    judge: 'none',
    costUsd: 0,
    durationMs: 0,
  };
}

/**
 * An unscored verdict: no judge could run (saying how to configure one; nothing was spent), or it
 * was stopped (what it spent is unknown).
 */
function unscored(
  bar: Grade,
  named: string | undefined,
  message: string,
  costUsd: 0 | null,
): JudgeRecord {
  return {
    status: 'unscored',
    bar,
    grade: null,
    reason: message,
    judge: named ?? 'none',
    costUsd,
    durationMs: 0,
  };
}

function judgeCost(verdict: JudgeRecord): string {
  if (verdict.judge === 'oracle') return '';
  const cost = verdict.costUsd === null ? 'cost unknown' : formatUsd(verdict.costUsd);
  const tokens = verdict.usage
    ? `${verdict.usage.inputTokens} in / ${verdict.usage.outputTokens} out tokens, `
    : '';
  return `\nJudge's own usage: ${tokens}${cost}`;
}

function votesLine(verdict: JudgeRecord): string {
  if (!verdict.votes || verdict.votes.length < 2) return '';
  return `\nVotes: ${verdict.votes.join(', ')} (spread ${gradeSpread(verdict.votes)})`;
}

/**
 * Checks that a judge grades the run at least `bar` on S > A > B > C > D > F. Async: `await` it —
 * a judgement nobody awaited fails its test when the test ends. The verdict goes into the test's
 * task meta (`judgements`) for the reporter. A run that could not be scored fails, with or
 * without `.not`; a built-in model without an oracle passes ungraded.
 */
export function toJudgeAtLeast(
  this: MatcherState,
  received: unknown,
  bar: Grade,
  options?: JudgeOptions,
): Promise<MatcherOutcome> {
  const call = `expect(run)${this.isNot ? '.not.' : '.'}toJudgeAtLeast('${String(bar)}')`;
  return trackJudgement(this.task, call, (stop) =>
    judge(this, received, bar, options, stop).then(redactOutcome),
  );
}

async function judge(
  state: MatcherState,
  received: unknown,
  bar: Grade,
  options: JudgeOptions | undefined,
  stop: AbortSignal,
): Promise<MatcherOutcome> {
  const run = expectAgentRun('toJudgeAtLeast', received);
  const wanted = expectBar(bar);
  const given = expectOptions(options);
  const include = new Set(given.include ?? []);
  const workspace = include.has('files') ? expectFilesWorkspace(given.workspace) : undefined;
  // Inside agentTest: the case's record, whose builder takes the verdict for the reporter.
  const builder = caseRecordBuilder(state.task);
  const record = builder?.record;
  const negated = state.isNot ? '.not.' : '.';
  const call = `expect(run)${negated}toJudgeAtLeast('${wanted}')`;
  const fail = (message: string): MatcherOutcome => ({
    pass: state.isNot,
    message: () => message,
  });

  let verdict: JudgeRecord;
  if (given.oracle) {
    verdict = await oracleVerdict(given.oracle, run, wanted);
  } else if (record?.builtin) {
    verdict = ungraded(wanted, record.builtin);
  } else {
    const project = projectOptions();
    const choice = await chooseJudge({
      option: given.judge,
      config: project.judge,
      catalog: createCatalog(project.catalog),
    });
    if (!choice.ok) {
      builder?.judgement(unscored(wanted, choice.named, choice.message, 0));
      return fail(`cannot check ${call}: ${choice.message}`);
    }
    const expected = given.expected ?? record?.expected;
    const rubric = given.rubric ?? record?.rubric;
    // Judge requests take run-wide slots of their own pool (a check that judges a run still holds
    // the run's slot); a replayed judgement sends nothing to a provider.
    const slots = record?.fixture?.mode === 'replayed' ? undefined : workerSlots(project);
    const slot = {
      pool: 'judge' as const,
      provider: choice.model.provider,
      model: choice.model.apiModel,
    };
    const testSignal = state.task?.context.signal;
    const signal = testSignal ? AbortSignal.any([testSignal, stop]) : stop;
    try {
      verdict = await gradeRun({
        input: {
          run,
          ...(expected === undefined ? {} : { expected }),
          ...(rubric === undefined ? {} : { rubric }),
          includeToolCalls: include.has('toolCalls'),
          ...(workspace ? { files: await readWrittenFiles(run, workspace) } : {}),
        },
        bar: wanted,
        judge: choice.model,
        ...(given.votes ? { votes: given.votes } : {}),
        ...(given.timeoutMs ? { timeoutMs: given.timeoutMs } : {}),
        signal,
        schedule: (request) => (slots ? slots.run(slot, request, signal) : request()),
      });
    } catch (error) {
      if (!signal.aborted) throw error;
      // Stopped (not awaited, or the test was aborted): recorded as such, never a grade.
      verdict = unscored(wanted, choice.model.id, stoppedReason(signal.reason), null);
    }
  }
  builder?.judgement(verdict);

  if (verdict.status === 'ungraded') {
    return { pass: !state.isNot, message: () => `${call}: ${verdict.reason}` };
  }
  const by = verdict.judge === 'oracle' ? 'the oracle' : `the judge (${verdict.judge})`;
  if (verdict.status === 'unscored' || verdict.grade === null) {
    return fail(
      `cannot check ${call}: ${by} left the run unscored — ${verdict.reason}${judgeCost(verdict)}\n${describeRun(run)}`,
    );
  }
  const grade = verdict.grade;
  const reached = meetsBar(grade, wanted);
  const details = `\nReason: ${truncate(verdict.reason, 600)}${votesLine(verdict)}${judgeCost(verdict)}\n${describeRun(run)}`;
  return {
    pass: reached,
    message: () =>
      reached
        ? `expected the run to be judged below ${wanted}, but ${by} graded it ${grade}${details}`
        : `expected the run to be judged at least ${wanted}, but ${by} graded it ${grade}${details}`,
  };
}

/** Why a judgement stopped before its verdict, for the record. */
function stoppedReason(reason: unknown): string {
  if (reason instanceof JudgementNotAwaited) return reason.message;
  const why = reason instanceof Error ? reason.message : String(reason);
  return `the test was aborted before the judge's verdict (${why})`;
}
