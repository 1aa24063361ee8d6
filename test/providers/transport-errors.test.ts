/**
 * What Node's fetch really throws when a server misbehaves, classified: a real HTTP server on
 * 127.0.0.1 drops connections, cuts and garbles bodies; nothing is simulated in-process.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyTransportError } from '../../src/providers/transport-errors.js';
import { closedPortUrl, rejectionOf } from '../fakes/test-support.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case '/closed-mid-body':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"output":[{"type":"mess');
        setTimeout(() => response.socket?.destroy(), 10);
        return;
      case '/cut-short':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"output":[{"type":"message","content":"hel');
        return;
      case '/garbled':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"output"=[]}');
        return;
      case '/reset':
        request.socket.destroy();
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** What a client reading `url`'s JSON throws. */
const failureOf = (url: string) => rejectionOf(fetch(url).then((response) => response.json()));
const target = () => ({ service: 'OpenAI', url: base });

describe('classifyTransportError, on what fetch really throws', () => {
  it('a connection closed mid-answer → network, saying so (not "terminated")', async () => {
    const error = classifyTransportError(await failureOf(`${base}/closed-mid-body`), target());
    expect(error).toMatchObject({ kind: 'network' });
    expect(error?.providerMessage).toBe(
      `OpenAI at ${base} closed the connection before its answer was complete (terminated: other side closed (UND_ERR_SOCKET))`,
    );
  });

  it('a body cut short or garbled → bad_response', async () => {
    for (const path of ['/cut-short', '/garbled']) {
      const error = classifyTransportError(await failureOf(`${base}${path}`), target());
      expect(error).toMatchObject({ kind: 'bad_response' });
      expect(error?.providerMessage).toMatch(
        new RegExp(
          `^OpenAI at ${base} sent an answer that is not valid JSON \\(cut short or garbled\\): .*JSON`,
        ),
      );
    }
  });

  it('a connection reset before any answer → network', async () => {
    const error = classifyTransportError(await failureOf(`${base}/reset`), target());
    expect(error).toMatchObject({ kind: 'network' });
    expect(error?.providerMessage).toMatch(
      /closed the connection without an answer \(fetch failed: other side closed/,
    );
  });

  it('a refused connection → network, naming the cause', async () => {
    const closed = await closedPortUrl();
    const error = classifyTransportError(await failureOf(closed), {
      service: 'Ollama',
      url: closed,
    });
    expect(error).toMatchObject({ kind: 'network' });
    expect(error?.providerMessage).toMatch(
      new RegExp(`^Could not connect to Ollama at ${closed} \\(fetch failed: .*ECONNREFUSED`),
    );
  });

  it('leaves alone what is neither: a bug, a plain value', () => {
    expect(
      classifyTransportError(
        new TypeError("Cannot read properties of undefined (reading 'x')"),
        target(),
      ),
    ).toBeUndefined();
    expect(classifyTransportError('nope', target())).toBeUndefined();
  });
});
