import { z } from 'zod';

/**
 * What every layer may know about a provider without loading its adapter. The registry
 * (src/providers/registry.ts) adds how to build and probe each one; TypeScript makes the two
 * tables name the same providers.
 */
export interface ProviderFacts {
  /** The provider's name in tables and messages: `OpenAI`, `Ollama`. */
  label: string;
  /** Where its models live, for lifecycle messages: "retired on the OpenAI API". */
  service: string;
  /** Runs on this machine: $0 per token when the catalog has no price, the `local` bar group. */
  local: boolean;
  /** Runs (agent or judge) at once per provider by default; agentsProject's `concurrency` overrides it. */
  concurrency: number;
  /** A language model API; false for `builtin`, whose models only check agent test cases. */
  languageModel: boolean;
}

/**
 * The providers nanograde has adapters for, in the order lists show them; each name is the
 * prefix of its model ids. `builtin` holds `reference` and `null`, which are no language model.
 */
export const PROVIDER_FACTS = {
  openai: {
    label: 'OpenAI',
    service: 'the OpenAI API',
    local: false,
    concurrency: 8,
    languageModel: true,
  },
  anthropic: {
    label: 'Anthropic',
    service: 'the Claude API',
    local: false,
    concurrency: 8,
    languageModel: true,
  },
  // Local models share one machine: one run at a time.
  ollama: { label: 'Ollama', service: 'Ollama', local: true, concurrency: 1, languageModel: true },
  'openai-compatible': {
    label: 'OpenAI-compatible server',
    service: 'its endpoint',
    local: false,
    concurrency: 8,
    languageModel: true,
  },
  builtin: {
    label: 'built-in',
    service: 'nanograde',
    local: false,
    concurrency: 8,
    languageModel: false,
  },
} as const satisfies Record<string, ProviderFacts>;

export type ProviderName = keyof typeof PROVIDER_FACTS;

/** Every provider's name, in the registry's order. */
export const PROVIDER_NAMES = Object.keys(PROVIDER_FACTS) as [ProviderName, ...ProviderName[]];

/** A provider name, checked. */
export const ProviderNameSchema = z.enum(PROVIDER_NAMES);

/** Whether `value` names one of nanograde's providers. */
export function isProviderName(value: string): value is ProviderName {
  return Object.hasOwn(PROVIDER_FACTS, value);
}
