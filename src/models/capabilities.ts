import { z } from 'zod';
import type { ProviderName } from '../records/provider-facts.js';

/**
 * Reasoning effort from least to most. Each model accepts a subset (`Capabilities.effort`); the
 * adapters map it onto OpenAI `reasoning.effort`, Anthropic `output_config.effort` and Ollama `think`.
 */
export const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export const EffortSchema = z.enum(EFFORTS);
export type Effort = z.infer<typeof EffortSchema>;

/**
 * Thinking modes: Anthropic's `thinking.type` (`enabled` is the manual budget), and on Ollama
 * `enabled` / `disabled` for models whose `think` is a boolean.
 */
export const THINKING_MODES = ['adaptive', 'between_tools', 'enabled', 'disabled'] as const;
export const ThinkingModeSchema = z.enum(THINKING_MODES);
export type ThinkingMode = z.infer<typeof ThinkingModeSchema>;

/**
 * Provider-neutral `tool_choice` modes: `auto` (the model decides), `none` (no call), `required`
 * (some call: OpenAI `required`, Anthropic `any`) and `tool` (one named tool).
 */
export const TOOL_CHOICE_MODES = ['auto', 'none', 'required', 'tool'] as const;
export const ToolChoiceModeSchema = z.enum(TOOL_CHOICE_MODES);
export type ToolChoiceMode = z.infer<typeof ToolChoiceModeSchema>;

/**
 * When a model takes sampling parameters (`temperature`, `top_p`): always, never, or only with
 * reasoning effort `none` (GPT-6 Terra and Luna).
 */
export const SamplingSchema = z.enum(['always', 'never', 'effort_none']);
export type Sampling = z.infer<typeof SamplingSchema>;

const tokens = z.number().int().positive();

/** What a model accepts, per its vendor's documentation. Request builders and the judge read it. */
export const CapabilitiesSchema = z
  .strictObject({
    /** The `tool_choice` modes its API accepts (Claude Sonnet/Opus 5.5 and Fable: auto and none). */
    toolChoice: z.array(ToolChoiceModeSchema).min(1),
    /** nanograde can have the reply constrained to a JSON Schema through this API (Ollama `format`). */
    structuredOutput: z.boolean(),
    /** When `temperature` and `top_p` may be sent. */
    sampling: SamplingSchema,
    effort: z.strictObject({
      /** Values of the main API (OpenAI Responses, Anthropic Messages, Ollama `think`); [] = none taken. */
      values: z.array(EffortSchema),
      /** What the model uses when none is sent; null when unknown or when it takes none. */
      default: EffortSchema.nullable(),
      /** OpenAI Chat Completions' `reasoning_effort`, where it differs from `values`. */
      chatCompletions: z.array(EffortSchema).optional(),
    }),
    /** Thinking modes, or null when the model has no thinking switch. */
    thinking: z
      .strictObject({
        modes: z.array(ThinkingModeSchema).min(1),
        /** The mode the model is in when none is sent (`disabled` = off). */
        default: ThinkingModeSchema,
        /** The highest effort a mode may be combined with (Sonnet 5.5 `between_tools`: high). */
        maxEffort: z.partialRecord(ThinkingModeSchema, EffortSchema).optional(),
      })
      .nullable(),
    /** Tokens in and out of one request; null when unknown. */
    contextWindow: tokens.nullable(),
    /** The most output tokens one request may ask for; null when unknown. */
    maxOutputTokens: tokens.nullable(),
    /** Where these rules were read, or which default they are. */
    source: z.string().min(1),
  })
  .superRefine((caps, ctx) => {
    if (!caps.toolChoice.includes('auto')) {
      ctx.addIssue({
        code: 'custom',
        path: ['toolChoice'],
        message: 'every model takes tool_choice "auto" (the API default)',
      });
    }
    const { effort, thinking } = caps;
    if (effort.default !== null && !effort.values.includes(effort.default)) {
      ctx.addIssue({
        code: 'custom',
        path: ['effort', 'default'],
        message: `the default effort "${effort.default}" is not among the values`,
      });
    }
    if (thinking && !thinking.modes.includes(thinking.default)) {
      ctx.addIssue({
        code: 'custom',
        path: ['thinking', 'default'],
        message: `the default thinking mode "${thinking.default}" is not among the modes`,
      });
    }
  });
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

/** A user's change to a capability record: any top-level field, the rest kept. */
export const CapabilitiesInputSchema = z.strictObject({
  toolChoice: CapabilitiesSchema.shape.toolChoice.optional(),
  structuredOutput: z.boolean().optional(),
  sampling: SamplingSchema.optional(),
  effort: CapabilitiesSchema.shape.effort.optional(),
  thinking: CapabilitiesSchema.shape.thinking.optional(),
  contextWindow: CapabilitiesSchema.shape.contextWindow.optional(),
  maxOutputTokens: CapabilitiesSchema.shape.maxOutputTokens.optional(),
  source: z.string().min(1).optional(),
});
export type CapabilitiesInput = z.input<typeof CapabilitiesInputSchema>;

/** `caps` with a user's fields laid over it (check the result with CapabilitiesSchema). */
export function withCapabilities(caps: Capabilities, input: CapabilitiesInput): Capabilities {
  return { ...caps, source: 'user override', ...input } as Capabilities;
}

const NO_EFFORT = { values: [], default: null };

/**
 * What nanograde assumes of a model its catalog does not list, per provider: the most cautious
 * request it can send. No forced tool use, no effort, no thinking switch (the vendor's defaults
 * apply); sampling parameters only where the API takes them from every model (Ollama's
 * `options`, local OpenAI-compatible servers). Add the model to the catalog to unlock more.
 */
const CAUTIOUS: Omit<Capabilities, 'source'> = {
  toolChoice: ['auto', 'none'],
  structuredOutput: false,
  sampling: 'never',
  effort: NO_EFFORT,
  thinking: null,
  contextWindow: null,
  maxOutputTokens: null,
};

const PROVIDER_DEFAULTS: Record<ProviderName, Capabilities> = {
  openai: { ...CAUTIOUS, source: 'nanograde default for OpenAI models it does not list' },
  // No sampling: API version 2026-10-21, which @anthropic-ai/sdk 1.x speaks, rejects it for every model.
  anthropic: { ...CAUTIOUS, source: 'nanograde default for Claude models it does not list' },
  ollama: {
    ...CAUTIOUS,
    // /api/chat has no tool_choice; `format` constrains any model's reply to a JSON Schema.
    toolChoice: ['auto'],
    structuredOutput: true,
    sampling: 'always',
    source: 'nanograde default for Ollama models it does not list',
  },
  'openai-compatible': {
    ...CAUTIOUS,
    sampling: 'always',
    source: 'nanograde default for OpenAI-compatible servers',
  },
  // `reference` and `null` are no language models: they take any option and ignore it.
  builtin: {
    toolChoice: [...TOOL_CHOICE_MODES],
    structuredOutput: false,
    sampling: 'always',
    effort: { values: [...EFFORTS], default: null },
    thinking: { modes: [...THINKING_MODES], default: 'disabled' },
    contextWindow: null,
    maxOutputTokens: null,
    source: 'built-in models ignore every option',
  },
};

/** The capability record nanograde uses for a model of `provider` that its catalog does not list. */
export function defaultCapabilities(provider: ProviderName): Capabilities {
  return structuredClone(PROVIDER_DEFAULTS[provider]);
}

/** Whether `a` is a lower effort than `b`. */
export function effortBelow(a: Effort, b: Effort): boolean {
  return EFFORTS.indexOf(a) < EFFORTS.indexOf(b);
}

/**
 * Whether `temperature` / `top_p` may be sent at this effort (the effort sent, else the model's
 * default; an unknown default counts as not `none`).
 */
export function acceptsSampling(caps: Capabilities, effort?: Effort): boolean {
  if (caps.sampling === 'always') return true;
  if (caps.sampling === 'never') return false;
  return (effort ?? caps.effort.default) === 'none';
}
