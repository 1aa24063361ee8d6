import { createServer } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { joinSlotCoordinator } from '../../src/providers/shared-slot-coordinator.js';
import { SlotCoordinatorError } from '../../src/providers/slot-coordinator.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A port something else listens on. */
async function takenPort(): Promise<number> {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => taken.close(resolve)));
  const address = taken.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test('joins of one owner share one coordinator, started once, with the options of the first join', async () => {
  const owner = {};
  let starts = 0;
  const options = () => {
    starts += 1;
    return { env: {} };
  };
  const [first, second] = await Promise.all([
    joinSlotCoordinator(owner, options),
    joinSlotCoordinator(owner, options),
  ]);
  cleanups.push(
    () => first.leave(),
    () => second.leave(),
  );
  expect(second.address).toBe(first.address);
  expect(starts).toBe(1);
});

test('a coordinator that cannot start fails every waiting join; the next join tries afresh', async () => {
  const owner = {};
  const port = await takenPort();
  const joins = [
    joinSlotCoordinator(owner, () => ({ port, env: {} })),
    joinSlotCoordinator(owner, () => ({ env: {} })),
  ];
  for (const join of joins) await expect(join).rejects.toBeInstanceOf(SlotCoordinatorError);
  const retried = await joinSlotCoordinator(owner, () => ({ env: {} }));
  cleanups.push(() => retried.leave());
  expect(retried.address).toMatch(/^127\.0\.0\.1:\d+$/);
});

test('leaving twice counts once: the other share keeps the coordinator', async () => {
  const owner = {};
  const first = await joinSlotCoordinator(owner, () => ({ env: {} }));
  const second = await joinSlotCoordinator(owner, () => ({ env: {} }));
  cleanups.push(() => second.leave());
  await first.leave();
  await first.leave();
  const third = await joinSlotCoordinator(owner, () => {
    throw new Error('must not start another');
  });
  cleanups.push(() => third.leave());
  expect(third.address).toBe(second.address);
});
