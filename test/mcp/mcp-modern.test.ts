/**
 * The real `nanograde mcp` binary driven by the official v2 MCP client (@modelcontextprotocol/
 * client), which speaks protocol revision 2026-07-28 where the server does: no initialize
 * handshake, the client's capabilities on every request, and no server-to-client requests, so
 * the client's roots come back through an input_required round trip. The strict OpenAI fake on a
 * real 127.0.0.1 port stands in for the API. (mcp-stdio.test.ts drives the same binary with the
 * v1 client over the 2025 handshake.)
 */
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, type Progress } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrainTurn, ConversationView } from '../fakes/fake-types.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { builtServerParams } from './built-server.js';

const API_KEY = 'sk-mcp-modern-0123456789';
/** A run whose model answers far later than the test lasts: only cancelling can end it. */
const SLOW_PROMPT = 'SLOW: take your time';

/** Reads notes.txt, writes its first line in capitals to upper.txt, answers with it. */
const upperBrain = (view: ConversationView): BrainTurn => {
  const prompt = view.messages.find((message) => message.role === 'user')?.content;
  if (prompt === SLOW_PROMPT) return { text: 'too late', delayMs: 60_000 };
  if (view.turn === 0)
    return { toolCalls: [{ name: 'read_file', arguments: { file_path: 'notes.txt' } }] };
  if (view.turn === 1) {
    const first = (view.lastToolResults[0]?.content ?? '').split('\n')[0] ?? '';
    return {
      toolCalls: [
        { name: 'write_file', arguments: { file_path: 'upper.txt', content: first.toUpperCase() } },
      ],
    };
  }
  return { text: 'wrote upper.txt' };
};

interface Connected {
  client: Client;
  stderr: () => string;
  /** How many times the client was asked for its roots. */
  rootsAsked: () => number;
}

describe('nanograde mcp with a client on protocol revision 2026-07-28', () => {
  let served: ServedFake;
  let root: string;
  /** The server's working directory. */
  let serverCwd: string;
  /** A project outside it, which only the client's roots can allow. */
  let project: string;
  const clients: Client[] = [];

  let slowRequestArrived: Promise<void>;
  let slowRequestAborted: Promise<void>;
  /** One connection without roots and one whose client lists `project`, for all the tests. */
  let plain: Connected;
  let withRoots: Connected;

  beforeAll(async () => {
    const fake = createOpenAIFake({ brain: upperBrain, apiKey: API_KEY });
    let arrived = () => {};
    let aborted = () => {};
    slowRequestArrived = new Promise((resolve) => {
      arrived = resolve;
    });
    slowRequestAborted = new Promise((resolve) => {
      aborted = resolve;
    });
    served = await serveFake(async (request) => {
      if (request.method === 'POST' && request.bodyText.includes(SLOW_PROMPT)) {
        arrived();
        request.signal?.addEventListener('abort', aborted);
      }
      return fake.handler(request);
    });
    root = await realpath(await mkdtemp(join(tmpdir(), 'nanograde-mcp-modern-')));
    serverCwd = join(root, 'server');
    project = join(root, 'project');
    for (const folder of [serverCwd, project]) {
      await mkdir(folder);
      await writeFile(join(folder, 'notes.txt'), `notes in ${folder}\nsecond line\n`);
    }
    [plain, withRoots] = await Promise.all([connect(), connect([project])]);
  });

  afterAll(async () => {
    for (const client of clients) await client.close();
    await served?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** A v2 client on the built server; with `roots`, it declares them and lists these folders. */
  async function connect(roots?: string[]): Promise<Connected> {
    const transport = new StdioClientTransport(
      builtServerParams(serverCwd, {
        OPENAI_API_KEY: API_KEY,
        OPENAI_BASE_URL: `${served.url}/v1`,
      }),
    );
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    // 'auto', as a host that speaks 2026-07-28 connects: it probes with server/discover (on a
    // sibling process) and takes 2026-07-28 if the server offers it, else the 2025 handshake.
    // (The v2 client's default is the 2025 handshake alone.)
    const client = new Client(
      { name: 'nanograde-modern-test', version: '0.0.0' },
      { versionNegotiation: { mode: 'auto' }, ...(roots ? { capabilities: { roots: {} } } : {}) },
    );
    let asked = 0;
    if (roots)
      client.setRequestHandler('roots/list', async () => {
        asked += 1;
        return { roots: roots.map((folder) => ({ uri: pathToFileURL(folder).href })) };
      });
    clients.push(client);
    await client.connect(transport);
    return { client, stderr: () => stderr, rootsAsked: () => asked };
  }

  it('is served on 2026-07-28, lists the tool and runs it with progress', async () => {
    const { client, stderr } = plain;
    expect(client.getProtocolEra()).toBe('modern');
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['prompt_nano_agent']);

    const progress: Progress[] = [];
    const result = await client.callTool(
      {
        name: 'prompt_nano_agent',
        arguments: { agentic_prompt: 'shout the notes', model: 'gpt-5-mini' },
      },
      { onprogress: (event) => progress.push(event) },
    );
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      success: true,
      result: 'wrote upper.txt',
      metadata: { model: 'openai:gpt-5-mini', provider: 'openai', turns: 3 },
    });
    // It worked in the server's working directory itself (no roots declared).
    expect(await readFile(join(serverCwd, 'upper.txt'), 'utf8')).toBe(
      `NOTES IN ${serverCwd.toUpperCase()}`,
    );
    expect(progress.map((event) => event.message)).toEqual([
      'starting gpt-5-mini',
      'turn 1: calls read_file',
      'turn 1: read_file ok',
      'turn 2: calls write_file',
      'turn 2: write_file ok',
    ]);
    expect(stderr()).toMatch(/prompt_nano_agent on gpt-5-mini/);
  });

  it("asks a client that declares roots for them in the call's result, and works in one", async () => {
    const { client, rootsAsked } = withRoots;
    const askedBefore = rootsAsked();
    expect(client.getProtocolEra()).toBe('modern');
    const result = await client.callTool({
      name: 'prompt_nano_agent',
      arguments: { agentic_prompt: 'shout the notes', model: 'gpt-5-mini', workspace: project },
    });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(rootsAsked() - askedBefore).toBe(1);
    expect(await readFile(join(project, 'upper.txt'), 'utf8')).toBe(
      `NOTES IN ${project.toUpperCase()}`,
    );
  });

  it("refuses a workspace outside the client's roots, naming them", async () => {
    const { client, rootsAsked } = withRoots;
    const askedBefore = rootsAsked();
    const result = await client.callTool({
      name: 'prompt_nano_agent',
      arguments: { agentic_prompt: 'shout the notes', model: 'gpt-5-mini', workspace: serverCwd },
    });
    expect(result.isError).toBe(true);
    expect(rootsAsked() - askedBefore).toBe(1);
    expect(JSON.stringify(result.content)).toContain(
      `outside the folders this server may work in (the client's roots: ${project})`,
    );
  });

  it("keeps a client without roots to the server's working directory", async () => {
    const { client } = plain;
    const result = await client.callTool({
      name: 'prompt_nano_agent',
      arguments: { agentic_prompt: 'shout the notes', model: 'gpt-5-mini', workspace: project },
    });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain(
      `the server's working directory, ${serverCwd}`,
    );
  });

  it('stops the run when the client cancels the call (notifications/cancelled)', async () => {
    const { client, stderr } = plain;
    const cancel = new AbortController();
    const call = client.callTool(
      {
        name: 'prompt_nano_agent',
        arguments: { agentic_prompt: SLOW_PROMPT, model: 'gpt-5-mini' },
      },
      { signal: cancel.signal },
    );
    const settled = call.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await slowRequestArrived;
    cancel.abort(new Error('the user changed their mind'));
    expect(await settled).toEqual(
      expect.objectContaining({ message: expect.stringContaining('changed their mind') }),
    );
    // The server aborted the model request in flight: the fake saw its client hang up.
    await slowRequestAborted;
    await expect.poll(stderr).toMatch(/cancelled: openai:gpt-5-mini after 1 turn\(s\)/);
  });

  it('serves the next call after one cancelled right behind its request', async () => {
    const { client, stderr } = plain;
    const cancel = new AbortController();
    const call = client.callTool(
      {
        name: 'prompt_nano_agent',
        arguments: { agentic_prompt: 'shout the notes', model: 'gpt-5-mini' },
      },
      { signal: cancel.signal },
    );
    // notifications/cancelled right behind the call: the run starts already aborted.
    cancel.abort(new Error('never mind'));
    await expect(call).rejects.toThrow('never mind');
    const next = await client.callTool({
      name: 'prompt_nano_agent',
      arguments: { agentic_prompt: 'shout the notes', model: 'gpt-5-mini' },
    });
    expect(next.isError, JSON.stringify(next.content)).toBeFalsy();
    expect(stderr()).not.toMatch(/Unhandled|UnhandledPromiseRejection/);
  });
});
