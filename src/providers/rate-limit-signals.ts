import type { ProviderName } from '../records/provider-facts.js';

/**
 * What a provider's answer says about its rate limits: it refused for now (HTTP 429, or 529
 * overloaded), or it still answered but one of its budgets is nearly spent. `retryAfterMs` is
 * how long it asked us to wait, when it said.
 */
export interface RateLimitSignal {
  provider: ProviderName;
  kind: 'rate_limited' | 'near_limit';
  retryAfterMs?: number;
}

/** A budget below this share of its limit counts as nearly spent. */
const NEAR_LIMIT_SHARE = 0.1;

/**
 * Reads a provider's answer for rate-limit news: 429/529 with `retry-after-ms` / `retry-after`,
 * or the budget headers OpenAI (`x-ratelimit-remaining-requests` / `x-ratelimit-limit-requests`,
 * `…-tokens`, `x-ratelimit-reset-*`) and Anthropic (`anthropic-ratelimit-requests-remaining` /
 * `…-limit` / `…-reset`, tokens likewise) send with every answer. Undefined when it says nothing.
 */
export function rateLimitSignal(
  provider: ProviderName,
  status: number,
  headers: Headers,
  now: number = Date.now(),
): RateLimitSignal | undefined {
  if (status === 429 || status === 529) {
    const wait = retryAfter(headers, now);
    return {
      provider,
      kind: 'rate_limited',
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    };
  }
  let near: RateLimitSignal | undefined;
  for (const [name, value] of headers) {
    if (!name.includes('ratelimit') || !name.includes('remaining')) continue;
    const remaining = Number(value);
    const limit = Number(headers.get(name.replace('remaining', 'limit')));
    if (!Number.isFinite(remaining) || !Number.isFinite(limit) || limit <= 0) continue;
    if (remaining <= 0) {
      // Spent: wait for this budget's reset, as a 429 would tell us to.
      const reset = resetIn(headers.get(name.replace('remaining', 'reset')), now);
      return {
        provider,
        kind: 'rate_limited',
        ...(reset === undefined ? {} : { retryAfterMs: reset }),
      };
    }
    if (remaining / limit < NEAR_LIMIT_SHARE) near = { provider, kind: 'near_limit' };
  }
  return near;
}

/** `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date. */
function retryAfter(headers: Headers, now: number): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  return untilDate(value, now);
}

/** A reset given as a duration (`1s`, `6m0s`, `250ms`, OpenAI) or a date (RFC 3339, Anthropic). */
function resetIn(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const duration =
    /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(
      value.trim(),
    );
  if (duration && value.trim() !== '') {
    const [, h = '0', m = '0', s = '0', ms = '0'] = duration;
    return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
  }
  return untilDate(value, now);
}

function untilDate(value: string, now: number): number | undefined {
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type RateLimitListener = (signal: RateLimitSignal) => void;

const listeners = new Set<RateLimitListener>();

/**
 * Listens to every provider answer's rate-limit news in this process (the limits that back off
 * on it: the CLI's pool, a test worker's link to the run-wide coordinator). Returns the function
 * that stops listening.
 */
export function onRateLimitSignal(listener: RateLimitListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The hook every provider request reports its answer to (`providerFetch` does, for every
 * answer; a retry policy may too): a 429 or nearly spent budget reaches the adaptive limits.
 */
export function reportProviderResponse(
  provider: ProviderName,
  response: { status: number; headers: Headers },
): void {
  if (listeners.size === 0) return;
  const signal = rateLimitSignal(provider, response.status, response.headers);
  if (!signal) return;
  for (const listener of listeners) listener(signal);
}
