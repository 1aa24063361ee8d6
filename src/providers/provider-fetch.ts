import { MAX_TIMEOUT_MS } from '../records/max-timeout.js';
import type { ProviderName } from '../records/provider-facts.js';
import { reportProviderResponse } from './rate-limit-signals.js';
import { withSignalOnlyDispatcher } from './signal-only-dispatcher.js';

/**
 * The fetch handed to every SDK client (and to a metered custom agent).
 * - A request with a signal is bounded by it alone, not by Node's 300-second wait for response
 *   headers: a non-streamed turn of a model reasoning hard (or of a local model) can take longer,
 *   and without this it would fail as a network error and be retried — paid again.
 * - It looks up `globalThis.fetch` on each call, so interceptors installed after the client was
 *   built (msw, the fixture recorder) still see its traffic.
 * - It re-wraps error responses in a fresh Response: with msw 2 a client that cancels an error
 *   body waits forever on an intercepted response. A fresh body is harmless on the real network
 *   (error bodies are small).
 * - It reports every answer to the rate-limit hook, so the adaptive limits hear of 429s and of
 *   nearly spent budgets (the rate-limit headers come with every answer).
 */
export function providerFetch(provider: ProviderName): typeof fetch {
  return async (input, init) => {
    const response = await globalThis.fetch(input, withSignalOnlyDispatcher(init));
    reportProviderResponse(provider, response);
    if (response.ok) return response;
    const body = await response.arrayBuffer();
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/**
 * The options every official SDK client (openai, @anthropic-ai/sdk) is built with:
 * - no retries of its own: one retry policy serves every provider (retry-policy.ts, applied by
 *   the registry);
 * - no timeout of its own: the run's timeoutMs (its signal) bounds a turn, not the SDK's 10
 *   minutes — which would also make Anthropic's SDK refuse a non-streamed request with
 *   max_tokens over 21,333;
 * - providerFetch.
 */
export function sdkClientOptions(provider: ProviderName): {
  maxRetries: number;
  timeout: number;
  fetch: typeof fetch;
} {
  return { maxRetries: 0, timeout: MAX_TIMEOUT_MS, fetch: providerFetch(provider) };
}
