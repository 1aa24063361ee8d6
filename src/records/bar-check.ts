import { z } from 'zod';

/** One bar checked on one run (or on the suite): the limit, what was measured, whether it held. */
export const BarCheckSchema = z.object({
  bar: z.enum(['minGrade', 'maxCostUsd', 'maxDurationMs', 'minPass', 'minPassRate']),
  /** The limit, as text (`B`, `$0.05`, `30.0s`, `2 of 3`). */
  limit: z.string(),
  /** What was measured, as text; `unknown` or `unscored` when it could not be measured. */
  actual: z.string(),
  ok: z.boolean(),
  /** Where the limit was set: `bars`, `bars.models["local"]`, `case`, `bars.suite`, … */
  source: z.string(),
  message: z.string(),
});
export type BarCheck = z.infer<typeof BarCheckSchema>;

/** Which repeat of a case × model a run is (1-based), and how many passes the case requires. */
export const RepeatInfoSchema = z.object({
  index: z.number().int().positive(),
  of: z.number().int().positive(),
  minPass: z.number().int().positive(),
});
export type RepeatInfo = z.infer<typeof RepeatInfoSchema>;
