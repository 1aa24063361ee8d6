import { isAbsolute, resolve } from 'node:path';
import { expect, type TestContext, test } from 'vitest';
import { raceAbort } from '../agent/race-abort.js';
import { runAgent } from '../agent/run-agent.js';
import { prepareWorkspace, type Workspace } from '../agent/workspace.js';
import { applyRecordedRun, openCassette, withCassette } from '../cassettes/case-cassette.js';
import type { NanogradeOptions } from '../config/nanograde-options.js';
import { gatedRuns, gateRun, repeatPlan, repeatSuffix } from '../gates/gate-run.js';
import { type Catalog, createCatalog } from '../models/catalog.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { availability } from '../providers/availability.js';
import {
  createNullProvider,
  createReferenceProvider,
  type ReferenceSolution,
} from '../providers/builtin/adapter.js';
import type { Availability, Provider } from '../providers/provider-types.js';
import { replayProviderFor } from '../providers/registry.js';
import { type AgentRun, LimitsSchema } from '../records/agent-run.js';
import { CaseRecordBuilder } from '../records/case-record-builder.js';
import type { AgentCase, AgentCheck } from './agent-case.js';
import { attachCaseRecord } from './case-meta.js';
import { nanogradeMatchers } from './matchers/index.js';
import { modelDisplayName, modelMatrix } from './model-matrix.js';
import { projectOptions } from './project-options.js';
import { readTaskFile } from './task-file.js';
import { holdingSlots } from './worker-slots.js';

expect.extend(nanogradeMatchers);

// Per worker, kept across its test files (agentsProject does not isolate them): a model's
// availability and the catalog do not change during a run.
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
  const limits = LimitsSchema.parse(spec.limits ?? {});
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
  const requireAll = (process.env.NANOGRADE_REQUIRE ?? options.require) === 'all';

  const plan = repeatPlan(name, spec, options.repeats);
  for (const gated of gatedRuns(name, models, plan, options.bars, spec.bars)) {
    const { model } = gated;
    const builtin = builtinOf(model);
    // The run bounds itself (limits.timeoutMs); waiting for a provider slot must not count.
    const title = `${name} › ${modelDisplayName(model)}${repeatSuffix(gated)}`;
    test.concurrent(title, { timeout: 0 }, async (context) => {
      const record = new CaseRecordBuilder({
        case: name,
        model: model.id,
        provider: model.provider,
        builtin,
        expected: spec.expected,
        rubric: spec.rubric,
        repeat: gated.repeat,
      });
      attachCaseRecord(context.task, record);

      // Recorded traffic (NANOGRADE_FIXTURES): a replay needs no key, no network, no availability.
      const cassette = builtin
        ? undefined
        : await openCassette({
            caseName: name,
            model,
            testName: context.task.name,
            project: context.task.file.projectName,
          });
      const replaying = cassette?.mode === 'replay';
      const provider = builtin
        ? builtinProvider(builtin, spec.reference)
        : replaying
          ? replayProviderFor(model)
          : undefined;
      if (builtin && !provider) {
        const message =
          'the case has no reference solution; add `reference` to validate its checks';
        record.unavailable('no_reference', message);
        context.skip(message);
      }
      const available =
        builtin || replaying ? { available: true as const } : await availabilityOf(model, catalog);
      if (!available.available) {
        record.unavailable(available.reason, available.message);
        if (requireAll) {
          throw new Error(
            `${model.id} cannot run here (NANOGRADE_REQUIRE=all): ${available.message}`,
          );
        }
        context.skip(`${model.id} unavailable: ${available.message}`);
      }

      // A replay and a built-in send nothing to a provider: they need no provider slot.
      const slot =
        builtin || replaying
          ? undefined
          : { pool: 'agent' as const, provider: model.provider, model: model.apiModel };
      await withCassette(cassette, record, () =>
        holdingSlots(options, slot, context.signal, async () => {
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
            applyRecordedRun(cassette, run);
            record.run(run);
            const checking = checkRun(context, check, run, workspace, model, limits.timeoutMs);
            if (builtin === 'null') await expectBrokenOnNull(name, checking, record);
            else if (builtin === 'reference') await expectSoundOnReference(name, checking, record);
            else
              await gateRun(checking, record, gated, (note) => context.annotate(note, 'warning'));
          } finally {
            await workspace.dispose();
          }
        }),
      );
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
async function expectBrokenOnNull(
  name: string,
  checking: Promise<void>,
  record: CaseRecordBuilder,
) {
  const failed = await checking.then(
    () => false,
    () => true,
  );
  if (failed) return;
  record.brokenCase('the checks pass on an empty answer');
  throw new Error(
    `case "${name}" is broken: its checks pass on the null model's empty answer, so they cannot tell a model that did the job from one that did nothing. Assert something about the answer or the files it must write.`,
  );
}

/** On `reference` (the gold solution) a sound case's checks pass. */
async function expectSoundOnReference(
  name: string,
  checking: Promise<void>,
  record: CaseRecordBuilder,
) {
  try {
    await checking;
  } catch (error) {
    record.brokenCase('the gold solution fails its own checks');
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
    // A check can run what the agent wrote; bound it like the run itself.
    const checked = Promise.resolve(
      check({
        run,
        workspace: workspace.root,
        model: model.id,
        expect: context.expect,
        signal: context.signal,
      }),
    );
    await raceAbort(checked, AbortSignal.timeout(timeoutMs));
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
