import type { ProviderName } from '../records/provider-facts.js';
import { reportProviderResponse } from './rate-limit-signals.js';

/** Decides, from an error response, that the SDK must not retry it (e.g. a spend limit). */
export type NoRetryRule = (status: number, bodyText: string) => boolean;

/**
 * The fetch handed to every SDK client.
 * - It looks up `globalThis.fetch` on each call, so interceptors installed after the client was
 *   built (msw, the fixture recorder) still see its traffic.
 * - It re-wraps error responses in a fresh Response: with msw 2 the SDKs' retry path cancels the
 *   error body, and that cancel never settles on an intercepted response. A fresh body is harmless
 *   on the real network (error bodies are small).
 * - Where `noRetry` says so, it sets `x-should-retry: false`, which both SDKs obey.
 * - It reports every answer to the rate-limit hook, so the adaptive limits hear of 429s and of
 *   nearly spent budgets (the rate-limit headers come with every answer).
 */
export function providerFetch(provider: ProviderName, noRetry?: NoRetryRule): typeof fetch {
  return async (input, init) => {
    const response = await globalThis.fetch(input, init);
    reportProviderResponse(provider, response);
    if (response.ok) return response;
    const body = await response.arrayBuffer();
    const headers = new Headers(response.headers);
    if (noRetry?.(response.status, new TextDecoder().decode(body))) {
      headers.set('x-should-retry', 'false');
    }
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
