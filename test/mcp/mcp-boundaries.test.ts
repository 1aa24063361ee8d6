/**
 * The real `nanograde mcp` binary at its boundaries: messages it cannot read (over 10 MB, not
 * JSON) get a JSON-RPC error and the server reads on; a call's workspace must lie inside the
 * roots the client declares (MCP roots/list), and / and the home folder are refused unless
 * `--allow-home-and-root` allows them.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../src/mcp/stdio-line-transport.js';
import { BUILT_CLI_KEY } from '../build-dist.global-setup.js';

/** The server's environment: no real key or host of this machine; OpenAI on a closed port. */
const serverEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '',
  OPENAI_API_KEY: 'sk-boundaries-test',
  OPENAI_BASE_URL: 'http://127.0.0.1:1/v1',
  ...(process.env.NANOGRADE_NOW ? { NANOGRADE_NOW: process.env.NANOGRADE_NOW } : {}),
  ...extra,
});

/** A server spoken to line by line, as a client's transport would. */
class RawServer {
  private buffer = '';
  private waiting: ((line: unknown) => void)[] = [];
  private lines: unknown[] = [];
  readonly child: ChildProcessWithoutNullStreams;
  exitCode: number | null = null;

  constructor(cwd: string) {
    this.child = spawn(process.execPath, [inject(BUILT_CLI_KEY), 'mcp'], {
      cwd,
      env: serverEnv(),
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\n'); end !== -1; end = this.buffer.indexOf('\n')) {
        const line = JSON.parse(this.buffer.slice(0, end)) as unknown;
        this.buffer = this.buffer.slice(end + 1);
        const waiter = this.waiting.shift();
        if (waiter) waiter(line);
        else this.lines.push(line);
      }
    });
    this.child.on('exit', (code) => {
      this.exitCode = code;
    });
  }

  send(text: string): void {
    this.child.stdin.write(`${text}\n`);
  }

  next(): Promise<unknown> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async request(id: number, method: string, params: unknown = {}): Promise<unknown> {
    this.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return this.next();
  }
}

describe('messages the server cannot read', () => {
  let cwd: string;
  let server: RawServer;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'nanograde-mcp-raw-'));
    server = new RawServer(cwd);
    await server.request(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'raw', version: '0' },
    });
    server.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  });

  afterAll(async () => {
    server.child.kill();
    await rm(cwd, { recursive: true, force: true });
  });

  it('answers a message over 10 MB with an Invalid Request error to its id, and reads on', async () => {
    // As the SDK's client writes it: the id comes last.
    const prompt = 'x'.repeat(MAX_MESSAGE_BYTES + 1000);
    const oversize = `{"method":"tools/call","params":{"name":"prompt_nano_agent","arguments":{"agentic_prompt":"${prompt}"}},"jsonrpc":"2.0","id":7}`;
    server.send(oversize);
    expect(await server.next()).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32600,
        message: `The message is ${Buffer.byteLength(oversize)} bytes, over this server's limit of 10 MB (${MAX_MESSAGE_BYTES} bytes); send a smaller one (put large content in a file in the workspace).`,
      },
    });
    const listed = (await server.request(8, 'tools/list')) as { id: number; result: unknown };
    expect(listed).toEqual(
      expect.objectContaining({
        id: 8,
        result: expect.objectContaining({
          tools: [expect.objectContaining({ name: 'prompt_nano_agent' })],
        }),
      }),
    );
    expect(server.exitCode).toBeNull();
  });

  it('answers a line that is not JSON with a Parse error, and reads on', async () => {
    server.send('{"jsonrpc":"2.0","id":9,"method":');
    expect(await server.next()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: expect.stringMatching(/^Parse error: the line is not JSON/) },
    });
    expect(await server.request(10, 'ping')).toEqual({ jsonrpc: '2.0', id: 10, result: {} });
  });
});

describe('workspaces inside the roots the client declares', () => {
  let base: string;
  let project: string;
  let elsewhere: string;
  let client: Client;
  let roots: string[];

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'nanograde-mcp-roots-'));
    project = join(base, 'project');
    elsewhere = join(base, 'elsewhere');
    await Promise.all([mkdir(join(project, 'sub'), { recursive: true }), mkdir(elsewhere)]);
    roots = [project];
    client = new Client(
      { name: 'nanograde-roots-test', version: '0.0.0' },
      { capabilities: { roots: { listChanged: true } } },
    );
    client.setRequestHandler(ListRootsRequestSchema, async () => ({
      roots: roots.map((folder) => ({ uri: pathToFileURL(folder).href, name: 'project' })),
    }));
    // The server starts in `elsewhere`: with roots declared, its working directory is not one.
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [inject(BUILT_CLI_KEY), 'mcp'],
        cwd: elsewhere,
        env: serverEnv(),
      }),
    );
  });

  afterAll(async () => {
    await client.close();
    await rm(base, { recursive: true, force: true });
  });

  const call = (workspace: string) =>
    client.callTool({
      name: 'prompt_nano_agent',
      arguments: { agentic_prompt: 'hi', model: 'openai:gpt-5-mini', workspace },
    });
  const textOf = (result: Awaited<ReturnType<typeof call>>) =>
    (result.content as { text: string }[]).map((part) => part.text).join('\n');

  it('runs in a folder inside a root (the run itself then fails: the API is on a closed port)', async () => {
    const result = await call(join(project, 'sub'));
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toEqual(
      expect.objectContaining({
        success: false,
        metadata: expect.objectContaining({ error_kind: 'provider' }),
      }),
    );
  });

  it("refuses the server's own working directory when it is not a root", async () => {
    const result = await call(elsewhere);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(textOf(result)).toBe(
      `The workspace ${elsewhere} is outside the folders this server may work in (the client's roots: ${project}); give a folder inside one of them.`,
    );
  });

  it('asks for the roots on every call, so a changed list takes effect', async () => {
    roots = [project, elsewhere];
    await client.sendRootsListChanged();
    const result = await call(elsewhere);
    expect(result.structuredContent).toEqual(expect.objectContaining({ success: false }));
    expect(textOf(result)).not.toMatch(/outside the folders/);
  });
});

describe('a run that fails in the network, over MCP', () => {
  let api: Server;
  let cwd: string;
  let client: Client;

  beforeAll(async () => {
    // Every answer is cut off mid-body: the connection closes before it is complete.
    api = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"id":"resp_1","output":[{"type":"mess');
      setTimeout(() => response.socket?.destroy(), 5);
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(api.address() as AddressInfo).port}/v1`;
    cwd = await mkdtemp(join(tmpdir(), 'nanograde-mcp-cut-'));
    client = new Client({ name: 'nanograde-cut-test', version: '0.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [inject(BUILT_CLI_KEY), 'mcp'],
        cwd,
        env: serverEnv({ OPENAI_BASE_URL: base }),
      }),
    );
  });

  afterAll(async () => {
    await client.close();
    await new Promise<void>((resolve) => api.close(() => resolve()));
    await rm(cwd, { recursive: true, force: true });
  });

  it('answers the seed JSON with error_kind, saying what happened (not "terminated")', async () => {
    const result = await client.callTool({
      name: 'prompt_nano_agent',
      arguments: { agentic_prompt: 'hi', model: 'openai:gpt-5-mini' },
    });
    expect(result.isError).toBe(true);
    const answer = result.structuredContent as {
      success: boolean;
      error: string;
      metadata: { error_kind: string; provider_error_kind: string | null; turns: number };
    };
    expect(answer).toEqual(
      expect.objectContaining({
        success: false,
        metadata: expect.objectContaining({
          error_kind: 'provider',
          provider_error_kind: 'network',
          turns: 1,
        }),
      }),
    );
    expect(answer.error).toMatch(
      /^openai request failed on turn 1 after 3 attempts: network: OpenAI at http:\/\/127\.0\.0\.1:\d+\/v1 closed the connection before its answer was complete/,
    );
    const text = (result.content as { text: string }[])[0]?.text ?? '';
    expect(JSON.parse(text)).toEqual(answer);
  });
});
