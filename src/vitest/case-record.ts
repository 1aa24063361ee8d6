import { z } from 'zod';
import { AgentRunSchema } from '../agent/run-types.js';

/**
 * What an agent test puts into its task meta for reporters: plain JSON, never live objects,
 * so it survives worker boundaries, blob reports and `--merge-reports`. Pass or fail is the
 * test's own result; this record says what ran and what the run did.
 */
export const CaseRecordSchema = z.object({
  schemaVersion: z.literal(1),
  case: z.string(),
  model: z.string(),
  provider: z.string(),
  /** Set when the model could not run here, with why and what to do. */
  unavailable: z.object({ reason: z.string(), message: z.string() }).optional(),
  run: AgentRunSchema.optional(),
  expected: z.string().optional(),
  rubric: z.string().optional(),
});
export type CaseRecord = z.infer<typeof CaseRecordSchema>;

declare module 'vitest' {
  interface TaskMeta {
    nanograde?: CaseRecord;
  }
}
