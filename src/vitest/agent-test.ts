import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { expect, type TestContext, test } from 'vitest';
import { raceAbort } from '../agent/race-abort.js';
import { runAgent } from '../agent/run-agent.js';
import { fileToolNames } from '../agent/tool-schemas.js';
import { buildToolset, type Toolset, ToolsetError } from '../agent/toolset.js';
import { prepareWorkspace, type Workspace } from '../agent/workspace.js';
import { applyRecordedRun, openCassette, withCassette } from '../cassettes/case-cassette.js';
import {
  type CustomAgentRun,
  customAgentName,
  runCustomAgent,
} from '../cassettes/run-custom-agent.js';
import type { NanogradeOptions } from '../config/nanograde-options.js';
import { NanogradeConfigError } from '../env/config-error.js';
import { nanogradeVariable } from '../env/nanograde-env.js';
import { type GatedRun, gatedRuns, gateRun, repeatPlan, repeatSuffix } from '../gates/gate-run.js';
import { type Catalog, createCatalog } from '../models/catalog.js';
import { checkModelOptions, ModelOptionsError } from '../models/model-options.js';
import { capabilitiesOf, type ResolvedModel } from '../models/resolve-model.js';
import { availability } from '../providers/availability.js';
import {
  createNullProvider,
  createReferenceProvider,
  type ReferenceSolution,
} from '../providers/builtin/adapter.js';
import type { Availability, Provider } from '../providers/provider-types.js';
import { replayProviderFor } from '../providers/registry.js';
import { type AgentRun, type Limits, parseLimits } from '../records/agent-run.js';
import type { AgentInfo } from '../records/case-record.js';
import { CaseRecordBuilder, type CaseRecordStart } from '../records/case-record-builder.js';
import { redactError, redactJson, redactText } from '../redaction/redact-secrets.js';
import type { AgentCase, AgentCheck } from './agent-case.js';
import { checkAgentCase } from './agent-case-schema.js';
import { type Builtin, CaseGate } from './case-gate.js';
import { missingJudge, needsProjectJudge } from './case-judge.js';
import { attachCaseRecord, sealCaseRecord } from './case-meta.js';
import { checkClock } from './check-clock.js';
import { declaredJudgeBars } from './declared-judge-bars.js';
import { nanogradeMatchers } from './matchers/index.js';
import { MatcherUsageError } from './matchers/matcher-usage-error.js';
import { settleJudgements } from './matchers/pending-judgements.js';
import { modelDisplayName, modelMatrix } from './model-matrix.js';
import { projectOptions, runContext } from './project-options.js';
import { annotateRun } from './run-annotations.js';
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
 * What agentTest and each of its modifiers do (see agentTest): the case is checked when it is
 * registered, whatever its mode; with mode skip or todo its tests are registered as such, each
 * with its record, and nothing runs.
 */
function registerCase(
  name: string,
  spec: AgentCase,
  check: AgentCheck | undefined,
  mode: CaseMode,
) {
  checkAgentCase(name, spec);
  const options = projectOptions();
  let limits: Limits;
  try {
    limits = parseLimits(spec.limits);
  } catch (error) {
    throw new Error(`agentTest "${name}": ${(error as Error).message}`);
  }
  const agentInfo = checkedAgent(name, spec);
  const catalog = projectCatalog(options);
  const models = modelMatrix(options.models, spec.models, {
    catalog,
    builtins: options.builtins,
    caseName: name,
  });
  if (models.length === 0) {
    test.skip(`${name} › no model of the matrix is among the case's models (${spec.models})`);
    return;
  }
  checkCaseOptions(name, spec, models, limits.maxOutputTokensPerTurn);
  const workspaceSource =
    spec.workspace === undefined
      ? undefined
      : isAbsolute(spec.workspace)
        ? spec.workspace
        : resolve(spec.workspace);
  // A case that does not run needs no seed yet (its typos above still stop the run).
  if (mode.kind === 'run' || mode.kind === 'only') {
    checkWorkspaceSeed(name, spec.workspace, workspaceSource);
  }
  const requireAll = (nanogradeVariable('NANOGRADE_REQUIRE') ?? options.require) === 'all';
  const facts = runContext();

  const plan = repeatPlan(name, spec, options.repeats);
  const judgeBars = declaredJudgeBars(check);
  const judgeNeeded = needsProjectJudge(check, judgeBars);
  // The built-ins first: their tests start before the real models' that wait for them, in any
  // concurrency limit or order Vitest runs them in. (Reports list them last.)
  const runs = gatedRuns(name, models, plan, options.bars, spec.bars).sort(
    (a, b) => Number(builtinOf(b.model) !== undefined) - Number(builtinOf(a.model) !== undefined),
  );
  const testTitle = (gated: GatedRun) =>
    `${name} › ${modelDisplayName(gated.model)}${repeatSuffix(gated)}`;
  const builtinTitles = new Map(
    runs.flatMap((gated) => {
      const builtin = builtinOf(gated.model);
      return builtin ? [[builtin, testTitle(gated)] as const] : [];
    }),
  );
  const gate = builtinTitles.size > 0 ? new CaseGate(builtinTitles) : undefined;
  for (const gated of runs) {
    const { model } = gated;
    const builtin = builtinOf(model);
    const title = testTitle(gated);
    const start: CaseRecordStart = {
      case: name,
      model: model.id,
      provider: model.provider,
      builtin,
      // Built-ins run the case's gold solution (or nothing), not the agent under test.
      agent: builtin ? undefined : agentInfo,
      expected: spec.expected,
      rubric: spec.rubric,
      judgeBars: judgeBars,
      repeat: gated.repeat,
    };
    if (mode.kind === 'skip' || mode.kind === 'todo') {
      registerNotRun(title, start, mode);
      continue;
    }
    const only = mode.kind === 'only' ? { only: true } : {};
    // The run bounds itself (limits.timeoutMs); waiting for a provider slot must not count.
    test(title, { concurrent: true, timeout: 0, ...only }, async (context) => {
      // Whatever way the built-in's test ends, the real models waiting on it go on.
      if (builtin) {
        context.onTestFinished(() =>
          gate?.settle(builtin, context.task.meta.nanograde?.brokenCase),
        );
      }
      const record = new CaseRecordBuilder(start);
      attachCaseRecord(context.task, record);
      if (workspaceSource !== undefined) context.task.meta.nanogradeWorkspace = workspaceSource;
      try {
        // Before anything that could reach a provider (or take a slot): a broken case pays no model.
        const broken = builtin ? undefined : await gate?.brokenReason(context.task, context.signal);
        if (broken !== undefined) {
          const message = `case broken: ${broken}; fix the case, no model was paid`;
          record.unavailable('case_broken', message);
          context.skip(message);
        }
        // Recorded traffic (NANOGRADE_FIXTURES): a replay needs no key, no network, no availability.
        // In watch mode, a case × model without a cassette goes through the response cache.
        const cassette = builtin
          ? undefined
          : await openCassette({
              caseName: name,
              model,
              testName: context.task.name,
              project: context.task.file.projectName,
              repeat: gated.repeat?.index,
              ...(facts.watch && facts.cacheDir !== ''
                ? {
                    devCache: {
                      dir: facts.cacheDir,
                      workspace: workspaceSource,
                      repeat: gated.repeat?.index,
                    },
                  }
                : {}),
            });
        const replaying = cassette?.mode === 'replay';
        // A run the cache holds makes no request, not even the availability probe.
        const cached = cassette?.mode === 'cache' && cassette.cassette !== undefined;
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
        if (!builtin && !replaying && !facts.live.allowed) {
          record.unavailable('not_selected', facts.live.reason);
          context.skip(facts.live.reason);
        }
        const available =
          builtin || replaying || cached
            ? { available: true as const }
            : await availabilityOf(model, catalog);
        if (!available.available) {
          record.unavailable(available.reason, available.message);
          if (requireAll) {
            throw new Error(
              `${model.id} cannot run here (NANOGRADE_REQUIRE=all): ${available.message}`,
            );
          }
          context.skip(`${model.id} unavailable: ${available.message}`);
        }
        // A run that no judge could grade would end unscored after its model was paid.
        const noJudge =
          builtin || replaying || cached || !judgeNeeded
            ? undefined
            : await missingJudge(options.judge, catalog);
        if (noJudge !== undefined) {
          const message = `no judge can grade this case's toJudgeAtLeast here, so no model was paid: ${noJudge}`;
          record.unavailable('no_judge', message);
          if (requireAll) throw new Error(`${model.id} (NANOGRADE_REQUIRE=all): ${message}`);
          context.skip(message);
        }

        // A replay, a cached run and a built-in send nothing to a provider: they take no slot.
        const slot =
          builtin || replaying || cached
            ? undefined
            : { pool: 'agent' as const, provider: model.provider, model: model.apiModel };
        await withCassette(cassette, record, () =>
          holdingSlots(options, slot, context.signal, async () => {
            const workspace = await prepareWorkspace(workspaceSource, {
              keep: options.keepWorkspaces ?? false,
            });
            try {
              const run =
                spec.agent && !builtin
                  ? noteMetering(
                      await runCustomAgent({
                        agent: spec.agent,
                        model,
                        prompt: spec.prompt,
                        workspace: workspace.root,
                        limits,
                        signal: context.signal,
                        catalog,
                        replay: replaying,
                      }),
                      (note) => context.annotate(redactText(note), 'warning'),
                    )
                  : await runAgent({
                      model,
                      prompt: spec.prompt,
                      workspace: workspace.root,
                      limits,
                      signal: context.signal,
                      catalog,
                      ...(provider ? { provider } : {}),
                      ...(spec.modelOptions ? { modelOptions: spec.modelOptions } : {}),
                      ...(spec.tools ? { tools: spec.tools } : {}),
                      ...(spec.fileTools === undefined ? {} : { fileTools: spec.fileTools }),
                      ...(spec.system === undefined ? {} : { system: spec.system }),
                    });
              applyRecordedRun(cassette, run);
              record.run(run);
              const checking = checkRun(context, check, run, workspace, model, limits.timeoutMs);
              let passed = false;
              try {
                if (builtin === 'null') await expectBrokenOnNull(name, checking, record);
                else if (builtin === 'reference')
                  await expectSoundOnReference(name, checking, record);
                else
                  await gateRun(checking, record, gated, (note) =>
                    context.annotate(redactText(note), 'warning'),
                  );
                passed = true;
              } finally {
                await annotateRun(context, record.record, passed);
              }
            } finally {
              await workspace.dispose();
            }
          }),
        );
      } catch (error) {
        // Failure messages end up in files (JUnit, CI logs): no key the run read may reach them.
        throw redactError(error);
      } finally {
        sealCaseRecord(context.task, record);
      }
    });
  }
}

/**
 * A case's modelOptions must suit every model it runs on: checked when the case is registered,
 * before any request, so a value a model rejects is a configuration error, not a failed run.
 */
function checkCaseOptions(
  name: string,
  spec: AgentCase,
  models: readonly ResolvedModel[],
  maxOutputTokens: number,
): void {
  if (spec.modelOptions === undefined) return;
  const problems = models.flatMap((model) => {
    try {
      const capabilities = capabilitiesOf(model);
      checkModelOptions(
        { id: model.id, provider: model.provider, capabilities },
        spec.modelOptions,
        maxOutputTokens,
      );
      return [];
    } catch (error) {
      if (error instanceof ModelOptionsError) return [error.message];
      throw error;
    }
  });
  if (problems.length > 0) {
    throw new NanogradeConfigError(
      `agentTest "${name}": ${problems.join(' ')} Change modelOptions, or narrow the case's models to those that take them.`,
    );
  }
}

/**
 * A workspace seed that is not a folder is a configuration error, found when the file is
 * collected (exit 2, once), rather than the same failure in every test of the case.
 */
function checkWorkspaceSeed(name: string, given: string | undefined, source: string | undefined) {
  if (given === undefined || source === undefined) return;
  if (statSync(source, { throwIfNoEntry: false })?.isDirectory()) return;
  const what = existsSync(source) ? 'is not a folder' : 'does not exist';
  throw new NanogradeConfigError(
    `agentTest("${name}"): workspace '${given}' ${what} (${source}); create the folder, or point workspace at an existing one (relative paths start at the Vitest root).`,
  );
}

/**
 * What the case tests, checked when it is registered: the user's own agent, or the nano agent
 * with the tools and prompt the case chose (a bad tool set fails here, before any model call).
 */
function checkedAgent(name: string, spec: AgentCase): AgentInfo {
  if (spec.agent !== undefined) {
    if (typeof spec.agent !== 'function') {
      throw new TypeError(
        `agentTest "${name}": agent must be a function ({ prompt, workspace, model, signal }) => answer`,
      );
    }
    const nanoOptions = (['tools', 'fileTools', 'system'] as const).filter(
      (key) => spec[key] !== undefined,
    );
    if (nanoOptions.length > 0) {
      throw new TypeError(
        `agentTest "${name}": ${nanoOptions.join(', ')} configure the nano agent and do not apply to your own agent (agent); give your agent its tools and prompt itself`,
      );
    }
    return { kind: 'custom', name: customAgentName(spec.agent) };
  }
  let toolset: Toolset;
  try {
    toolset = buildToolset(spec);
  } catch (error) {
    if (error instanceof ToolsetError)
      throw new ToolsetError(`agentTest "${name}": ${error.message}`);
    throw error;
  }
  return {
    kind: 'nano',
    ...(toolset.customTools.length > 0 ? { customTools: toolset.customTools } : {}),
    ...(toolset.fileTools.length === fileToolNames.length ? {} : { fileTools: toolset.fileTools }),
    ...(spec.system === undefined ? {} : { customSystem: true as const }),
  };
}

/** A custom agent's run, with a warning on the test where the meter could not see everything. */
function noteMetering(
  { run, turnsWithoutUsage }: CustomAgentRun,
  warn: (note: string) => unknown,
): AgentRun {
  if (run.turns === 0 && run.error === null) {
    warn(
      `no model request of ${run.model} reached nanograde's meter: hand your SDK model.baseURL (or model.fetch) so its traffic is measured (until then its cost is unknown)`,
    );
  }
  if (turnsWithoutUsage > 0) {
    warn(
      `${turnsWithoutUsage} of ${run.turns} model answers carried no usage (a Chat Completions stream needs stream_options: { include_usage: true }), so the run's cost is unknown`,
    );
  }
  return run;
}

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
  const failure = await checking.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (failure?.error instanceof MatcherUsageError) throwMisused(name, failure.error, record);
  if (failure) return;
  record.brokenCase('the checks pass on an empty answer');
  // A judge is not asked on the built-ins (toJudgeAtLeast passes them ungraded), so a case judged
  // and nothing else lands here although its author did assert something: say so.
  const judgedOnly = record.record.judgements?.some((verdict) => verdict.status === 'ungraded')
    ? ' toJudgeAtLeast does not ask a judge about the built-ins (it passes them ungraded), so add a check an empty answer fails, such as expect(run).toFollowFormat(/\\S/), or give it an oracle.'
    : '';
  throw new Error(
    `case "${name}" is broken: its checks pass on the null model's empty answer, so they cannot tell a model that did the job from one that did nothing. Assert something about the answer or the files it must write.${judgedOnly}`,
  );
}

/**
 * A check used a matcher wrongly (a misspelt option, say): no run can pass such a case, and an
 * empty answer failing it proves nothing. The case is broken, whichever built-in found it.
 */
function throwMisused(name: string, error: MatcherUsageError, record: CaseRecordBuilder): never {
  record.brokenCase(`a check is misused: ${error.message}`);
  throw new Error(`case "${name}" is broken: a check is misused — ${error.message}`, {
    cause: error,
  });
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
    if (error instanceof MatcherUsageError) throwMisused(name, error, record);
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
 * How Vitest is to treat a case's tests: run them, run only them (`.only`: the file's other
 * tests are skipped), or register them without running (`.skip`, `.todo`; `by` names the
 * modifier, for the report).
 */
type CaseMode =
  | { kind: 'run' | 'only' }
  | { kind: 'skip' | 'todo'; by: 'skip' | 'skipIf' | 'runIf' | 'todo' };

/**
 * A test that does not run, with its record in task meta from the start (set when the test is
 * registered: its body never runs), so the report lists it as skipped and why — no model call,
 * no grade, neither passed nor failed.
 */
function registerNotRun(
  title: string,
  start: CaseRecordStart,
  mode: Extract<CaseMode, { kind: 'skip' | 'todo' }>,
): void {
  const record = new CaseRecordBuilder(start);
  const word = mode.kind === 'todo' ? 'todo' : 'skipped';
  record.unavailable(
    mode.kind === 'todo' ? 'todo' : 'skipped_by_test',
    `${word} (agentTest.${mode.by})`,
  );
  test(title, { [mode.kind]: true, meta: { nanograde: redactJson(record.record) } });
}

/** A case the author has yet to write (no case given): one todo test per model of the project. */
function registerTodo(name: string): void {
  const options = projectOptions();
  const models = modelMatrix(options.models, undefined, {
    catalog: projectCatalog(options),
    builtins: options.builtins,
    caseName: name,
  });
  for (const model of models) {
    registerNotRun(
      `${name} › ${modelDisplayName(model)}`,
      { case: name, model: model.id, provider: model.provider, builtin: builtinOf(model) },
      { kind: 'todo', by: 'todo' },
    );
  }
}

/** agentTest, or one of its modifiers: registers a case written in code or in a Markdown file. */
export interface AgentTestFunction {
  (name: string, spec: AgentCase, check?: AgentCheck): void;
  /**
   * Registers an agent task written as Markdown: YAML front matter (`name`, `workspace`,
   * `models`, `limits`, `expected`, `rubric`, `reference`) and the prompt as the body.
   */
  fromFile(path: string, check?: AgentCheck): void;
}

/** `agentTest` with Vitest's modifiers, which mean what they mean on Vitest's `test`. */
export interface AgentTestAPI extends AgentTestFunction {
  /** The case's tests are registered and skipped: no model call; the report lists them as skipped. */
  skip: AgentTestFunction;
  /**
   * Only this case's tests (and other `.only` ones) run in its file; the rest are skipped. As with
   * Vitest's `.only`, a run on CI (`CI` set) refuses it unless `--allowOnly` is given.
   */
  only: AgentTestFunction;
  /** A case still to write: its tests show as todo; the case, when given, is checked but not run. */
  todo(name: string, spec?: AgentCase, check?: AgentCheck): void;
  /** Skips the case when `condition` is truthy (else registers it as agentTest does). */
  skipIf(condition: unknown): AgentTestFunction;
  /** Runs the case only when `condition` is truthy (else skips it). */
  runIf(condition: unknown): AgentTestFunction;
}

function agentTestIn(mode: CaseMode): AgentTestFunction {
  const register = (name: string, spec: AgentCase, check?: AgentCheck) =>
    registerCase(name, spec, check, mode);
  return Object.assign(register, {
    fromFile: (path: string, check?: AgentCheck) => {
      const task = readTaskFile(path);
      register(task.name, task.spec, check);
    },
  });
}

const RUN: CaseMode = { kind: 'run' };

/**
 * Registers an agent task as one concurrent Vitest test per model of the matrix, named
 * `<name> › <model>` (with `repeats: n`, `<name> › <model> #i`). Each runs the agent on a fresh
 * copy of the workspace, records the run for the reporter, then runs `check`. A model that
 * cannot run here is skipped with its reason (or fails, with `NANOGRADE_REQUIRE=all`); a run that
 * breaks a bar fails its test, naming the bar. The real models wait for the built-ins (see
 * CaseGate): a case they find broken pays no model. `.skip`, `.only`, `.todo`, `.skipIf` and
 * `.runIf` work as on Vitest's `test`; `.fromFile` reads a task from Markdown.
 */
export const agentTest: AgentTestAPI = Object.assign(agentTestIn(RUN), {
  skip: agentTestIn({ kind: 'skip', by: 'skip' }),
  only: agentTestIn({ kind: 'only' }),
  todo: (name: string, spec?: AgentCase) =>
    spec === undefined
      ? registerTodo(name)
      : registerCase(name, spec, undefined, { kind: 'todo', by: 'todo' }),
  skipIf: (condition: unknown) => agentTestIn(condition ? { kind: 'skip', by: 'skipIf' } : RUN),
  runIf: (condition: unknown) => agentTestIn(condition ? RUN : { kind: 'skip', by: 'runIf' }),
});
