import { afterEach, expect, test } from 'vitest';
import { providerFetch } from '../../src/providers/provider-fetch.js';
import {
  onRateLimitSignal,
  type RateLimitSignal,
  rateLimitSignal,
} from '../../src/providers/rate-limit-signals.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const headers = (values: Record<string, string>) => new Headers(values);

test('a 429 or 529 is a rate limit, with the wait the provider asked for', () => {
  expect(rateLimitSignal('openai', 429, headers({ 'retry-after-ms': '1500' }), NOW)).toEqual({
    provider: 'openai',
    kind: 'rate_limited',
    retryAfterMs: 1500,
  });
  expect(rateLimitSignal('anthropic', 429, headers({ 'retry-after': '7' }), NOW)).toEqual({
    provider: 'anthropic',
    kind: 'rate_limited',
    retryAfterMs: 7000,
  });
  expect(
    rateLimitSignal(
      'anthropic',
      529,
      headers({ 'retry-after': 'Sun, 06 Dec 2026 12:00:30 GMT' }),
      NOW,
    ),
  ).toEqual({ provider: 'anthropic', kind: 'rate_limited', retryAfterMs: 30_000 });
  expect(rateLimitSignal('openai', 429, headers({}), NOW)).toEqual({
    provider: 'openai',
    kind: 'rate_limited',
  });
});

test("OpenAI's budget headers: nearly spent is near_limit, spent waits for the reset", () => {
  const budget = (remaining: string, reset = '6m0s') =>
    headers({
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': remaining,
      'x-ratelimit-reset-requests': reset,
      'x-ratelimit-limit-tokens': '30000',
      'x-ratelimit-remaining-tokens': '29000',
    });
  expect(rateLimitSignal('openai', 200, budget('400'), NOW)).toBeUndefined();
  expect(rateLimitSignal('openai', 200, budget('49'), NOW)).toEqual({
    provider: 'openai',
    kind: 'near_limit',
  });
  expect(rateLimitSignal('openai', 200, budget('0', '1m2.5s'), NOW)).toEqual({
    provider: 'openai',
    kind: 'rate_limited',
    retryAfterMs: 62_500,
  });
  expect(rateLimitSignal('openai', 200, budget('0', '250ms'), NOW)?.retryAfterMs).toBe(250);
});

test("Anthropic's budget headers, with RFC 3339 resets", () => {
  const answer = headers({
    'anthropic-ratelimit-requests-limit': '50',
    'anthropic-ratelimit-requests-remaining': '40',
    'anthropic-ratelimit-input-tokens-limit': '40000',
    'anthropic-ratelimit-input-tokens-remaining': '0',
    'anthropic-ratelimit-input-tokens-reset': '2026-12-06T12:00:12Z',
  });
  expect(rateLimitSignal('anthropic', 200, answer, NOW)).toEqual({
    provider: 'anthropic',
    kind: 'rate_limited',
    retryAfterMs: 12_000,
  });
  const fine = headers({
    'anthropic-ratelimit-tokens-limit': '80000',
    'anthropic-ratelimit-tokens-remaining': '70000',
  });
  expect(rateLimitSignal('anthropic', 200, fine, NOW)).toBeUndefined();
});

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
});

test('providerFetch reports every answer to the hook; listeners hear only rate-limit news', async () => {
  const heard: RateLimitSignal[] = [];
  stop = onRateLimitSignal((signal) => heard.push(signal));
  const answers = [
    new Response('{}', { status: 200 }),
    new Response('{}', {
      status: 200,
      headers: { 'x-ratelimit-limit-requests': '10', 'x-ratelimit-remaining-requests': '0' },
    }),
    new Response('{"error":{}}', { status: 429, headers: { 'retry-after': '2' } }),
  ];
  const original = globalThis.fetch;
  globalThis.fetch = async () => answers.shift() ?? new Response(null, { status: 500 });
  try {
    const fetch = providerFetch('openai');
    expect((await fetch('http://127.0.0.1:9/v1/responses')).status).toBe(200);
    expect((await fetch('http://127.0.0.1:9/v1/responses')).status).toBe(200);
    expect((await fetch('http://127.0.0.1:9/v1/responses')).status).toBe(429);
  } finally {
    globalThis.fetch = original;
  }
  expect(heard).toEqual([
    { provider: 'openai', kind: 'rate_limited' },
    { provider: 'openai', kind: 'rate_limited', retryAfterMs: 2000 },
  ]);
});
