import { describeProgress } from '../agent/describe-progress.js';
import { runAgent } from '../agent/run-agent.js';
import { prepareWorkspace } from '../agent/workspace.js';
import { formatDuration, formatUsd } from '../format/format-values.js';
import { meetsBar } from '../grading/grade-scale.js';
import { InputError } from '../input/input-error.js';
import { gradeRun } from '../judge/grade-run.js';
import { readWrittenFiles } from '../judge/written-files.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { availability } from '../providers/availability.js';
import { ProviderSlots } from '../providers/provider-limiters.js';
import type { Availability } from '../providers/provider-types.js';
import { onRateLimitSignal } from '../providers/rate-limit-signals.js';
import type { AgentRun } from '../records/agent-run.js';
import type { JudgeRecord } from '../records/case-record.js';
import { CaseRecordBuilder } from '../records/case-record-builder.js';
import type { ReportEntry } from '../records/report.js';
import { redactJson } from '../redaction/redact-secrets.js';
import { buildReport } from '../report/build-report.js';
import { matrixNotes } from '../report/matrix-notes.js';
import { renderTerminal } from '../report/render-terminal.js';
import type { CliIO } from './cli-io.js';
import { expectedLabel, missedExpectation } from './expected-answer.js';
import type { RunOptions } from './run-args.js';

/** The case name a prompt goes by in records and tables: its first line, up to 100 characters. */
export function caseNameOf(prompt: string): string {
  const line = prompt.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

/** One model's run, why it missed `--expect` (if it did) and, with a judge, its verdict. */
interface Judged {
  run: AgentRun;
  missed?: string;
  judgement?: JudgeRecord;
}

/** What a run nothing checked says instead of a grade. */
const NOT_JUDGED =
  'nothing checked the answer; give --expect TEXT|/REGEX/ or --judge MODEL to grade it';

/**
 * Runs one prompt on every model at once, each on a fresh copy of the workspace (checking each
 * answer against --expect and judging it when a judge is given), prints the reporter's grade
 * table (or the records as JSON) to stdout and returns the exit code: 0 when every model that
 * could run finished without a run error (and had what --expect asks, and reached the bar with a
 * judge), 1 otherwise or when none could run. With neither --expect nor --judge nothing is
 * graded: each run shows "not judged", never a grade nobody decided.
 * A judge that cannot run here is an InputError, raised before any run.
 */
export async function runCommand(
  options: RunOptions,
  io: CliIO,
  signal?: AbortSignal,
): Promise<number> {
  if (options.judge) {
    const judge = await checkAvailability(options.judge);
    if (!judge.available) {
      throw new InputError(
        `nanograde run: the judge ${options.judge.id} cannot run here: ${judge.message}`,
      );
    }
  }
  const caseName = caseNameOf(options.prompt);
  // This process's own provider limits, with agent tests' defaults (cloud 8 at once, backing off
  // on rate limits; Ollama one per model): a single command has nobody to share them with.
  const slots = new ProviderSlots();
  const stopListening = onRateLimitSignal((news) => slots.report(news));

  const entries = await Promise.all(
    options.models.map(async (model): Promise<ReportEntry> => {
      const builder = new CaseRecordBuilder({
        case: caseName,
        model: model.id,
        provider: model.provider,
        ...(options.expect ? { expected: expectedLabel(options.expect) } : {}),
        ...(options.judge ? { judgeBars: [options.bar] } : {}),
      });
      const { record } = builder;
      // Nothing would check this run, whether or not it can run: the case's bar is none.
      const unchecked = !options.expect && !options.judge ? { notJudged: true as const } : {};
      const available = await checkAvailability(model);
      if (!available.available) {
        io.err(`${model.id}: skipped — ${available.message}\n`);
        builder.unavailable(available.reason, available.message);
        return { record, status: 'skipped', note: available.message, ...unchecked };
      }
      const slot = { pool: 'agent' as const, provider: model.provider, model: model.apiModel };
      const { run, missed, judgement } = await slots.run(slot, () =>
        runOne(model, options, io, signal),
      );
      builder.run(run);
      io.err(`${model.id}: ${summary(run)}\n`);
      if (run.error !== null) {
        return { record, status: 'failed', errors: [`${run.error.kind}: ${run.error.message}`] };
      }
      if (missed !== undefined) {
        io.err(`${model.id}: ${missed}\n`);
        return { record, status: 'failed', errors: [missed] };
      }
      if (!judgement) {
        return options.expect
          ? { record, status: 'passed' }
          : { record, status: 'passed', notJudged: true, note: NOT_JUDGED };
      }
      builder.judgement(judgement);
      io.err(`${model.id}: ${verdictLine(judgement)}\n`);
      if (judgement.grade !== null && meetsBar(judgement.grade, judgement.bar)) {
        return { record, status: 'passed' };
      }
      return { record, status: 'failed', errors: [verdictLine(judgement)] };
    }),
  ).finally(stopListening);

  const models = entries.map((entry) => entry.record.model);
  if (options.json) {
    // Each record with its verdict: passed, failed (and why), skipped, or not judged.
    const records = entries.map((entry) => ({
      ...entry.record,
      verdict: entry.notJudged && entry.status !== 'skipped' ? 'not judged' : entry.status,
      ...(entry.errors ? { errors: entry.errors } : {}),
    }));
    const printed = { prompt: options.prompt, workspace: options.workspace ?? null, records };
    io.out(`${JSON.stringify(redactJson(printed), null, 2)}\n`);
  } else {
    io.out(
      renderTerminal(redactJson(buildReport(entries, { notes: matrixNotes(models) })), {
        color: io.color,
        ...(io.columns === undefined ? {} : { width: io.columns }),
      }),
    );
  }
  const ran = entries.filter((entry) => entry.status !== 'skipped');
  if (ran.length === 0) {
    io.err('No model could run here; see the reasons above (nanograde models lists them all).\n');
    return 1;
  }
  return ran.every((entry) => entry.status === 'passed') ? 0 : 1;
}

async function checkAvailability(model: ResolvedModel): Promise<Availability> {
  try {
    return await availability(model);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { available: false, reason: 'not_configured', message };
  }
}

/** Runs the agent on a fresh copy of the workspace and, with a judge, grades what it did there. */
async function runOne(
  model: ResolvedModel,
  options: RunOptions,
  io: CliIO,
  signal: AbortSignal | undefined,
): Promise<Judged> {
  const workspace = await prepareWorkspace(options.workspace);
  try {
    const run = await runAgent({
      model,
      prompt: options.prompt,
      workspace: workspace.root,
      limits: {
        ...(options.maxTurns === undefined ? {} : { maxTurns: options.maxTurns }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      },
      modelOptions: options.modelOptions,
      ...(signal ? { signal } : {}),
      onProgress: (event) => io.err(`${model.id}: ${describeProgress(event)}\n`),
    });
    // A run that ended in an error, or missed --expect, is an F whatever it said: no need to pay
    // a judge for it.
    if (run.error !== null) return { run };
    const missed = options.expect ? missedExpectation(run.output, options.expect) : undefined;
    if (missed !== undefined) return { run, missed };
    if (!options.judge || signal?.aborted) return { run };
    const judgement = await gradeRun({
      // The judge sees the files as the agent left them, before the copy is removed.
      input: { run, includeToolCalls: true, files: await readWrittenFiles(run, workspace.root) },
      bar: options.bar,
      judge: options.judge,
      ...(signal ? { signal } : {}),
    }).catch((error: unknown) => {
      if (signal?.aborted) return undefined; // interrupted: the table shows the run unjudged
      throw error;
    });
    return judgement ? { run, judgement } : { run };
  } finally {
    await workspace.dispose();
  }
}

function summary(run: AgentRun): string {
  const outcome = run.error === null ? 'done' : `failed (${run.error.kind})`;
  const cost = run.costUsd === null ? 'cost unknown' : formatUsd(run.costUsd);
  return `${outcome} in ${run.turns} turn(s), ${formatDuration(run.durationMs)}, ${cost}`;
}

function verdictLine(judgement: JudgeRecord): string {
  if (judgement.grade === null) return `the judge could not grade the run: ${judgement.reason}`;
  const met = meetsBar(judgement.grade, judgement.bar) ? 'meets' : 'is below';
  return `judged ${judgement.grade} by ${judgement.judge} (${met} the bar ${judgement.bar}): ${judgement.reason}`;
}
