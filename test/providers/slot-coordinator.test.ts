import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { connectSlotCoordinator } from '../../src/providers/slot-client.js';
import {
  type SlotCoordinator,
  startSlotCoordinator,
} from '../../src/providers/slot-coordinator.js';
import type { SlotRequest } from '../../src/providers/slot-limits.js';
import { closedPortUrl } from '../fakes/test-support.js';

const OLLAMA_20B: SlotRequest = { pool: 'agent', provider: 'ollama', model: 'gpt-oss:20b' };
const OPENAI: SlotRequest = { pool: 'agent', provider: 'openai', model: 'gpt-5' };

let coordinator: SlotCoordinator | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await coordinator?.close();
  coordinator = undefined;
});

function link(address: string) {
  const opened = connectSlotCoordinator(address);
  cleanups.push(() => opened.close());
  return opened;
}

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

test('the limits hold across workers: each link waits its turn, in order', async () => {
  coordinator = await startSlotCoordinator({ concurrency: { openai: 2 }, env: {} });
  const workers = [link(coordinator.address), link(coordinator.address), link(coordinator.address)];
  let inFlight = 0;
  let peak = 0;
  const order: string[] = [];
  const run = (worker: number, job: number) =>
    workers[worker]?.run(OPENAI, async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      order.push(`${worker}.${job}`);
      await tick(15);
      inFlight -= 1;
    });
  await Promise.all([0, 1, 2].flatMap((worker) => [0, 1].map((job) => run(worker, job))));
  expect(peak).toBe(2);
  expect(order).toHaveLength(6);
  await tick(); // the last release is on its way
  expect(coordinator.slots.states()).toEqual([
    { key: 'agent openai', inFlight: 0, waiting: 0, limit: 2 },
  ]);
});

test("a worker's rate-limit news backs off the run-wide limit", async () => {
  coordinator = await startSlotCoordinator({ env: {} });
  const worker = link(coordinator.address);
  await worker.run(OPENAI, async () => {});
  worker.report({ provider: 'openai', kind: 'rate_limited' });
  await tick();
  expect(coordinator.slots.states()).toEqual([
    { key: 'agent openai', inFlight: 0, waiting: 0, limit: 4 },
  ]);
});

test('a wait given up is withdrawn at the coordinator', async () => {
  coordinator = await startSlotCoordinator({ env: {} });
  const worker = link(coordinator.address);
  let finish = () => {};
  const holding = worker.run(OLLAMA_20B, () => new Promise<void>((resolve) => (finish = resolve)));
  await tick();
  const abort = new AbortController();
  const waiting = worker.run(OLLAMA_20B, async () => 'never', abort.signal);
  await tick();
  expect(coordinator.slots.states()[0]).toMatchObject({ inFlight: 1, waiting: 1 });
  abort.abort(new Error('the test was cancelled'));
  await expect(waiting).rejects.toThrow('the test was cancelled');
  await tick();
  expect(coordinator.slots.states()[0]).toMatchObject({ inFlight: 1, waiting: 0 });
  finish();
  await holding;
  await tick();
  expect(coordinator.slots.states()[0]).toMatchObject({ inFlight: 0, waiting: 0 });
});

/** A worker process that takes one slot, says so, and holds it until it is killed. */
function slotHoldingProcess(address: string) {
  const [host, port] = address.split(':');
  const script = `
const socket = require('node:net').connect({ host: ${JSON.stringify(host)}, port: ${Number(port)} });
socket.write(JSON.stringify({ t: 'hello', version: 1 }) + '\\n');
socket.write(JSON.stringify({ t: 'acquire', id: 1, request: ${JSON.stringify(OLLAMA_20B)} }) + '\\n');
socket.on('data', (chunk) => { if (String(chunk).includes('"grant"')) console.log('granted'); });
setInterval(() => {}, 1000);
`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => child.kill('SIGKILL'));
  const granted = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('granted')) resolve();
    });
  });
  return { child, granted };
}

test('a worker that dies holding a slot leaks nothing: its slot goes to the next in line', async () => {
  coordinator = await startSlotCoordinator({ env: {} });
  const holder = slotHoldingProcess(coordinator.address);
  await holder.granted;
  const worker = link(coordinator.address);
  let granted = false;
  const next = worker.run(OLLAMA_20B, async () => {
    granted = true;
  });
  await tick(100);
  expect(granted).toBe(false);
  holder.child.kill('SIGKILL');
  await next;
  expect(granted).toBe(true);
  await tick();
  expect(coordinator.slots.states()[0]).toMatchObject({ inFlight: 0, waiting: 0 });
});

test('a coordinator that cannot be reached fails the wait with a clear error', async () => {
  const nowhere = new URL(await closedPortUrl()).host;
  const worker = link(nowhere);
  await expect(worker.run(OPENAI, async () => 'ran')).rejects.toThrow(
    new RegExp(
      `provider-slot coordinator at ${nowhere} cannot be reached .*cannot get provider slots`,
    ),
  );
  // Later requests fail at once, the same way; nothing runs without its slot.
  await expect(worker.run(OPENAI, async () => 'ran')).rejects.toThrow('cannot be reached');
});

test('a coordinator that cannot listen says why and what to do', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => taken.close());
  const address = taken.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await expect(startSlotCoordinator({ env: {}, port })).rejects.toThrow(
    /could not start its provider-slot coordinator on 127.0.0.1 \(listen EADDRINUSE.*allow local TCP connections/,
  );
});

test('a worker of another nanograde version is refused, saying why', async () => {
  coordinator = await startSlotCoordinator({ env: {} });
  const [host, port] = coordinator.address.split(':');
  const { connect } = await import('node:net');
  const socket = connect({ host: host ?? '', port: Number(port) });
  socket.write(`${JSON.stringify({ t: 'hello', version: 99 })}\n`);
  const reply = await new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('close', () => resolve(text));
  });
  expect(JSON.parse(reply)).toEqual({
    t: 'error',
    message: expect.stringContaining('two nanograde versions are installed'),
  });
});
