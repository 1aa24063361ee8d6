/** What running a Claude model needs and no key was given for. */
export const ANTHROPIC_MISSING_KEY =
  'Set ANTHROPIC_API_KEY to run Anthropic models (create a key at https://platform.claude.com/settings/keys).';

/**
 * The key Anthropic requests carry: the one given, else ANTHROPIC_API_KEY (the SDK's own
 * convention). Kept apart from the adapter so asking "is there a key?" loads no SDK.
 */
export function anthropicApiKey(given?: string): string | undefined {
  return given || process.env.ANTHROPIC_API_KEY || undefined;
}
