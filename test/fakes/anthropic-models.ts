/**
 * What the Anthropic fake knows of each model, written from Anthropic's own pages (read
 * 2026-12-06) — deliberately not from src/models, so a wrong capability record there fails here.
 *
 * - Forced tool use: "Adaptive thinking supports forced tool use, except Claude Opus 5.5, Claude
 *   Sonnet 5.5, Claude Fable 5.1 and Claude Mythos 5.1, which return a 400 error. Where forced
 *   tool use is accepted, it skips thinking." (Fable 5.2 is not named yet: treated like 5.1.)
 * - Opus 5.5 and Fable: thinking "always on" — `disabled` and `enabled` are a 400. Sonnet 5.5:
 *   `between_tools` instead of `disabled`, "available at low, medium and high effort", no other
 *   field beside it; `enabled` a 400. Opus 5: `disabled` "only at effort high or below". Opus
 *   4.7/4.8, Sonnet 5, Fable 5, Mythos 5 reject `enabled`. Sonnet 4.5, Opus 4.5, Haiku 4.5:
 *   "extended thinking is the only thinking mode" (adaptive is a 400).
 * - Effort (`output_config.effort`): not on Haiku 4.5 or Sonnet 4.5; Opus 4.5 low…high; Sonnet 4.6
 *   and Opus 4.6 no xhigh; the rest low…max. Defaults: medium on Opus 5.5 and Haiku 5.5, else high.
 * - Display "omitted" by default (Opus 4.7 and later Opus, the 5.5 models): thinking blocks come
 *   back with empty text; only the signature carries them, and they must come back unchanged.
 * - Sonnet 5.5 and Haiku 5.5 refuse an assistant prefill (a final assistant message).
 */
export type Effort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export type ThinkingType = 'adaptive' | 'between_tools' | 'enabled' | 'disabled';

export interface ClaudeRules {
  refusesForcedToolUse: boolean;
  /** `thinking.type` values the model accepts. */
  thinkingTypes: ThinkingType[];
  /** Whether it thinks when the request sends no `thinking`. */
  thinksByDefault: boolean;
  /** The highest effort a thinking type may go with. */
  maxEffortWith?: Partial<Record<ThinkingType, Effort>>;
  /** `output_config.effort` values; [] = the model rejects effort. */
  efforts: Effort[];
  defaultEffort: Effort | null;
  /** Thinking blocks come back with empty text (display "omitted"). */
  omitsThinkingText: boolean;
  refusesPrefill: boolean;
  maxOutputTokens: number;
}

const ALL: Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
const NO_XHIGH: Effort[] = ['low', 'medium', 'high', 'max'];

const ALWAYS_ON: ClaudeRules = {
  refusesForcedToolUse: true,
  thinkingTypes: ['adaptive'],
  thinksByDefault: true,
  efforts: ALL,
  defaultEffort: 'high',
  omitsThinkingText: true,
  refusesPrefill: false,
  maxOutputTokens: 128_000,
};

/** Claude 4 / 4.5 generation: manual thinking only, off by default; 64K output. */
const EXTENDED_ONLY: ClaudeRules = {
  refusesForcedToolUse: false,
  thinkingTypes: ['enabled', 'disabled'],
  thinksByDefault: false,
  efforts: [],
  defaultEffort: null,
  omitsThinkingText: false,
  refusesPrefill: false,
  maxOutputTokens: 64_000,
};

/** Adaptive thinking that a request may switch off (4.7/4.8 off by default, the 5 line on). */
const ADAPTIVE: ClaudeRules = {
  refusesForcedToolUse: false,
  thinkingTypes: ['adaptive', 'disabled'],
  thinksByDefault: true,
  efforts: ALL,
  defaultEffort: 'high',
  omitsThinkingText: false,
  refusesPrefill: false,
  maxOutputTokens: 128_000,
};

export const CLAUDE_RULES: Record<string, ClaudeRules> = {
  'claude-opus-5-5': { ...ALWAYS_ON, defaultEffort: 'medium' },
  'claude-sonnet-5-5': {
    ...ALWAYS_ON,
    thinkingTypes: ['adaptive', 'between_tools'],
    maxEffortWith: { between_tools: 'high' },
    refusesPrefill: true,
  },
  'claude-haiku-5-5': {
    ...ADAPTIVE,
    defaultEffort: 'medium',
    omitsThinkingText: true,
    refusesPrefill: true,
  },
  'claude-fable-5-1': ALWAYS_ON,
  'claude-mythos-5-1': ALWAYS_ON,
  'claude-fable-5-2': ALWAYS_ON,
  'claude-mythos-5-2': ALWAYS_ON,
  'claude-fable-5': ADAPTIVE,
  'claude-mythos-5': ADAPTIVE,
  'claude-opus-5': { ...ADAPTIVE, maxEffortWith: { disabled: 'high' }, omitsThinkingText: true },
  'claude-sonnet-5': ADAPTIVE,
  'claude-opus-4-8': { ...ADAPTIVE, thinksByDefault: false, omitsThinkingText: true },
  'claude-opus-4-7': { ...ADAPTIVE, thinksByDefault: false, omitsThinkingText: true },
  'claude-mythos-preview': { ...ADAPTIVE, thinksByDefault: false },
  'claude-opus-4-6': {
    ...ADAPTIVE,
    thinkingTypes: ['adaptive', 'enabled', 'disabled'],
    thinksByDefault: false,
    efforts: NO_XHIGH,
    omitsThinkingText: false,
  },
  'claude-sonnet-4-6': {
    ...ADAPTIVE,
    thinkingTypes: ['adaptive', 'enabled', 'disabled'],
    thinksByDefault: false,
    efforts: NO_XHIGH,
    omitsThinkingText: false,
  },
  'claude-haiku-4-5': EXTENDED_ONLY,
  'claude-haiku-4-5-20251001': EXTENDED_ONLY,
  'claude-opus-4-5': {
    ...EXTENDED_ONLY,
    efforts: ['low', 'medium', 'high'],
    defaultEffort: 'high',
  },
  'claude-opus-4-5-20251101': {
    ...EXTENDED_ONLY,
    efforts: ['low', 'medium', 'high'],
    defaultEffort: 'high',
  },
  'claude-sonnet-4-5': EXTENDED_ONLY,
  'claude-sonnet-4-5-20250929': EXTENDED_ONLY,
};

/** The rules of a model the fake serves. */
export function claudeRules(model: string): ClaudeRules {
  const rules = CLAUDE_RULES[model];
  if (!rules) throw new Error(`anthropic fake: no rules for ${model}; add them from its pages`);
  return rules;
}

const ORDER: Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

/** Whether effort `a` is above `b`. */
export function effortAbove(a: Effort, b: Effort): boolean {
  return ORDER.indexOf(a) > ORDER.indexOf(b);
}
