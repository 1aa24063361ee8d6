import { afterEach, describe, expect, it } from 'vitest';
import { raceAbort } from '../../src/agent/race-abort.js';

/** Lets every pending promise job and the unhandled-rejection check run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('raceAbort', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    unhandled.length = 0;
  });

  it('settles with the work when the signal stays quiet', async () => {
    await expect(raceAbort(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(
      raceAbort(Promise.reject(new Error('no')), new AbortController().signal),
    ).rejects.toThrow('no');
  });

  it("rejects with the abort's reason at once, though the work has not settled", async () => {
    const abort = new AbortController();
    const never = new Promise<number>(() => {});
    const raced = raceAbort(never, abort.signal);
    abort.abort('stop');
    await expect(raced).rejects.toBe('stop');
  });

  it('leaves no unhandled rejection when the work fails after the abort', async () => {
    process.on('unhandledRejection', onUnhandled);
    for (const abortedBefore of [false, true]) {
      const abort = new AbortController();
      if (abortedBefore) abort.abort('stop');
      let fail: (reason: unknown) => void = () => {};
      const work = new Promise<number>((_, reject) => {
        fail = reject;
      });
      const raced = raceAbort(work, abort.signal);
      abort.abort('stop');
      await expect(raced).rejects.toBe('stop');
      // The work notices the abort later, as a provider call does.
      fail('stop');
      await settle();
    }
    expect(unhandled).toEqual([]);
  });
});
