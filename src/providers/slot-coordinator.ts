import { createServer, type Server, type Socket } from 'node:net';
import { ProviderSlots, type ProviderSlotsOptions } from './provider-limiters.js';
import {
  type CoordinatorMessage,
  readMessages,
  SLOT_PROTOCOL_VERSION,
  sendLine,
  type WorkerMessage,
  WorkerMessageSchema,
} from './slot-protocol.js';

/** The run-wide slot coordinator, listening on 127.0.0.1. */
export interface SlotCoordinator {
  /** `127.0.0.1:<port>`: what workers connect to (handed to them with Vitest's `provide`). */
  address: string;
  /** The slots it hands out (their states, for diagnostics and tests). */
  slots: ProviderSlots;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

/** The coordinator could not listen: nothing can hand out provider slots, so nothing runs. */
export class SlotCoordinatorError extends Error {
  constructor(cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `nanograde could not start its provider-slot coordinator on 127.0.0.1 (${why}). Agent test files run in parallel and share the provider limits through it: allow local TCP connections on this machine (a firewall or sandbox rule refused it).`,
      { cause },
    );
    this.name = 'SlotCoordinatorError';
  }
}

/**
 * Starts the coordinator every test worker asks for provider slots, so the per-provider limits
 * hold across the whole run while files run in parallel. It owns one `ProviderSlots`; each
 * worker connection is served by `serveWorker`.
 */
export async function startSlotCoordinator(
  options: ProviderSlotsOptions & { /** Default 0: any free port. */ port?: number } = {},
): Promise<SlotCoordinator> {
  const slots = new ProviderSlots(options);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveWorker(socket, slots);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw new SlotCoordinatorError(error);
  }
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new SlotCoordinatorError(new Error(`unexpected address ${String(address)}`));
  }
  return {
    address: `127.0.0.1:${address.port}`,
    slots,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Serves one worker: grants its slots in order, and frees whatever it held or waited for when
 * its connection closes — a worker that crashes or is killed leaks nothing.
 */
function serveWorker(socket: Socket, slots: ProviderSlots): void {
  socket.setNoDelay(true);
  const held = new Map<number, () => void>();
  const waiting = new Map<number, AbortController>();
  let greeted = false;
  let closed = false;
  const send = (message: CoordinatorMessage) => sendLine(socket, message);
  const refuse = (message: string) => {
    send({ t: 'error', message });
    socket.end();
  };

  const handle = (message: WorkerMessage) => {
    if (message.t === 'hello') {
      if (message.version !== SLOT_PROTOCOL_VERSION) {
        refuse(
          `the worker speaks slot protocol ${message.version}, the coordinator ${SLOT_PROTOCOL_VERSION}: two nanograde versions are installed; make the test workers and vitest.config.ts load the same one`,
        );
        return;
      }
      greeted = true;
      return;
    }
    if (!greeted) {
      refuse('a worker must say hello first');
      return;
    }
    switch (message.t) {
      case 'acquire': {
        const abort = new AbortController();
        waiting.set(message.id, abort);
        slots.acquire(message.request, abort.signal).then(
          (release) => {
            waiting.delete(message.id);
            if (closed) return release();
            held.set(message.id, release);
            send({ t: 'grant', id: message.id });
          },
          () => waiting.delete(message.id),
        );
        return;
      }
      case 'release': {
        held.get(message.id)?.();
        held.delete(message.id);
        waiting.get(message.id)?.abort(new Error('withdrawn by the worker'));
        waiting.delete(message.id);
        return;
      }
      case 'signal': {
        const { provider, kind, retryAfterMs } = message;
        slots.report({ provider, kind, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
        return;
      }
    }
  };

  readMessages(socket, WorkerMessageSchema, handle, (problem) =>
    refuse(`the coordinator got ${problem}`),
  );
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    closed = true;
    for (const abort of waiting.values()) abort.abort(new Error('the worker went away'));
    for (const release of held.values()) release();
    waiting.clear();
    held.clear();
  });
}
