import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** One agent run of the fault benchmark: a case on one model, judged or not. */
export const BenchRunSchema = z.object({
  /** The run's number, also in its prompt as its tag, `(run 0042)`. */
  n: z.number().int().nonnegative(),
  /** The case's name, e.g. `run 0042`; the report's records are found by it. */
  name: z.string(),
  prompt: z.string(),
  model: z.string(),
  /** The judge model, for a run whose check also asks `toJudgeAtLeast`. */
  judge: z.string().optional(),
});
export type BenchRun = z.infer<typeof BenchRunSchema>;

/** What the bench hands the child `vitest`: every run, their limits, the answer they must give. */
export const BenchManifestSchema = z.object({
  runs: z.array(BenchRunSchema),
  limits: z.object({
    maxTurns: z.number().int().positive(),
    timeoutMs: z.number().int().positive(),
  }),
  expected: z.string(),
});
export type BenchManifest = z.infer<typeof BenchManifestSchema>;

/** The manifest at `path` (FAULT_BENCH_MANIFEST in the child); throws saying what is wrong. */
export function readManifest(path: string | undefined): BenchManifest {
  if (!path) {
    throw new Error(
      'FAULT_BENCH_MANIFEST is not set: this project is run by `npm run bench:faults`, not by hand',
    );
  }
  return BenchManifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
