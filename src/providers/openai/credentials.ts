/** What running an OpenAI model needs and no key was given for. */
export const OPENAI_MISSING_KEY =
  'Set OPENAI_API_KEY to run OpenAI models (create a key at https://platform.openai.com/api-keys).';

/**
 * The key OpenAI requests carry: the one given, else OPENAI_API_KEY (the SDK's own convention).
 * Kept apart from the adapter so asking "is there a key?" loads no SDK.
 */
export function openaiApiKey(given?: string): string | undefined {
  return given || process.env.OPENAI_API_KEY || undefined;
}
