import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http } from 'msw';
import type { FakeHandler, FakeRequest, FakeResponse } from './fake-types.js';

/** Turns a FakeResponse into a fetch Response. */
export function toFetchResponse(response: FakeResponse): Response {
  const headers = new Headers(response.headers);
  const isText = typeof response.body === 'string';
  if (!headers.has('content-type')) {
    headers.set('content-type', isText ? 'text/plain' : 'application/json');
  }
  const body = isText ? (response.body as string) : JSON.stringify(response.body);
  return new Response(body, { status: response.status, headers });
}

/** Waits `ms`, or rejects when `signal` aborts first. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** An msw handler that routes every request under `baseUrl` to the fake. */
export function mswHandler(baseUrl: string, fake: FakeHandler) {
  const base = baseUrl.replace(/\/$/, '');
  return http.all(`${base}/*`, async ({ request }) => {
    const fakeRequest: FakeRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      bodyText: request.method === 'GET' ? '' : await request.text(),
      signal: request.signal,
    };
    try {
      return toFetchResponse(await fake(fakeRequest));
    } catch (error) {
      // The client gave up (abort tests): nobody reads this answer, so say so quietly.
      if (request.signal.aborted) return new Response(null, { status: 499 });
      throw error;
    }
  });
}

/** A running fake on a real 127.0.0.1 port, for child processes. */
export interface ServedFake {
  url: string;
  close(): Promise<void>;
}

/** Serves a fake over real HTTP on 127.0.0.1 (an ephemeral port). */
export async function serveFake(fake: FakeHandler): Promise<ServedFake> {
  const server: Server = createServer(async (req, res) => {
    const aborted = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort(new Error('client closed the connection'));
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(key, value);
      else if (Array.isArray(value)) headers.set(key, value.join(', '));
    }
    try {
      const response = toFetchResponse(
        await fake({
          method: req.method ?? 'GET',
          url: new URL(req.url ?? '/', 'http://127.0.0.1'),
          headers,
          bodyText: Buffer.concat(chunks).toString('utf8'),
          signal: aborted.signal,
        }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      if (aborted.signal.aborted) return;
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake crashed: ${String(error)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
