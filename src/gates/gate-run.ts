import { gradePerformance } from '../grading/performance-grade.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import type { RepeatInfo } from '../records/bar-check.js';
import type { CaseRecordBuilder } from '../records/case-record-builder.js';
import { PROVIDER_FACTS } from '../records/provider-facts.js';
import type { BarsConfig, RunBars } from './bars-schema.js';
import { checkRunBars } from './check-run-bars.js';
import { type ResolvedBars, resolveBars } from './resolve-bars.js';

/** The failures so far of one case × model's repeats (shared by its tests, all in one worker). */
export interface RepeatTally {
  of: number;
  minPass: number;
  failures: number;
}

/** One test of a case × model: the bars its run is held to and, with repeats, which run it is. */
export interface GatedRun {
  model: ResolvedModel;
  bars: ResolvedBars;
  repeat?: RepeatInfo;
  tally?: RepeatTally;
}

/** How many times a case runs each model, and how many of those runs must pass. */
export interface RepeatPlan {
  repeats: number;
  minPass: number;
}

/**
 * A case's repeats: its own `repeats`, else the project's (`NANOGRADE_REPEATS` or `repeats`),
 * else 1; `minPass` defaults to every run. Throws on values that cannot work.
 */
export function repeatPlan(
  name: string,
  spec: { repeats?: number | undefined; minPass?: number | undefined },
  projectRepeats: number | undefined,
): RepeatPlan {
  const repeats = spec.repeats ?? projectRepeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) {
    throw new Error(`agentTest "${name}": repeats must be a whole number 1–100, got ${repeats}`);
  }
  const minPass = spec.minPass ?? repeats;
  if (!Number.isInteger(minPass) || minPass < 1 || minPass > repeats) {
    throw new Error(
      `agentTest "${name}": minPass must be a whole number from 1 to the ${repeats} repeat(s), got ${minPass}`,
    );
  }
  return { repeats, minPass };
}

/**
 * The tests of a case: one per model, or with repeats one per model and run (`#1`…`#n`). The
 * built-ins (`reference`, `null`) are deterministic and run once.
 */
export function gatedRuns(
  name: string,
  models: readonly ResolvedModel[],
  plan: RepeatPlan,
  config: BarsConfig | undefined,
  caseBars: RunBars | undefined,
): GatedRun[] {
  return models.flatMap((model) => {
    const bars = resolveBars(config, name, model, caseBars);
    const repeats = PROVIDER_FACTS[model.provider].languageModel ? plan.repeats : 1;
    if (repeats === 1) return [{ model, bars }];
    const tally: RepeatTally = { of: repeats, minPass: plan.minPass, failures: 0 };
    return Array.from({ length: repeats }, (_, i) => ({
      model,
      bars,
      repeat: { index: i + 1, of: repeats, minPass: plan.minPass },
      tally,
    }));
  });
}

/** The suffix of a repeated test's name: ` #2`; nothing for a single run. */
export function repeatSuffix(run: GatedRun): string {
  return run.repeat ? ` #${run.repeat.index}` : '';
}

/**
 * Awaits a real model's checks, then holds the run to its bars (handed to the record's builder).
 * A failed check or bar fails the test — unless the case's `minPass` still tolerates a failure
 * among its repeats: then the failure is recorded (`toleratedFailure`, the report counts the
 * run as failed) and annotated, and the test passes. The run that breaks `minPass` fails with
 * a message naming the bar.
 */
export async function gateRun(
  checking: Promise<void>,
  builder: CaseRecordBuilder,
  gated: GatedRun,
  annotate: (message: string) => Promise<unknown>,
): Promise<void> {
  let failure: unknown;
  try {
    await checking;
  } catch (error) {
    failure = error;
  }
  const { record } = builder;
  if (failure === undefined && record.run) {
    const performance = gradePerformance({ record, status: 'passed' });
    const checks = checkRunBars(gated.bars, {
      grade: performance.grade,
      costUsd: record.run.costUsd,
      durationMs: record.run.durationMs,
    });
    if (checks.length > 0) builder.barChecks(checks);
    const broken = checks.filter((check) => !check.ok);
    if (broken.length > 0) {
      failure = new Error(`${record.model}: ${broken.map((check) => check.message).join('; ')}`);
    }
  }
  if (failure === undefined) return;
  const { tally, repeat } = gated;
  if (!tally || !repeat) throw failure;
  tally.failures++;
  const message = failure instanceof Error ? failure.message : String(failure);
  const tolerated = tally.of - tally.minPass;
  if (tally.failures <= tolerated) {
    builder.toleratedFailure([message]);
    await annotate(
      `run ${repeat.index} of ${repeat.of} failed, tolerated by minPass ${tally.minPass} of ${tally.of} (${tally.failures} of ${tolerated} failure(s) allowed): ${message}`,
    );
    return;
  }
  const bar = `bar minPass ${tally.minPass} of ${tally.of} failed: ${tally.failures} of ${tally.of} runs failed`;
  if (failure instanceof Error) {
    failure.message = `${bar}; this run (#${repeat.index}): ${failure.message}`;
    throw failure;
  }
  throw new Error(`${bar}; this run (#${repeat.index}): ${message}`);
}
