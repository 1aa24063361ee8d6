import { z } from 'zod';

/** The providers nanograde has adapters for; the prefix of every model id. */
/** `builtin` holds the models that are no language model: `reference` and `null`. */
export const PROVIDER_NAMES = [
  'openai',
  'anthropic',
  'ollama',
  'openai-compatible',
  'builtin',
] as const;
export const ProviderNameSchema = z.enum(PROVIDER_NAMES);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

/** Whether `value` names one of nanograde's providers. */
export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}
