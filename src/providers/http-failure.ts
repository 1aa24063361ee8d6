import { causeChain, classifyStatus } from './openai/errors.js';
import { ProviderError } from './provider-types.js';

/**
 * The provider's own words in an error body: OpenAI's and Anthropic's `error.message`, Ollama's
 * `error` string, else the body's text (cut short).
 */
function providerMessageOf(status: number, bodyText: string): { message: string; code?: string } {
  try {
    const body = JSON.parse(bodyText) as { error?: unknown };
    const error = body.error;
    if (typeof error === 'string') return { message: error };
    if (typeof error === 'object' && error !== null) {
      const { message, code } = error as { message?: unknown; code?: unknown };
      if (typeof message === 'string') {
        return { message, ...(typeof code === 'string' ? { code } : {}) };
      }
    }
  } catch {
    // Not JSON: the text itself.
  }
  const text = bodyText.trim();
  return { message: text === '' ? `HTTP ${status}` : text.slice(0, 500) };
}

/**
 * A failed model request seen at the wire, classified the way the adapters classify what their
 * SDKs throw: 401/403 auth, 429 rate limit, 404 not found, 529 (and 503 "overloaded") overloaded,
 * a 400 about the context window context_length, other 4xx bad_request, 5xx server.
 */
export function classifyHttpFailure(status: number, bodyText: string): ProviderError {
  const { message, code } = providerMessageOf(status, bodyText);
  return classifyStatus(status, message, code);
}

/** A model request that got no answer at all (refused connection, reset, DNS). */
export function classifyFetchFailure(url: string, error: unknown): ProviderError {
  const detail = causeChain(error);
  return new ProviderError(
    'network',
    `Could not connect to ${new URL(url).origin}${detail ? ` (${detail})` : ''}.`,
  );
}
