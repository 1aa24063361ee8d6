import { describe, expect, it } from 'vitest';
import {
  type CompletionRequest,
  type Provider,
  ProviderError,
} from '../../src/providers/provider-types.js';
import {
  DEFAULT_RETRY_POLICY,
  isRetryable,
  retryAfterMs,
  retryDelay,
  withRetries,
} from '../../src/providers/retry-policy.js';
import { rejectionOf } from '../fakes/test-support.js';
import { capabilitiesFor } from './request-capabilities.js';

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('which failures are tried again', () => {
  it.for([
    ['rate_limit', true],
    ['overloaded', true],
    ['server', true],
    ['network', true],
    ['bad_response', true],
    ['auth', false],
    ['bad_request', false],
    ['context_length', false],
    ['not_found', false],
  ] as const)('%s: %s', ([kind, retried]) => {
    expect(isRetryable(new ProviderError(kind, 'x'))).toBe(retried);
  });

  it('a rule or the provider overrules the kind: a spend limit is never retried', () => {
    expect(
      isRetryable(new ProviderError('rate_limit', 'spend limit', 429, { retryable: false })),
    ).toBe(false);
    expect(isRetryable(new ProviderError('bad_request', 'lock', 409))).toBe(true);
    expect(isRetryable(new ProviderError('bad_request', 'x', 400, { retryable: true }))).toBe(true);
  });
});

describe('how long to wait', () => {
  it('waits exactly what retry-after asks, up to 60 s; longer is final', () => {
    const asked = (ms: number) =>
      new ProviderError('rate_limit', 'slow down', 429, { retryAfterMs: ms });
    expect(retryDelay(asked(2_000), 0)).toBe(2_000);
    expect(retryDelay(asked(60_000), 1)).toBe(60_000);
    expect(retryDelay(asked(61_000), 0)).toBeUndefined();
  });

  it('else backs off 0.5 s, 1 s, … (a quarter less at most, at random), then gives up', () => {
    const error = new ProviderError('server', 'oops', 500);
    expect(retryDelay(error, 0, DEFAULT_RETRY_POLICY, () => 0)).toBe(500);
    expect(retryDelay(error, 1, DEFAULT_RETRY_POLICY, () => 0)).toBe(1_000);
    expect(retryDelay(error, 1, DEFAULT_RETRY_POLICY, () => 0.999)).toBeCloseTo(750.25, 1);
    expect(retryDelay(error, 2, DEFAULT_RETRY_POLICY)).toBeUndefined();
    expect(retryDelay(new ProviderError('auth', 'no'), 0)).toBeUndefined();
  });

  it('reads retry-after-ms, retry-after in seconds or as an HTTP date', () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '250.5', 'retry-after': '9' }))).toBe(250.5);
    expect(retryAfterMs(headers({ 'retry-after': '2' }))).toBe(2_000);
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(retryAfterMs(headers({ 'retry-after': 'Mon, 23 Nov 2026 10:00:03 GMT' }), now)).toBe(
      3_000,
    );
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(headers({}))).toBeUndefined();
  });
});

/** A provider that fails with `failures` in turn, then answers. */
function flaky(failures: ProviderError[]): Provider & { calls: number[] } {
  const calls: number[] = [];
  return {
    name: 'flaky',
    calls,
    availability: async () => ({ available: true }),
    async complete() {
      calls.push(performance.now());
      const failure = failures[calls.length - 1];
      if (failure) throw failure;
      return {
        message: { role: 'assistant', content: 'done', toolCalls: [] },
        usage: {
          inputTokens: 1,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: 1,
          reasoningTokens: 0,
        },
        stopReason: 'end',
      };
    },
  };
}

const request = (signal?: AbortSignal): CompletionRequest => ({
  model: 'm',
  capabilities: capabilitiesFor('openai', 'gpt-6.1-terra'),
  system: '',
  messages: [],
  tools: [],
  maxOutputTokens: 10,
  ...(signal ? { signal } : {}),
});
const fast = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 1, maxDelayMs: 4 };

describe('withRetries', () => {
  it('tries a transient failure again, honouring retry-after, and answers', async () => {
    const provider = flaky([
      new ProviderError('rate_limit', 'slow down', 429, { retryAfterMs: 50 }),
      new ProviderError('network', 'closed mid-answer'),
    ]);
    const result = await withRetries(provider, fast).complete(request());
    expect(result.message.content).toBe('done');
    expect(provider.calls).toHaveLength(3);
    expect((provider.calls[1] ?? 0) - (provider.calls[0] ?? 0)).toBeGreaterThanOrEqual(49);
  });

  it('gives up after the last retry, saying how many attempts were made', async () => {
    const failure = () => new ProviderError('server', 'down', 500);
    const provider = flaky([failure(), failure(), failure(), failure()]);
    const error = await rejectionOf(withRetries(provider, fast).complete(request()));
    expect(error).toMatchObject({ kind: 'server', attempts: 3 });
    expect(provider.calls).toHaveLength(3);
  });

  it('does not retry what waiting cannot fix, nor what is not a provider error', async () => {
    const auth = flaky([new ProviderError('auth', 'bad key', 401)]);
    await expect(withRetries(auth, fast).complete(request())).rejects.toMatchObject({
      attempts: 1,
    });
    expect(auth.calls).toHaveLength(1);
  });

  it('stops waiting at once when the request is aborted', async () => {
    const provider = flaky([
      new ProviderError('rate_limit', 'later', 429, { retryAfterMs: 30_000 }),
    ]);
    const abort = new AbortController();
    const pending = withRetries(provider, fast).complete(request(abort.signal));
    setTimeout(() => abort.abort(new Error('the run timed out')), 20);
    await expect(pending).rejects.toThrow('the run timed out');
    expect(provider.calls).toHaveLength(1);
  });
});
