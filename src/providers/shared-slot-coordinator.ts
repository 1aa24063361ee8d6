import { type SlotCoordinator, startSlotCoordinator } from './slot-coordinator.js';
import { SLOT_PROTOCOL_VERSION } from './slot-protocol.js';

/** One user's share of a coordinator several users hold together. */
export interface SlotCoordinatorShare {
  /** Where the coordinator listens (`127.0.0.1:<port>`). */
  address: string;
  /** Gives the share back (once); the last one to leave stops the coordinator. */
  leave(): Promise<void>;
}

interface Shared {
  coordinator: Promise<SlotCoordinator>;
  users: number;
}

/**
 * The coordinators in use, per owner. Kept on globalThis rather than in this module: Vitest
 * loads each project's global setup through that project's own module runner, so each project
 * may have its own copy of this module. The protocol version in the key keeps two installed
 * nanograde versions from handing each other's workers a coordinator they cannot talk to.
 */
const REGISTRY = Symbol.for(`nanograde.slotCoordinators.v${SLOT_PROTOCOL_VERSION}`);

function registry(): WeakMap<object, Shared> {
  const holder = globalThis as unknown as Record<symbol, WeakMap<object, Shared> | undefined>;
  const found = holder[REGISTRY] ?? new WeakMap<object, Shared>();
  holder[REGISTRY] = found;
  return found;
}

/**
 * Joins the coordinator of `owner` (a Vitest instance: one run, with all its projects), starting
 * it with `options()` if nobody holds it yet. Every join must `leave()`; the coordinator stops
 * when the last share is given back, and a later join starts a new one (a restarted watch run).
 * If starting fails, every waiting join fails with the reason and the next one tries afresh.
 */
export async function joinSlotCoordinator(
  owner: object,
  options: () => Parameters<typeof startSlotCoordinator>[0],
): Promise<SlotCoordinatorShare> {
  const shares = registry();
  const found = shares.get(owner);
  const shared = found ?? { coordinator: startSlotCoordinator(options()), users: 0 };
  if (!found) shares.set(owner, shared);
  shared.users += 1;
  let coordinator: SlotCoordinator;
  try {
    coordinator = await shared.coordinator;
  } catch (error) {
    if (shares.get(owner) === shared) shares.delete(owner);
    throw error;
  }
  let left = false;
  return {
    address: coordinator.address,
    leave: async () => {
      if (left) return;
      left = true;
      shared.users -= 1;
      if (shared.users > 0) return;
      if (shares.get(owner) === shared) shares.delete(owner);
      await coordinator.close();
    },
  };
}
