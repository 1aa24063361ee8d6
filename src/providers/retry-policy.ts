/**
 * The one retry policy of every provider adapter. The SDKs' own retries are off (maxRetries 0):
 * they only see what happens before a response's body is read, so a connection dropped
 * mid-answer, a cut or garbled body, and everything Ollama's client does were never retried;
 * two layers would also multiply attempts. Here every failed request, whatever its provider,
 * is classified the same way and tried again on the same terms.
 */
import type { ProviderErrorKind } from '../records/agent-run.js';
import type { CompletionRequest, Provider } from './provider-types.js';
import { ProviderError } from './provider-types.js';

/** How often and how long to try again. */
export interface RetryPolicy {
  /** Retries after the first attempt (the SDKs' default: 2). */
  maxRetries: number;
  /** The first backoff; it doubles per retry, with up to a quarter taken off at random. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A `retry-after` longer than this is not waited for: the error is final. */
  maxRetryAfterMs: number;
}

/** The SDKs' own defaults (openai, @anthropic-ai/sdk): 2 retries, 0.5 s doubling to 8 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Failures that waiting can fix. Auth, bad requests, context length and unknown models cannot. */
const TRANSIENT: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limit',
  'overloaded',
  'server',
  'network',
  'bad_response',
]);

/** 408 Request Timeout and 409 Conflict (a lock held elsewhere) are worth another try too. */
const TRANSIENT_STATUS = new Set([408, 409]);

/** Whether a failed request may be tried again: what the provider or a rule said, else its kind. */
export function isRetryable(error: ProviderError): boolean {
  if (error.retryable !== undefined) return error.retryable;
  return (
    TRANSIENT.has(error.kind) || (error.status !== undefined && TRANSIENT_STATUS.has(error.status))
  );
}

/**
 * How long to wait before retry number `retry` (0-based), or undefined to give up: not retryable,
 * out of retries, or a `retry-after` longer than the policy waits.
 */
export function retryDelay(
  error: ProviderError,
  retry: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number | undefined {
  if (retry >= policy.maxRetries || !isRetryable(error)) return undefined;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : undefined;
  }
  const backoff = Math.min(policy.initialDelayMs * 2 ** retry, policy.maxDelayMs);
  return backoff * (1 - random() * 0.25);
}

/**
 * The wait a response asks for: `retry-after-ms` (milliseconds, OpenAI), else `retry-after`
 * (seconds, or an HTTP date); undefined when neither says anything usable.
 */
export function retryAfterMs(
  get: (name: string) => string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `x-should-retry: true|false`, which both vendors send to overrule the status. */
export function shouldRetryHeader(
  get: (name: string) => string | null | undefined,
): boolean | undefined {
  const value = get('x-should-retry')?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The provider with the retry policy around `complete`: a retryable ProviderError is tried again
 * after its `retry-after`, else after an exponential backoff; the final error carries how many
 * attempts were made. An abort (the request's signal) ends the waiting at once.
 */
export function withRetries(
  provider: Provider,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Provider {
  return {
    name: provider.name,
    availability: (model) => provider.availability(model),
    async complete(request: CompletionRequest) {
      for (let retry = 0; ; retry++) {
        try {
          return await provider.complete(request);
        } catch (error) {
          if (!(error instanceof ProviderError) || request.signal?.aborted) throw error;
          const wait = retryDelay(error, retry, policy);
          error.attempts = retry + 1;
          if (wait === undefined) throw error;
          await sleep(wait, request.signal);
        }
      }
    },
  };
}
