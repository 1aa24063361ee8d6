import { z } from 'zod';
import { MIN_OLLAMA_NUM_CTX } from '../env/nanograde-env.js';
import type { ProviderName } from '../records/provider-facts.js';
import {
  acceptsSampling,
  type Capabilities,
  EFFORTS,
  type Effort,
  EffortSchema,
  effortBelow,
  THINKING_MODES,
  ThinkingModeSchema,
} from './capabilities.js';

/** A manual (`enabled`) thinking budget is at least this many tokens (Anthropic's minimum). */
export const MIN_THINKING_BUDGET = 1_024;

const RENAMED: Record<string, string> = {
  reasoningEffort: `modelOptions.reasoningEffort was renamed to effort (one of ${EFFORTS.join(', ')}; each model accepts some of them)`,
};

/** Per-model knobs; each is checked against the model's capabilities before any request. */
export const ModelOptionsSchema = z.strictObject(
  {
    /** Reasoning effort: OpenAI `reasoning.effort`, Anthropic `output_config.effort`, Ollama `think`. */
    effort: EffortSchema.optional(),
    /** Thinking mode: Anthropic `thinking.type`; on Ollama `enabled`/`disabled` for boolean `think`. */
    thinking: ThinkingModeSchema.optional(),
    /** Sampling temperature, where the model takes one (see `Capabilities.sampling`). */
    temperature: z.number().min(0).max(2).optional(),
    /**
     * Ollama only: the most context (`options.num_ctx`) to ask for; default the model's own
     * context length, capped by NANOGRADE_OLLAMA_NUM_CTX. Never below 32,768.
     */
    numCtx: z.number().int().min(MIN_OLLAMA_NUM_CTX).optional(),
  },
  {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const renamed = issue.keys.find((key) => RENAMED[key] !== undefined);
      return renamed === undefined ? undefined : RENAMED[renamed];
    },
  },
);
export type ModelOptions = z.infer<typeof ModelOptionsSchema>;

/** Model options a model does not accept, named with what it does accept. */
export class ModelOptionsError extends Error {
  readonly modelId: string;

  constructor(modelId: string, problems: string[]) {
    super(`modelOptions for ${modelId}: ${problems.join('; ')}.`);
    this.name = 'ModelOptionsError';
    this.modelId = modelId;
  }
}

/** What the check needs to know of a model. */
export interface OptionsTarget {
  id: string;
  provider: ProviderName;
  capabilities: Capabilities;
}

const quoted = (values: readonly string[]) => values.map((value) => `"${value}"`).join(', ');

/** The effort values `target`'s API takes (OpenAI-compatible servers speak Chat Completions). */
export function effortValues(target: OptionsTarget): readonly Effort[] {
  const { effort } = target.capabilities;
  return target.provider === 'openai-compatible'
    ? (effort.chatCompletions ?? effort.values)
    : effort.values;
}

/**
 * Parses `options` and checks them against `target`'s capability record (and the output tokens
 * a turn may ask for), before any request. Throws a ModelOptionsError naming every problem and
 * what the model accepts instead.
 */
export function checkModelOptions(
  target: OptionsTarget,
  options: unknown,
  maxOutputTokens?: number,
): ModelOptions {
  const parsed = ModelOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    throw new ModelOptionsError(
      target.id,
      parsed.error.issues.map(
        (issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
      ),
    );
  }
  const problems = optionProblems(target, parsed.data, maxOutputTokens);
  if (problems.length > 0) throw new ModelOptionsError(target.id, problems);
  return parsed.data;
}

function optionProblems(
  target: OptionsTarget,
  options: ModelOptions,
  maxOutputTokens: number | undefined,
): string[] {
  const caps = target.capabilities;
  const problems: string[] = [];
  const efforts = effortValues(target);
  const effort = options.effort ?? caps.effort.default ?? undefined;
  if (options.effort !== undefined && !efforts.includes(options.effort)) {
    problems.push(
      efforts.length === 0
        ? `effort "${options.effort}" is not accepted: the model takes no reasoning effort; leave effort out`
        : `effort "${options.effort}" is not accepted; it takes ${quoted(efforts)}`,
    );
  }
  const { thinking } = caps;
  if (options.thinking !== undefined) {
    if (thinking === null || !thinking.modes.includes(options.thinking)) {
      problems.push(
        thinking === null
          ? `thinking "${options.thinking}" is not accepted: the model has no thinking modes; leave thinking out`
          : `thinking "${options.thinking}" is not accepted; it takes ${quoted(thinking.modes)}`,
      );
    } else {
      const ceiling = thinking.maxEffort?.[options.thinking];
      if (ceiling !== undefined && effort !== undefined && effortBelow(ceiling, effort)) {
        problems.push(
          `thinking "${options.thinking}" works only up to effort "${ceiling}", and the effort is "${effort}"${options.effort === undefined ? ' (its default)' : ''}`,
        );
      }
      if (
        options.thinking === 'enabled' &&
        target.provider === 'anthropic' &&
        maxOutputTokens !== undefined &&
        maxOutputTokens <= MIN_THINKING_BUDGET
      ) {
        problems.push(
          `thinking "enabled" needs limits.maxOutputTokensPerTurn above ${MIN_THINKING_BUDGET} (the thinking budget is at least ${MIN_THINKING_BUDGET} tokens and must leave room for the answer)`,
        );
      }
    }
  }
  if (options.temperature !== undefined && !acceptsSampling(caps, effort)) {
    problems.push(
      caps.sampling === 'never'
        ? 'temperature is not accepted by this model; leave it out'
        : `temperature is accepted only with effort "none"${effort === undefined ? '' : `, and the effort is "${effort}"`}`,
    );
  }
  if (options.numCtx !== undefined && target.provider !== 'ollama') {
    problems.push('numCtx is an Ollama option (options.num_ctx); leave it out for this model');
  }
  if (
    maxOutputTokens !== undefined &&
    caps.maxOutputTokens !== null &&
    maxOutputTokens > caps.maxOutputTokens
  ) {
    problems.push(
      `limits.maxOutputTokensPerTurn ${maxOutputTokens} is above ${caps.maxOutputTokens}, the most the model writes in one turn`,
    );
  }
  return problems;
}

/** The thinking modes and effort values, for help texts. */
export const OPTION_VALUES = { effort: EFFORTS, thinking: THINKING_MODES } as const;
