import { z } from 'zod';
import type { AgentRun } from '../records/agent-run.js';

/** One tool call of the run, as the MCP answer reports it. */
export const NanoAgentToolCallSchema = z.object({
  tool_name: z.string(),
  /** The parsed arguments, or the raw text when the model sent invalid JSON. */
  arguments: z.unknown(),
  ok: z.boolean(),
  error: z.string().nullable(),
  turn: z.number().int().positive(),
  duration_seconds: z.number().nonnegative(),
});

/**
 * Token counts as the seed system reported them. Parts are never added to totals:
 * `cached_tokens` and `cache_write_tokens` are inside `input_tokens`, `reasoning_tokens` inside
 * `output_tokens`; `total_tokens` = input + output. `total_cost` is USD, null when the price is unknown.
 */
export const NanoAgentTokenUsageSchema = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cached_tokens: z.number().int().nonnegative(),
  cache_write_tokens: z.number().int().nonnegative(),
  reasoning_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  total_cost: z.number().nonnegative().nullable(),
});

/** The answer of `prompt_nano_agent`: the seed system's JSON, with real turns and tool calls. */
export const NanoAgentResponseSchema = z.object({
  success: z.boolean(),
  /** The agent's final answer (on failure, its last text if it wrote any). */
  result: z.string().nullable(),
  error: z.string().nullable(),
  metadata: z.object({
    /** Canonical model id, e.g. `openai:gpt-5-mini`. */
    model: z.string(),
    provider: z.string(),
    turns: z.number().int().nonnegative(),
    token_usage: NanoAgentTokenUsageSchema,
    tool_calls: z.array(NanoAgentToolCallSchema),
    /** Why the run ended without an answer (max_turns, timeout, provider, …); null on success. */
    error_kind: z.string().nullable(),
    /**
     * For error_kind `provider`, what the provider did (`rate_limit`, `auth`, `network`, …), so
     * a caller can tell "try later" from "fix the key"; null otherwise.
     */
    provider_error_kind: z.string().nullable(),
  }),
  execution_time_seconds: z.number().nonnegative(),
});
export type NanoAgentResponse = z.infer<typeof NanoAgentResponseSchema>;

/** Turns a finished run into the seed system's response JSON. */
export function toNanoAgentResponse(run: AgentRun, provider: string): NanoAgentResponse {
  const { usage } = run;
  const success = run.error === null;
  return {
    success,
    result: success ? run.output : run.output === '' ? null : run.output,
    error: run.error === null ? null : run.error.message,
    metadata: {
      model: run.model,
      provider,
      turns: run.turns,
      token_usage: {
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
        cached_tokens: usage.cachedInputTokens,
        cache_write_tokens: usage.cacheWriteTokens,
        reasoning_tokens: usage.reasoningTokens,
        total_tokens: usage.inputTokens + usage.outputTokens,
        total_cost: run.costUsd,
      },
      tool_calls: run.toolCalls.map((call) => ({
        tool_name: call.name,
        arguments: call.args,
        ok: call.ok,
        error: call.error ?? null,
        turn: call.turn,
        duration_seconds: call.durationMs / 1000,
      })),
      error_kind: run.error?.kind ?? null,
      provider_error_kind: run.error?.provider?.kind ?? null,
    },
    execution_time_seconds: run.durationMs / 1000,
  };
}

/** The seed system's JSON for a call that failed before or outside a run (error_kind `internal`). */
export function failedNanoAgentResponse(
  model: { id: string; provider: string },
  message: string,
  durationMs: number,
): NanoAgentResponse {
  return {
    success: false,
    result: null,
    error: message,
    metadata: {
      model: model.id,
      provider: model.provider,
      turns: 0,
      token_usage: {
        input_tokens: 0,
        output_tokens: 0,
        cached_tokens: 0,
        cache_write_tokens: 0,
        reasoning_tokens: 0,
        total_tokens: 0,
        total_cost: null,
      },
      tool_calls: [],
      error_kind: 'internal',
      provider_error_kind: null,
    },
    execution_time_seconds: durationMs / 1000,
  };
}
