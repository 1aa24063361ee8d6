import { z } from 'zod';
import { GradeSchema } from '../records/grade.js';

/**
 * What one run must reach: a minimum performance grade, a maximum agent cost (USD) and a
 * maximum run time (ms). An unset bar does not gate; an unset `minGrade` leaves the case's own
 * `toJudgeAtLeast` bar (or its checks) as the only grade bar.
 */
export const RunBarsSchema = z.strictObject({
  minGrade: GradeSchema.optional(),
  maxCostUsd: z.number().nonnegative().optional(),
  maxDurationMs: z.number().positive().optional(),
});
export type RunBars = z.infer<typeof RunBarsSchema>;

/** Overrides per model: keys are model ids, patterns (`ollama:*`) or group names (`local`, `cloud`, or `groups`). */
const ModelOverridesSchema = z.record(z.string().min(1), RunBarsSchema);

/** Bars for the whole run of the suite, checked by the reporter at the end. */
export const SuiteBarsSchema = z.strictObject({
  /** The agents' total cost (judges apart). Runs with an unknown price make the bar fail: it cannot be checked. */
  maxCostUsd: z.number().nonnegative().optional(),
  /** The sum of every run's time (not the wall clock, which depends on concurrency). */
  maxDurationMs: z.number().positive().optional(),
  /** The share of real-model runs that must pass, 0–1. */
  minPassRate: z.number().min(0).max(1).optional(),
});
export type SuiteBars = z.infer<typeof SuiteBarsSchema>;

/**
 * The `bars` option of agentsProject(): defaults for every run, overrides per model or model
 * group, per case (and per model within a case), and bars for the whole suite.
 */
export const BarsConfigSchema = RunBarsSchema.extend({
  /** Named model groups: lists of model ids or patterns, e.g. `{ frontier: ['openai:gpt-5', 'anthropic:claude-opus-*'] }`. */
  groups: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).optional(),
  models: ModelOverridesSchema.optional(),
  cases: z
    .record(z.string().min(1), RunBarsSchema.extend({ models: ModelOverridesSchema.optional() }))
    .optional(),
  suite: SuiteBarsSchema.optional(),
});
export type BarsConfig = z.infer<typeof BarsConfigSchema>;

/** The name of a run bar, as reports and messages show it. */
export const RunBarNameSchema = z.enum(['minGrade', 'maxCostUsd', 'maxDurationMs']);
export type RunBarName = z.infer<typeof RunBarNameSchema>;
