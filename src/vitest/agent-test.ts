import { isAbsolute, resolve } from 'node:path';
import { type ExpectStatic, expect, type TestContext, test } from 'vitest';
import { raceAbort } from '../agent/race-abort.js';
import { runAgent } from '../agent/run-agent.js';
import { type AgentRun, type Limits, type LimitsInput, parseLimits } from '../agent/run-types.js';
import { prepareWorkspace, type Workspace } from '../agent/workspace.js';
import { nanogradeVariable } from '../env/nanograde-env.js';
import {
  applyRecordedRun,
  openFixture,
  replayProvider,
  withFixture,
} from '../fixtures/agent-fixture.js';
import type { RunBars } from '../gates/bars-schema.js';
import { gatedRuns, gateRun, repeatPlan, repeatSuffix } from '../gates/gate-run.js';
import { type Catalog, createCatalog } from '../models/catalog.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { availability } from '../providers/availability.js';
import {
  createNullProvider,
  createReferenceProvider,
  type ReferenceSolution,
} from '../providers/builtin.js';
import type { Availability, ModelOptions, Provider } from '../providers/provider-types.js';
import { redactError, redactJson, redactText } from '../redaction/redact-secrets.js';
import type { CaseRecord } from './case-record.js';
import { checkClock } from './check-clock.js';
import { nanogradeMatchers } from './matchers/index.js';
import { settleJudgements } from './matchers/pending-judgements.js';
import { modelDisplayName, modelMatrix } from './model-matrix.js';
import { type NanogradeOptions, projectOptions } from './nanograde-options.js';
import { providerLimiters } from './semaphore.js';
import { readTaskFile } from './task-file.js';

expect.extend(nanogradeMatchers);

/** One agent task: what the agent is asked, where it works, and what it may spend. */
export interface AgentCase {
  prompt: string;
  /** A fixture folder (relative to the Vitest root, or absolute), copied fresh for every run. */
  workspace?: string;
  /** Narrows the model matrix to these models. */
  models?: string[];
  limits?: LimitsInput;
  modelOptions?: ModelOptions;
  /** The expected answer and the grading rubric, for the judge and the report. */
  expected?: string;
  rubric?: string;
  /**
   * The gold solution, run by the built-in `reference` model through the real loop and tools.
   * A sound case passes its checks on it and fails them on the built-in `null` model.
   */
  reference?: ReferenceSolution;
  /** Run each model this many times (default: `NANOGRADE_REPEATS`, the project's `repeats`, 1). */
  repeats?: number;
  /** How many of the repeats must pass (default: all); fewer failures are tolerated and reported. */
  minPass?: number;
  /** This case's bars (minimum grade, maximum cost and time per run); the project's `bars.cases` win. */
  bars?: RunBars;
}

/** What an agent test's check receives. */
export interface AgentTestContext {
  /** The finished run. */
  run: AgentRun;
  /** The folder the agent worked in (a fresh copy of the case's workspace). */
  workspace: string;
  /** The canonical model id, e.g. `openai:gpt-5-mini`. */
  model: string;
  /** The test's own expect, with nanograde's matchers. */
  expect: ExpectStatic;
  signal: AbortSignal;
}

/** Checks one model's run; throws (through `expect`) when the model did not do the job. */
export type AgentCheck = (context: AgentTestContext) => void | Promise<void>;

// Per worker; agentsProject() turns file parallelism off so these limits hold for the whole run.
const limiterFor = providerLimiters();
const availabilityChecks = new Map<string, Promise<Availability>>();
const catalogs = new Map<string, Catalog>();

/** The catalog with the project's overrides, built once per worker. */
function projectCatalog(options: NanogradeOptions): Catalog {
  const key = JSON.stringify(options.catalog ?? {});
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = createCatalog(options.catalog);
    catalogs.set(key, catalog);
  }
  return catalog;
}

function availabilityOf(model: ResolvedModel, catalog: Catalog): Promise<Availability> {
  let check = availabilityChecks.get(model.id);
  if (!check) {
    check = availability(model, { catalog });
    availabilityChecks.set(model.id, check);
  }
  return check;
}

/**
 * Registers an agent task as one concurrent Vitest test per model of the matrix, named
 * `<name> › <model>` (with `repeats: n`, n tests `<name> › <model> #i`). Each runs the nano agent on a fresh copy of the workspace, records the
 * run in task meta for the reporter, then runs `check`. A model that cannot run here is
 * skipped with its reason (or fails, with `NANOGRADE_REQUIRE=all`). A run that breaks a bar
 * (the project's `bars`, the case's `bars`, `minPass`) fails its test, the message naming the bar.
 */
export function agentTest(name: string, spec: AgentCase, check?: AgentCheck): void {
  if (spec.prompt.trim() === '') {
    throw new Error(`agentTest "${name}" has an empty prompt; say what the agent must do.`);
  }
  const options = projectOptions();
  let limits: Limits;
  try {
    limits = parseLimits(spec.limits);
  } catch (error) {
    throw new Error(`agentTest "${name}": ${(error as Error).message}`);
  }
  const catalog = projectCatalog(options);
  const models = modelMatrix(options.models, spec.models, { catalog });
  if (models.length === 0) {
    test.skip(`${name} › no model of the matrix is among the case's models (${spec.models})`);
    return;
  }
  const workspaceSource =
    spec.workspace === undefined
      ? undefined
      : isAbsolute(spec.workspace)
        ? spec.workspace
        : resolve(spec.workspace);
  const requireAll = (nanogradeVariable('NANOGRADE_REQUIRE') ?? options.require) === 'all';

  const plan = repeatPlan(name, spec, options.repeats);
  for (const gated of gatedRuns(name, models, plan, options.bars, spec.bars)) {
    const { model } = gated;
    const builtin = builtinOf(model);
    // The run bounds itself (limits.timeoutMs); waiting for a provider slot must not count.
    const title = `${name} › ${modelDisplayName(model)}${repeatSuffix(gated)}`;
    test.concurrent(title, { timeout: 0 }, async (context) => {
      const record: CaseRecord = {
        schemaVersion: 1,
        case: name,
        model: model.id,
        provider: model.provider,
        ...(builtin ? { builtin } : {}),
        ...(spec.expected === undefined ? {} : { expected: spec.expected }),
        ...(spec.rubric === undefined ? {} : { rubric: spec.rubric }),
        ...(gated.repeat ? { repeat: gated.repeat } : {}),
      };
      context.task.meta.nanograde = record;
      try {
        // Recorded traffic (NANOGRADE_FIXTURES): a replay needs no key, no network, no availability.
        const fixture = builtin
          ? undefined
          : await openFixture({
              caseName: name,
              model,
              testName: context.task.name,
              project: context.task.file.projectName,
            });
        const replaying = fixture?.mode === 'replay';
        const provider = builtin
          ? builtinProvider(builtin, spec.reference)
          : replaying
            ? replayProvider(model)
            : undefined;
        if (builtin && !provider) {
          const message =
            'the case has no reference solution; add `reference` to validate its checks';
          record.unavailable = { reason: 'no_reference', message };
          context.skip(message);
        }
        const available =
          builtin || replaying
            ? { available: true as const }
            : await availabilityOf(model, catalog);
        if (!available.available) {
          record.unavailable = { reason: available.reason, message: available.message };
          if (requireAll) {
            throw new Error(
              `${model.id} cannot run here (NANOGRADE_REQUIRE=all): ${available.message}`,
            );
          }
          context.skip(`${model.id} unavailable: ${available.message}`);
        }

        await withFixture(fixture, record, () =>
          limiterFor(model.provider, options.concurrency).run(async () => {
            const workspace = await prepareWorkspace(workspaceSource, {
              keep: options.keepWorkspaces ?? false,
            });
            try {
              const run = await runAgent({
                model,
                prompt: spec.prompt,
                workspace: workspace.root,
                limits,
                signal: context.signal,
                catalog,
                ...(provider ? { provider } : {}),
                ...(spec.modelOptions ? { modelOptions: spec.modelOptions } : {}),
              });
              applyRecordedRun(fixture, run);
              record.run = run;
              const checking = checkRun(context, check, run, workspace, model, limits.timeoutMs);
              if (builtin === 'null') await expectBrokenOnNull(name, checking, record);
              else if (builtin === 'reference')
                await expectSoundOnReference(name, checking, record);
              else
                await gateRun(checking, record, gated, (note) =>
                  context.annotate(redactText(note), 'warning'),
                );
            } finally {
              await workspace.dispose();
            }
          }),
        );
      } catch (error) {
        // Failure messages end up in files (JUnit, CI logs): no key the run read may reach them.
        throw redactError(error);
      } finally {
        // Task meta goes to reporters and blob reports: redacted like everything written.
        context.task.meta.nanograde = redactJson(record);
      }
    });
  }
}

type Builtin = 'reference' | 'null';

function builtinOf(model: ResolvedModel): Builtin | undefined {
  if (model.provider !== 'builtin') return undefined;
  return model.apiModel === 'null' ? 'null' : 'reference';
}

function builtinProvider(
  builtin: Builtin,
  reference: ReferenceSolution | undefined,
): Provider | undefined {
  if (builtin === 'null') return createNullProvider();
  return reference ? createReferenceProvider(reference) : undefined;
}

/** On `null` (an empty answer) a sound case's checks fail: that failure is the test passing. */
async function expectBrokenOnNull(name: string, checking: Promise<void>, record: CaseRecord) {
  const failed = await checking.then(
    () => false,
    () => true,
  );
  if (failed) return;
  record.brokenCase = 'the checks pass on an empty answer';
  throw new Error(
    `case "${name}" is broken: its checks pass on the null model's empty answer, so they cannot tell a model that did the job from one that did nothing. Assert something about the answer or the files it must write.`,
  );
}

/** On `reference` (the gold solution) a sound case's checks pass. */
async function expectSoundOnReference(name: string, checking: Promise<void>, record: CaseRecord) {
  try {
    await checking;
  } catch (error) {
    record.brokenCase = 'the gold solution fails its own checks';
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `case "${name}" is broken: the gold solution fails its own checks — fix the checks or the reference.\n${why}`,
    );
  }
}

async function checkRun(
  context: TestContext,
  check: AgentCheck | undefined,
  run: AgentRun,
  workspace: Workspace,
  model: ResolvedModel,
  timeoutMs: number,
): Promise<void> {
  if (check) {
    const checked = Promise.resolve(
      check({
        run,
        workspace: workspace.root,
        model: model.id,
        expect: context.expect,
        signal: context.signal,
      }),
    );
    // A check can run what the agent wrote; bound it like the run itself (judging aside).
    const clock = checkClock(context.task, timeoutMs);
    let failed = true;
    try {
      await raceAbort(checked, clock.signal);
      failed = false;
    } finally {
      clock.stop();
      // Before the gates read the verdicts: a judgement nobody awaited fails the test here.
      await settleJudgements(context.task, { testFailed: failed });
    }
  }
  // Checks that pass on a failed run (say, files written before a timeout) still fail the test.
  if (run.error) {
    throw new Error(`${model.id}: the run ended with ${run.error.kind}: ${run.error.message}`);
  }
}

/**
 * Registers an agent task written as Markdown: YAML front matter (`name`, `workspace`, `models`,
 * `limits`, `expected`, `rubric`) and the prompt as the body.
 */
agentTest.fromFile = (path: string, check?: AgentCheck): void => {
  const task = readTaskFile(path);
  agentTest(task.name, task.spec, check);
};
