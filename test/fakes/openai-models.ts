/**
 * What the OpenAI fake knows of each model, written from OpenAI's own pages (read 2026-12-06) —
 * deliberately not from src/models, so a wrong capability record there fails against it.
 *
 * - GPT-6 deployment checklist: "GPT-6 Astra and GPT-6.1 Sol require Responses for tool calling;
 *   GPT-6 Sol and GPT-6 Luna support function calling in Chat Completions only with
 *   reasoning_effort: "none". When reasoning effort is not none, remove temperature, top_p, and
 *   top_logprobs". Astra and 6.1 Sol "do not" support `none`.
 * - No GPT-6 model takes `minimal`; Chat Completions refuses `max` for GPT-6 Astra and GPT-6.1
 *   Sol (unconfirmed for the others: the fake refuses it there too, the cautious reading).
 * - GPT-6.1 Terra: "Calling tools requires the Responses API" (whether Chat takes tools at effort
 *   none is unconfirmed: refused here).
 * - The GPT-5 family (2025-08-07): minimal, low, medium, high; temperature only at its default 1.
 */
export type Effort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface GptRules {
  /** Returns reasoning items and takes `reasoning.effort`. */
  reasoning: boolean;
  /** `reasoning.effort` values on the Responses API. */
  efforts: Effort[];
  /** `reasoning_effort` values on Chat Completions. */
  chatEfforts: Effort[];
  /** The effort applied when none is sent. */
  defaultEffort: Effort | null;
  /** temperature/top_p/top_logprobs: any value, only the default 1, or only at effort none. */
  sampling: 'any' | 'default_only' | 'effort_none';
  /** Function tools on Chat Completions: always, only with reasoning_effort "none", never. */
  chatFunctionTools: 'always' | 'effort_none' | 'never';
}

const GPT6_NO_NONE: GptRules = {
  reasoning: true,
  efforts: ['low', 'medium', 'high', 'xhigh', 'max'],
  chatEfforts: ['low', 'medium', 'high', 'xhigh'],
  defaultEffort: 'medium',
  sampling: 'effort_none',
  chatFunctionTools: 'never',
};

const GPT6_WITH_NONE: GptRules = {
  reasoning: true,
  efforts: ['none', 'low', 'medium', 'high', 'xhigh', 'max'],
  chatEfforts: ['none', 'low', 'medium', 'high', 'xhigh'],
  defaultEffort: 'medium',
  sampling: 'effort_none',
  chatFunctionTools: 'never',
};

const GPT5: GptRules = {
  reasoning: true,
  efforts: ['minimal', 'low', 'medium', 'high'],
  chatEfforts: ['minimal', 'low', 'medium', 'high'],
  defaultEffort: 'medium',
  sampling: 'default_only',
  chatFunctionTools: 'always',
};

/** Models without reasoning (gpt-4.1, gpt-4o, and what local OpenAI-compatible servers run). */
export const PLAIN_MODEL: GptRules = {
  reasoning: false,
  efforts: [],
  chatEfforts: [],
  defaultEffort: null,
  sampling: 'any',
  chatFunctionTools: 'always',
};

export const GPT_RULES: Record<string, GptRules> = {
  'gpt-6.2-astra': GPT6_NO_NONE,
  'gpt-6.2-sol': GPT6_NO_NONE,
  'gpt-6-astra': GPT6_NO_NONE,
  'gpt-6.1-sol': GPT6_NO_NONE,
  'gpt-6.1-terra': GPT6_WITH_NONE,
  'gpt-6-luna': { ...GPT6_WITH_NONE, chatFunctionTools: 'effort_none' },
  'gpt-6-sol': { ...GPT6_WITH_NONE, chatFunctionTools: 'effort_none' },
  'gpt-5': GPT5,
  'gpt-5-mini': GPT5,
  'gpt-5-nano': GPT5,
  'gpt-4.1': PLAIN_MODEL,
  'gpt-4.1-mini': PLAIN_MODEL,
  'gpt-4o-mini': PLAIN_MODEL,
};

/** The rules of `model`; a model the table does not list is treated as a plain (local) model. */
export function gptRules(model: string): GptRules {
  return GPT_RULES[model] ?? PLAIN_MODEL;
}
