import { z } from 'zod';
import { describeOptionIssues } from '../config/option-issues.js';
import { NanogradeConfigError } from '../env/config-error.js';
import { RunBarsSchema } from '../gates/bars-schema.js';
import { ModelOptionsSchema } from '../models/model-options.js';
import { LimitsSchema } from '../records/agent-run.js';
import type { AgentCase } from './agent-case.js';

/**
 * The keys an `agentTest` case may have, each checked as far as this layer knows it; values
 * whose shape another part owns (custom tools, the system prompt, a user's agent) are checked
 * there, and model options against each model once the matrix is known. Strict: a misspelt key is an
 * error, never an option silently left at its default.
 */
export const AgentCaseSchema = z.strictObject({
  prompt: z.string(),
  workspace: z.string().min(1).optional(),
  models: z.array(z.string().min(1)).optional(),
  limits: LimitsSchema.strict().optional(),
  modelOptions: ModelOptionsSchema.optional(),
  expected: z.string().optional(),
  rubric: z.string().optional(),
  reference: z
    .strictObject({
      toolCalls: z
        .array(z.strictObject({ name: z.string().min(1), args: z.record(z.string(), z.unknown()) }))
        .optional(),
      answer: z.union([z.string(), z.function()]),
    })
    .optional(),
  repeats: z.number().optional(),
  minPass: z.number().optional(),
  bars: RunBarsSchema.optional(),
  /** The nano agent's custom tools, which file tools it keeps, its system prompt (issue 15). */
  tools: z.record(z.string(), z.unknown()).optional(),
  fileTools: z.unknown().optional(),
  system: z.unknown().optional(),
  /** A user's own agent, put on the matrix instead of the nano agent (issue 15). */
  agent: z.unknown().optional(),
});

/**
 * Checks an agentTest case before any test is registered: a problem throws a configuration
 * error naming the case and the key (the run exits 2, before any model call of that file).
 */
export function checkAgentCase(name: string, spec: unknown): AgentCase {
  const where = `agentTest(${JSON.stringify(name)})`;
  const parsed = AgentCaseSchema.safeParse(spec);
  if (!parsed.success) {
    const problems = describeOptionIssues(where, AgentCaseSchema, parsed.error);
    throw new NanogradeConfigError(problems.join('\n'));
  }
  if (parsed.data.prompt.trim() === '') {
    throw new NanogradeConfigError(`${where} has an empty prompt; say what the agent must do.`);
  }
  return spec as AgentCase;
}
