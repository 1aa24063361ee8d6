import { z } from 'zod';
import { BarsConfigSchema } from '../gates/bars-schema.js';
import { CatalogOverridesSchema } from '../models/model-schema.js';
import { ConcurrencySchema } from '../providers/slot-limits.js';

/**
 * What a project can set for its agent tests; passed to the test workers through `provide`.
 * Strict: an unknown key is an error (a typo must not leave an option at its default).
 */
export const NanogradeOptionsSchema = z.strictObject({
  /** The model matrix; `NANOGRADE_MODELS` overrides it. Default: the catalog's default matrix. */
  models: z.array(z.string().min(1)).optional(),
  /**
   * The built-in `reference` and `null` models run with every matrix (they check that each case
   * can tell a good run from none) unless this is `false`.
   */
  builtins: z.boolean().optional(),
  /**
   * Provider limits across the whole run, per provider name: a number (the most at once) or
   * `{ max, per: 'provider' | 'model', adaptive, recoverMs }`. Defaults: cloud providers 8 at
   * once, backing off on rate limits; Ollama per model, `OLLAMA_NUM_PARALLEL` or 1.
   */
  concurrency: ConcurrencySchema.optional(),
  /** Agent tests of a worker doing their work at once (default 32); waiting for a provider slot does not count. */
  maxConcurrency: z.number().int().positive().optional(),
  /** `all`: a model that cannot run here fails instead of being skipped (`NANOGRADE_REQUIRE`). */
  require: z.enum(['all', 'available']).optional(),
  /** Keep each run's workspace copy (its path is printed) for debugging. */
  keepWorkspaces: z.boolean().optional(),
  /** The judge model of `toJudgeAtLeast`; NANOGRADE_JUDGE and the matcher's own option win. */
  judge: z.string().min(1).optional(),
  /** Models to add and prices to override (createCatalog's overrides: plain data). */
  catalog: CatalogOverridesSchema.optional(),
  /** Bars every run (and the suite) must hold: minimum grade, maximum cost and time, per model group and case. */
  bars: BarsConfigSchema.optional(),
  /** Runs of each case × model (a case's own `repeats` wins); `NANOGRADE_REPEATS` overrides it. */
  repeats: z.number().int().positive().max(100).optional(),
  /** A baseline report.json the reporter compares this run with (`NANOGRADE_BASELINE` overrides it). */
  baseline: z.string().min(1).optional(),
});
export type NanogradeOptions = z.infer<typeof NanogradeOptionsSchema>;
/** The options as written in a config (before defaults are filled in). */
export type NanogradeOptionsInput = z.input<typeof NanogradeOptionsSchema>;

declare module 'vitest' {
  interface ProvidedContext {
    nanograde: NanogradeOptions;
    /** Where the run-wide provider-slot coordinator listens (`127.0.0.1:<port>`), set by its global setup. */
    nanogradeSlots: string;
  }
}
