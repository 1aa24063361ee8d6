import type { RateLimitSignal } from './rate-limit-signals.js';
import {
  type Concurrency,
  type LimitRule,
  limitRule,
  type SlotRequest,
  slotKey,
} from './slot-limits.js';

/** Lets at most `capacity` tasks run at once; the rest wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly capacity: number) {}

  /**
   * Runs `task` once a slot is free, and frees the slot when it settles. When `signal` aborts
   * while it waits, it leaves the queue and rejects with the signal's reason.
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.active >= this.capacity) await this.waitForSlot(signal);
    else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, so nobody can jump the queue.
      if (next) next();
      else this.active -= 1;
    }
  }

  private waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(granted);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      const granted = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiting.push(granted);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * Where provider slots come from: this process's own pool (`ProviderSlots`: the CLI, a lone
 * worker), or the run-wide coordinator every test worker asks (`connectSlotCoordinator`).
 */
export interface SlotPool {
  /**
   * Runs `task` holding one slot of the request's limit, waiting for one first (in order).
   * `signal` gives up the wait (the promise rejects with its reason); a running task keeps its
   * slot until it settles.
   */
  run<T>(request: SlotRequest, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** Runs `task` between `acquire` and the release it resolves to (whatever the task does). */
export async function runInSlot<T>(
  acquire: () => Promise<() => void>,
  task: () => Promise<T>,
): Promise<T> {
  const release = await acquire();
  try {
    return await task();
  } finally {
    release();
  }
}

/** Back-offs closer together than this are one event: the answers to requests sent at once. */
const BACKOFF_BURST_MS = 1_000;
/** A `retry-after` longer than this pauses the limit only this long (the retry policy decides the rest). */
const MAX_PAUSE_MS = 60_000;

/**
 * A limit that backs off and recovers (additive increase, multiplicative decrease, like TCP):
 * a rate-limit answer halves it (at least 1) and, with a `retry-after`, pauses new grants that
 * long; then it grows back by one per `recoverMs`, up to `max`.
 */
export class AdaptiveLimit {
  private base: number;
  private backedOffAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    readonly max: number,
    private readonly recoverMs: number,
  ) {
    this.base = max;
  }

  /** The limit at `now`. */
  current(now: number): number {
    const recovered = Math.floor((now - this.backedOffAt) / this.recoverMs);
    return Math.min(this.max, this.base + recovered);
  }

  /** How long new grants must still wait (0: none). */
  pausedFor(now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }

  /** Ms until the limit next changes by itself (a pause ends or it grows), or undefined. */
  nextChangeIn(now: number): number | undefined {
    const paused = this.pausedFor(now);
    if (paused > 0) return paused;
    if (this.current(now) >= this.max) return undefined;
    const since = now - this.backedOffAt;
    return this.recoverMs - (since % this.recoverMs);
  }

  /** A provider said it is rate limited (or nearly so): halve, and pause for `retryAfterMs`. */
  backOff(now: number, retryAfterMs?: number): void {
    if (now - this.backedOffAt >= BACKOFF_BURST_MS) {
      this.base = Math.max(1, Math.floor(this.current(now) / 2));
      this.backedOffAt = now;
    }
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(retryAfterMs, MAX_PAUSE_MS));
    }
  }
}

interface Waiter {
  grant: () => void;
}

/** One limit's state: how many hold a slot, who waits (in order), and the limit itself. */
class SlotQueue {
  inFlight = 0;
  readonly waiting: Waiter[] = [];
  timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly provider: string,
    readonly rule: LimitRule,
    readonly limit: AdaptiveLimit | undefined,
  ) {}

  capacity(now: number): number {
    if (!this.limit) return this.rule.max;
    return this.limit.pausedFor(now) > 0 ? 0 : this.limit.current(now);
  }
}

/** What one limit looks like right now (tests, the coordinator's diagnostics). */
export interface SlotState {
  key: string;
  inFlight: number;
  waiting: number;
  limit: number;
}

export interface ProviderSlotsOptions {
  /** The project's `concurrency` setting (agentsProject, `nanograde run`). */
  concurrency?: Concurrency;
  /** Where `OLLAMA_NUM_PARALLEL` is read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Provider slots held in this process: one queue per limit (`slotKey`: per provider for the
 * clouds, per model for Ollama, agent runs and judge calls apart), each served in order. Cloud
 * limits adapt to what providers say about their rate limits (`report`).
 */
export class ProviderSlots implements SlotPool {
  private readonly queues = new Map<string, SlotQueue>();
  private readonly now: () => number;

  constructor(private readonly options: ProviderSlotsOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  run<T>(request: SlotRequest, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return runInSlot(() => this.acquire(request, signal), task);
  }

  /**
   * Waits for a slot of the request's limit and resolves to the function that frees it (once;
   * later calls do nothing). `signal` gives up the wait: the promise rejects with its reason.
   */
  acquire(request: SlotRequest, signal?: AbortSignal): Promise<() => void> {
    const queue = this.queueFor(request);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        queue.inFlight -= 1;
        this.dispatch(queue);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const index = queue.waiting.indexOf(waiter);
        if (index === -1) return;
        queue.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.waiting.push(waiter);
      this.dispatch(queue);
    });
  }

  /** A provider's rate-limit news: every adaptive limit of that provider backs off. */
  report(signal: RateLimitSignal): void {
    const now = this.now();
    for (const queue of this.queues.values()) {
      if (queue.provider !== signal.provider || !queue.limit) continue;
      queue.limit.backOff(now, signal.kind === 'rate_limited' ? signal.retryAfterMs : undefined);
      this.dispatch(queue);
    }
  }

  /** Every limit in use, with who holds and who waits. */
  states(): SlotState[] {
    const now = this.now();
    return [...this.queues].map(([key, queue]) => ({
      key,
      inFlight: queue.inFlight,
      waiting: queue.waiting.length,
      limit: queue.limit ? queue.limit.current(now) : queue.rule.max,
    }));
  }

  private queueFor(request: SlotRequest): SlotQueue {
    const rule = limitRule(request.provider, this.options.concurrency, this.options.env);
    const key = slotKey(request, rule);
    let queue = this.queues.get(key);
    if (!queue) {
      const limit = rule.adaptive ? new AdaptiveLimit(rule.max, rule.recoverMs) : undefined;
      queue = new SlotQueue(request.provider, rule, limit);
      this.queues.set(key, queue);
    }
    return queue;
  }

  /** Grants slots while the limit allows; wakes itself when a pause ends or the limit grows. */
  private dispatch(queue: SlotQueue): void {
    const now = this.now();
    while (queue.waiting.length > 0 && queue.inFlight < queue.capacity(now)) {
      queue.inFlight += 1;
      queue.waiting.shift()?.grant();
    }
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = undefined;
    const wake = queue.waiting.length > 0 ? queue.limit?.nextChangeIn(now) : undefined;
    if (wake !== undefined) {
      queue.timer = setTimeout(() => this.dispatch(queue), Math.max(1, wake));
    }
  }
}
