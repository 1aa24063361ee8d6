import type { Socket } from 'node:net';
import { z } from 'zod';
import { ProviderNameSchema } from '../records/provider-facts.js';
import { SlotRequestSchema } from './slot-limits.js';

/**
 * The slot coordinator's wire protocol: one JSON object per line over a local TCP connection,
 * one connection per test worker. A worker says hello, asks for slots (`acquire`, answered by
 * `grant` once one is free), frees them (`release`, which also withdraws a waiting `acquire`),
 * and passes on providers' rate-limit news (`signal`). When a connection closes — the worker
 * finished, crashed or was killed — every slot it held is freed and its waits are dropped.
 */
export const SLOT_PROTOCOL_VERSION = 1;

export const WorkerMessageSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('hello'), version: z.number().int() }),
  z.strictObject({ t: z.literal('acquire'), id: z.number().int(), request: SlotRequestSchema }),
  z.strictObject({ t: z.literal('release'), id: z.number().int() }),
  z.strictObject({
    t: z.literal('signal'),
    provider: ProviderNameSchema,
    kind: z.enum(['rate_limited', 'near_limit']),
    retryAfterMs: z.number().nonnegative().optional(),
  }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;

export const CoordinatorMessageSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('grant'), id: z.number().int() }),
  z.strictObject({ t: z.literal('error'), message: z.string() }),
]);
export type CoordinatorMessage = z.infer<typeof CoordinatorMessageSchema>;

/** Sends one message as a line. */
export function sendLine(socket: Socket, message: WorkerMessage | CoordinatorMessage): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}

/**
 * Calls `onMessage` with each line `socket` receives, parsed with `schema`; a line that is not
 * such a message goes to `onInvalid` with what was wrong.
 */
export function readMessages<T>(
  socket: Socket,
  schema: z.ZodType<T>,
  onMessage: (message: T) => void,
  onInvalid: (problem: string) => void,
): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let end = buffered.indexOf('\n');
    while (end !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf('\n');
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        onInvalid(`not JSON: ${line.slice(0, 100)}`);
        continue;
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) onMessage(parsed.data);
      else
        onInvalid(`unexpected message ${line.slice(0, 100)}: ${parsed.error.issues[0]?.message}`);
    }
  });
}
