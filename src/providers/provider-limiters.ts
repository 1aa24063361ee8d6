import { PROVIDER_FACTS, type ProviderName } from '../records/provider-facts.js';

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
 * A pool of per-provider limiters: each provider's default concurrency from the registry
 * (Ollama 1 at a time, cloud providers 8), unless `concurrency` says otherwise. Agent runs and
 * judge calls use separate pools: a check that judges a run still holds the run's slot, so one
 * pool would deadlock on a provider limited to 1.
 */
export function providerLimiters(): (
  provider: ProviderName,
  concurrency?: Readonly<Record<string, number>>,
) => Semaphore {
  const limiters = new Map<string, Semaphore>();
  return (provider, concurrency) => {
    let limiter = limiters.get(provider);
    if (!limiter) {
      limiter = new Semaphore(concurrency?.[provider] ?? PROVIDER_FACTS[provider].concurrency);
      limiters.set(provider, limiter);
    }
    return limiter;
  };
}
