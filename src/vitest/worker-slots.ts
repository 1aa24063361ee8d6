import { inject } from 'vitest';
import type { NanogradeOptions } from '../config/nanograde-options.js';
import { ProviderSlots, Semaphore, type SlotPool } from '../providers/provider-limiters.js';
import { onRateLimitSignal } from '../providers/rate-limit-signals.js';
import { connectSlotCoordinator } from '../providers/slot-client.js';
import type { SlotRequest } from '../providers/slot-limits.js';

/** The `provide`/`inject` key of the coordinator's address (its global setup provides it). */
const SLOTS_KEY = 'nanogradeSlots';

/** Agent tests of a worker doing their work at once, unless `maxConcurrency` says otherwise. */
const DEFAULT_MAX_CONCURRENCY = 32;

// One per worker process, kept across test files (the agents project does not isolate them).
const workLimits = new Map<number, Semaphore>();
let pool: { source: string; slots: SlotPool; stop: () => void } | undefined;

/**
 * This worker's provider slots: the run-wide coordinator's when the agents project started one
 * (so the limits hold across every worker), else this worker's own pool (agentTest in a project
 * agentsProject() did not make). Rate-limit news from this worker's requests goes to whichever
 * it is.
 */
export function workerSlots(options: NanogradeOptions): SlotPool {
  let address: string | undefined;
  try {
    address = inject(SLOTS_KEY);
  } catch {
    address = undefined; // not inside a Vitest worker
  }
  const source = address ?? `in-process ${JSON.stringify(options.concurrency ?? {})}`;
  if (pool?.source === source) return pool.slots;
  pool?.stop();
  if (address) {
    const link = connectSlotCoordinator(address);
    const unsubscribe = onRateLimitSignal((signal) => link.report(signal));
    pool = {
      source,
      slots: link,
      stop: () => {
        unsubscribe();
        link.close();
      },
    };
  } else {
    const slots = new ProviderSlots(
      options.concurrency ? { concurrency: options.concurrency } : {},
    );
    pool = { source, slots, stop: onRateLimitSignal((signal) => slots.report(signal)) };
  }
  return pool.slots;
}

/**
 * Runs an agent test's work holding its provider slot (none for a replay or a built-in), then a
 * place among the worker's `maxConcurrency` tests at work. Waiting for the provider slot takes
 * no place, so tests of other providers run meanwhile; `signal` gives up the wait.
 */
export function holdingSlots<T>(
  options: NanogradeOptions,
  slot: SlotRequest | undefined,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const capacity = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  let limit = workLimits.get(capacity);
  if (!limit) {
    limit = new Semaphore(capacity);
    workLimits.set(capacity, limit);
  }
  const bounded = limit;
  const working = () => bounded.run(work);
  return slot ? workerSlots(options).run(slot, working, signal) : working();
}
