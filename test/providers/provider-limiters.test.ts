import { afterEach, describe, expect, test, vi } from 'vitest';
import { AdaptiveLimit, ProviderSlots, Semaphore } from '../../src/providers/provider-limiters.js';
import { limitRule, type SlotRequest } from '../../src/providers/slot-limits.js';

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

describe('limitRule', () => {
  test('cloud providers: one adaptive limit of 8 per provider; Ollama: 1 per model, fixed', () => {
    expect(limitRule('openai', undefined, {})).toEqual({
      max: 8,
      per: 'provider',
      adaptive: true,
      recoverMs: 10_000,
    });
    expect(limitRule('anthropic', undefined, {}).per).toBe('provider');
    expect(limitRule('ollama', undefined, {})).toEqual({
      max: 1,
      per: 'model',
      adaptive: false,
      recoverMs: 10_000,
    });
  });

  test('Ollama follows its own OLLAMA_NUM_PARALLEL (per model), unless the project says otherwise', () => {
    expect(limitRule('ollama', undefined, { OLLAMA_NUM_PARALLEL: '4' }).max).toBe(4);
    expect(limitRule('ollama', undefined, { OLLAMA_NUM_PARALLEL: 'lots' }).max).toBe(1);
    expect(limitRule('ollama', { ollama: 2 }, { OLLAMA_NUM_PARALLEL: '4' }).max).toBe(2);
    // OLLAMA_NUM_PARALLEL is Ollama's: it says nothing about cloud providers.
    expect(limitRule('openai', undefined, { OLLAMA_NUM_PARALLEL: '4' }).max).toBe(8);
  });

  test('a number sets the most at once; an object sets any part of the rule', () => {
    expect(limitRule('anthropic', { anthropic: 3 }, {})).toMatchObject({ max: 3, adaptive: true });
    expect(limitRule('ollama', { ollama: { max: 2, per: 'provider' } }, {})).toMatchObject({
      max: 2,
      per: 'provider',
      adaptive: false,
    });
    expect(limitRule('openai', { openai: { adaptive: false, recoverMs: 500 } }, {})).toEqual({
      max: 8,
      per: 'provider',
      adaptive: false,
      recoverMs: 500,
    });
  });
});

const agent = (provider: SlotRequest['provider'], model = 'm'): SlotRequest => ({
  pool: 'agent',
  provider,
  model,
});

/** Starts `count` holders of `request`'s slots that keep them until `done` resolves. */
function holders(slots: ProviderSlots, request: SlotRequest, count: number, done: Promise<void>) {
  const started: number[] = [];
  const runs = Array.from({ length: count }, (_, i) =>
    slots.run(request, async () => {
      started.push(i);
      await done;
    }),
  );
  return { started, runs };
}

describe('ProviderSlots', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('holds each limit: per provider for the clouds, per model for Ollama, agent and judge apart', async () => {
    const slots = new ProviderSlots({ concurrency: { openai: 2 }, env: {} });
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const openaiA = holders(slots, agent('openai', 'gpt-5'), 2, done);
    const openaiB = holders(slots, agent('openai', 'gpt-5-mini'), 1, done);
    const judge = holders(slots, { pool: 'judge', provider: 'openai', model: 'gpt-5' }, 1, done);
    const ollama20 = holders(slots, agent('ollama', 'gpt-oss:20b'), 2, done);
    const ollama120 = holders(slots, agent('ollama', 'gpt-oss:120b'), 1, done);
    await new Promise((resolve) => setTimeout(resolve, 5));
    // openai: two models share the provider's 2 slots; the judge has its own.
    expect(openaiA.started.length + openaiB.started.length).toBe(2);
    expect(judge.started).toEqual([0]);
    // Ollama: one at a time per model, both models at once.
    expect(ollama20.started).toEqual([0]);
    expect(ollama120.started).toEqual([0]);
    expect(slots.states()).toContainEqual({
      key: 'agent ollama gpt-oss:20b',
      inFlight: 1,
      waiting: 1,
      limit: 1,
    });
    finish();
    await Promise.all([...openaiA.runs, ...openaiB.runs, ...judge.runs, ...ollama20.runs]);
    expect(ollama20.started).toEqual([0, 1]);
    expect(slots.states().every((state) => state.inFlight === 0 && state.waiting === 0)).toBe(true);
  });

  test('a wait given up frees its place in the queue; a failing task frees its slot', async () => {
    const slots = new ProviderSlots({ concurrency: { anthropic: 1 }, env: {} });
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const first = slots.run(agent('anthropic'), () => done);
    const abort = new AbortController();
    const given = slots.run(agent('anthropic'), async () => 'never', abort.signal);
    abort.abort(new Error('test aborted'));
    await expect(given).rejects.toThrow('test aborted');
    expect(slots.states()[0]).toMatchObject({ inFlight: 1, waiting: 0 });
    finish();
    await first;
    await expect(
      slots.run(agent('anthropic'), () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await slots.run(agent('anthropic'), async () => 'next')).toBe('next');
  });

  test('a 429 halves a cloud limit and pauses it for retry-after; it recovers one slot per recoverMs', async () => {
    vi.useFakeTimers({ now: 0 });
    const slots = new ProviderSlots({
      concurrency: { openai: { max: 8, recoverMs: 1_000 } },
      env: {},
    });
    const limitOf = () => slots.states().find((state) => state.key === 'agent openai')?.limit;
    await slots.run(agent('openai'), async () => {});
    expect(limitOf()).toBe(8);

    slots.report({ provider: 'openai', kind: 'rate_limited', retryAfterMs: 2_000 });
    // Answers to requests sent at once arrive together: one back-off, not three.
    slots.report({ provider: 'openai', kind: 'rate_limited' });
    slots.report({ provider: 'openai', kind: 'near_limit' });
    expect(limitOf()).toBe(4);

    // Paused: nothing is granted until retry-after has passed.
    let granted = false;
    const waiting = slots.run(agent('openai'), async () => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(granted).toBe(true);
    expect(limitOf()).toBe(6);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(limitOf()).toBe(8);

    // Rate-limit news of another provider changes nothing here; Ollama's limit never adapts.
    await slots.run(agent('ollama'), async () => {});
    slots.report({ provider: 'anthropic', kind: 'rate_limited' });
    slots.report({ provider: 'ollama', kind: 'rate_limited' });
    expect(limitOf()).toBe(8);
    expect(slots.states().find((state) => state.key === 'agent ollama m')?.limit).toBe(1);
  });

  test('a backed-off limit grants waiters as it recovers', async () => {
    vi.useFakeTimers({ now: 0 });
    const slots = new ProviderSlots({
      concurrency: { openai: { max: 2, recoverMs: 500 } },
      env: {},
    });
    slots.report({ provider: 'openai', kind: 'near_limit' });
    // No queue yet: news about a limit nobody uses is dropped.
    expect(slots.states()).toEqual([]);
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const { started, runs } = holders(slots, agent('openai'), 2, done);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1]);
    finish();
    await Promise.all(runs);

    slots.report({ provider: 'openai', kind: 'near_limit' });
    let finishAgain = () => {};
    const doneAgain = new Promise<void>((resolve) => {
      finishAgain = resolve;
    });
    const again = holders(slots, agent('openai'), 2, doneAgain);
    await vi.advanceTimersByTimeAsync(0);
    expect(again.started).toEqual([0]);
    await vi.advanceTimersByTimeAsync(500);
    expect(again.started).toEqual([0, 1]);
    finishAgain();
    await Promise.all(again.runs);
  });
});

test('AdaptiveLimit never goes below 1 nor above its max', () => {
  const limit = new AdaptiveLimit(3, 100);
  limit.backOff(0);
  limit.backOff(2_000);
  limit.backOff(4_000);
  expect(limit.current(4_000)).toBe(1);
  expect(limit.nextChangeIn(4_000)).toBe(100);
  expect(limit.current(4_250)).toBe(3);
  expect(limit.current(1_000_000)).toBe(3);
  expect(limit.nextChangeIn(1_000_000)).toBeUndefined();
});
