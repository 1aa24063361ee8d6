import { z } from 'zod';
import { MAX_TIMEOUT_MS } from './max-timeout.js';

/**
 * Token counts of a run, normalised across providers so nothing is counted twice:
 * `inputTokens` is every input token the model processed (fresh + cache reads + cache writes);
 * `cachedInputTokens` and `cacheWriteTokens` are parts of it. `outputTokens` is every token the
 * model produced; `reasoningTokens` is a part of it. Parts are never added to their totals.
 */
export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

/** A usage with every count at zero. */
export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
});

/** Adds two usages field by field. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

/** A tool call as the model asked for it: `arguments` is the raw JSON text it sent. */
export const ToolCallRequestSchema = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.string(),
});
export type ToolCallRequest = z.infer<typeof ToolCallRequestSchema>;

/**
 * One message of a run's conversation in a provider-neutral form. `native` keeps what a
 * provider must get back verbatim on the next turn (OpenAI reasoning items, Anthropic thinking
 * signatures); it is opaque JSON and only the provider that wrote it reads it.
 */
export const TranscriptMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({
    role: z.literal('assistant'),
    content: z.string(),
    reasoning: z.string().optional(),
    toolCalls: z.array(ToolCallRequestSchema),
    native: z.unknown().optional(),
  }),
  z.object({
    role: z.literal('tool'),
    toolCallId: z.string(),
    name: z.string(),
    content: z.string(),
    isError: z.boolean(),
  }),
]);
export type TranscriptMessage = z.infer<typeof TranscriptMessageSchema>;
export type AssistantMessage = Extract<TranscriptMessage, { role: 'assistant' }>;
export type ToolResultMessage = Extract<TranscriptMessage, { role: 'tool' }>;

/** A tool call as executed: `args` is the parsed object, or the raw text when it was not JSON. */
export const ToolCallRecordSchema = z.object({
  name: z.string(),
  args: z.unknown(),
  ok: z.boolean(),
  error: z.string().optional(),
  durationMs: z.number().nonnegative(),
  turn: z.number().int().positive(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecordSchema>;

/** How a provider request failed; `providerMessage` is the provider's own words. */
export const ProviderErrorKindSchema = z.enum([
  'auth',
  'rate_limit',
  'overloaded',
  'bad_request',
  'context_length',
  'not_found',
  'network',
  'server',
  /** The answer could not be read: not JSON, cut short, or not the API's shape. */
  'bad_response',
]);
export type ProviderErrorKind = z.infer<typeof ProviderErrorKindSchema>;

/**
 * Why a run ended without an answer. `output_limit`: a turn hit its output token limit (tool calls
 * it held are not executed); `refusal`: the model declined or a content filter stopped it;
 * `empty_answer`: the model ended having only reasoned — no text, no tool call.
 */
export const RunErrorSchema = z.object({
  kind: z.enum([
    'max_turns',
    'timeout',
    'budget',
    'output_limit',
    'aborted',
    'refusal',
    'empty_answer',
    'provider',
    // The user's own agent (agentTest's `agent`) threw, or returned something that is no answer.
    'agent',
  ]),
  message: z.string(),
  provider: z
    .object({
      kind: ProviderErrorKindSchema,
      status: z.number().int().optional(),
      providerMessage: z.string(),
    })
    .optional(),
});
export type RunError = z.infer<typeof RunErrorSchema>;

/** The outcome of one agent run: JSON-serialisable, so reports and re-grading need no live objects. */
export const AgentRunSchema = z.object({
  model: z.string(),
  output: z.string(),
  turns: z.number().int().nonnegative(),
  toolCalls: z.array(ToolCallRecordSchema),
  usage: UsageSchema,
  /** USD; null when the model's price is unknown (never a silent 0 for a paid model). */
  costUsd: z.number().nonnegative().nullable(),
  durationMs: z.number().nonnegative(),
  transcript: z.array(TranscriptMessageSchema),
  error: RunErrorSchema.nullable(),
});
export type AgentRun = z.infer<typeof AgentRunSchema>;

/** A timeout in ms: a whole number from 1 to MAX_TIMEOUT_MS. */
export const TimeoutMsSchema = z
  .number()
  .int()
  .positive()
  .max(MAX_TIMEOUT_MS, `at most ${MAX_TIMEOUT_MS} ms (about 24.8 days), the longest a timer waits`);

/** Limits of one run; each one ends the run with a classified error, never a hang. */
export const LimitsSchema = z.object({
  maxTurns: z.number().int().positive().default(20),
  timeoutMs: TimeoutMsSchema.default(300_000),
  maxOutputTokensPerTurn: z.number().int().positive().default(8_192),
  maxCostUsd: z.number().positive().optional(),
});
export type Limits = z.infer<typeof LimitsSchema>;
export type LimitsInput = z.input<typeof LimitsSchema>;

/** The limits checked and completed with defaults; a RangeError names each bad one. */
export function parseLimits(limits: LimitsInput | undefined): Limits {
  const parsed = LimitsSchema.safeParse(limits ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `limits.${issue.path.join('.')}: ${issue.message}`,
  );
  throw new RangeError(`invalid limits: ${problems.join('; ')}`);
}
