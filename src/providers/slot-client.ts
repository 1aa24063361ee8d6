import { connect, type Socket } from 'node:net';
import { runInSlot, type SlotPool } from './provider-limiters.js';
import type { RateLimitSignal } from './rate-limit-signals.js';
import type { SlotRequest } from './slot-limits.js';
import {
  type CoordinatorMessage,
  CoordinatorMessageSchema,
  readMessages,
  SLOT_PROTOCOL_VERSION,
  sendLine,
} from './slot-protocol.js';

/** A test worker's link to the run-wide coordinator: slots from it, rate-limit news to it. */
export interface SlotCoordinatorLink extends SlotPool {
  /** Passes a provider's rate-limit news on to the coordinator, whose limits back off. */
  report(signal: RateLimitSignal): void;
  /** Closes the connection (the coordinator frees whatever it still held). */
  close(): void;
}

interface Pending {
  resolve: (release: () => void) => void;
  reject: (reason: unknown) => void;
}

/**
 * Links this process to the coordinator at `address` (`127.0.0.1:<port>`). It connects on first
 * use; waiting for a slot keeps the process alive, an idle link does not. If the coordinator
 * cannot be reached or goes away, every wait (and every later request) fails with an error that
 * says so — a worker never runs without its slot.
 */
export function connectSlotCoordinator(address: string): SlotCoordinatorLink {
  const [host = '', portText = ''] = address.split(/:(?=\d+$)/);
  const port = Number(portText);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: Socket | undefined;
  let failure: Error | undefined;

  const fail = (why: string) => {
    failure ??= new Error(
      `nanograde's provider-slot coordinator at ${address} ${why}; the agent tests cannot get provider slots`,
    );
    for (const wait of pending.values()) wait.reject(failure);
    pending.clear();
    socket?.destroy();
  };

  const link = (): Socket => {
    if (socket) return socket;
    if (!host || !Number.isInteger(port)) {
      fail('is not a host:port address');
      throw failure;
    }
    const opened = connect({ host, port, noDelay: true });
    socket = opened;
    opened.unref();
    sendLine(opened, { t: 'hello', version: SLOT_PROTOCOL_VERSION });
    readMessages(
      opened,
      CoordinatorMessageSchema,
      (message: CoordinatorMessage) => {
        if (message.t === 'error') return fail(`refused: ${message.message}`);
        const wait = pending.get(message.id);
        if (!wait) return;
        pending.delete(message.id);
        if (pending.size === 0) opened.unref();
        let released = false;
        wait.resolve(() => {
          if (released) return;
          released = true;
          sendLine(opened, { t: 'release', id: message.id });
        });
      },
      (problem) => fail(`sent ${problem}`),
    );
    opened.on('error', (error) => fail(`cannot be reached (${error.message})`));
    opened.on('close', () => fail('closed the connection'));
    return opened;
  };

  const acquire = (request: SlotRequest, signal?: AbortSignal): Promise<() => void> => {
    if (failure) return Promise.reject(failure);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const connection = link();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (!pending.delete(id)) return;
        if (pending.size === 0) connection.unref();
        // Withdraws the wait; a grant already on its way is freed by the same message.
        sendLine(connection, { t: 'release', id });
        reject(signal?.reason);
      };
      pending.set(id, {
        resolve: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        reject: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      connection.ref();
      sendLine(connection, { t: 'acquire', id, request });
    });
  };

  return {
    run: (request, task, signal) => runInSlot(() => acquire(request, signal), task),
    report: (signal) => {
      if (failure) return;
      const { provider, kind, retryAfterMs } = signal;
      sendLine(link(), {
        t: 'signal',
        provider,
        kind,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    },
    close: () => {
      socket?.destroy();
      failure ??= new Error(`the link to nanograde's provider-slot coordinator was closed`);
    },
  };
}
