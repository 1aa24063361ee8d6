import { expect, test } from 'vitest';
import { providerLimiters, Semaphore } from '../../src/providers/provider-limiters.js';

test('never runs more than its capacity at once, and serves waiters in order', async () => {
  const semaphore = new Semaphore(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const task = (id: number) =>
    semaphore.run(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(id);
      running -= 1;
      return id;
    });
  expect(await Promise.all([1, 2, 3, 4, 5].map(task))).toEqual([1, 2, 3, 4, 5]);
  expect(peak).toBe(2);
  expect(order.slice(2)).toEqual([3, 4, 5]);
});

test('a failing task frees its slot', async () => {
  const semaphore = new Semaphore(1);
  await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(await semaphore.run(async () => 'next')).toBe('next');
});

test('a waiter whose signal aborts leaves the queue, and the slot goes to the next one', async () => {
  const semaphore = new Semaphore(1);
  let release = () => {};
  const holder = semaphore.run(() => new Promise<void>((resolve) => (release = resolve)));
  const abandon = new AbortController();
  const abandoned = semaphore.run(async () => 'never', abandon.signal);
  const next = semaphore.run(async () => 'next');
  abandon.abort(new Error('gave up waiting'));
  await expect(abandoned).rejects.toThrow('gave up waiting');
  release();
  await holder;
  expect(await next).toBe('next');
  // Nothing is left holding a slot.
  expect(await semaphore.run(async () => 'after')).toBe('after');
});

test("each provider's limiter holds the registry's default concurrency, unless overridden", () => {
  const limiterFor = providerLimiters();
  expect(limiterFor('ollama').capacity).toBe(1);
  expect(limiterFor('openai').capacity).toBe(8);
  expect(limiterFor('anthropic', { anthropic: 3 }).capacity).toBe(3);
  // One limiter per provider in a pool; another pool has its own.
  expect(limiterFor('ollama')).toBe(limiterFor('ollama'));
  expect(providerLimiters()('ollama')).not.toBe(limiterFor('ollama'));
});
