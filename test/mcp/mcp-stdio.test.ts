/**
 * The real `nanograde mcp` binary (built by test/build-dist.global-setup.ts) driven by the
 * official MCP client over stdio, with the strict OpenAI fake on a real 127.0.0.1 port standing
 * in for the API.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNanoAgentModel } from '../../src/mcp/prompt-nano-agent.js';
import type { Brain, BrainTurn, ConversationView } from '../fakes/fake-types.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { builtServerParams } from './built-server.js';

const API_KEY = 'sk-mcp-test-0123456789';
const NOTES = 'release notes for 1.2\nsecond line\n';
const SLOW_PROMPT = 'SLOW: read every file, very carefully';
const REJECTED_PROMPT = 'REJECTED: this one the API refuses';

const promptOf = (view: ConversationView) =>
  view.messages.find((message) => message.role === 'user')?.content ?? '';

/**
 * Reads notes.txt, then writes its first line in capitals to summary.txt and also asks for a
 * file that is not there, then answers. Usage is hand-picked so the cost is known.
 */
const summariseBrain = (view: ConversationView): BrainTurn => {
  if (view.turn === 0) {
    return {
      toolCalls: [{ name: 'read_file', arguments: { file_path: 'notes.txt' } }],
      usage: { freshInput: 1000, cachedInput: 0, cacheWrite: 0, output: 100, reasoning: 20 },
    };
  }
  if (view.turn === 1) {
    const [read] = view.lastToolResults;
    const first = read && !read.isError ? (read.content.split('\n')[0] ?? '') : 'NOTHING READ';
    return {
      toolCalls: [
        {
          name: 'write_file',
          arguments: { file_path: 'summary.txt', content: first.toUpperCase() },
        },
        { name: 'read_file', arguments: { file_path: 'missing.txt' } },
      ],
      usage: { freshInput: 500, cachedInput: 1000, cacheWrite: 0, output: 50, reasoning: 0 },
    };
  }
  // OpenAI's function_call_output has no error flag: the agent says so in the text.
  const failed = (result?: { content: string }) => result?.content.startsWith('Error:') === true;
  const [written, missing] = view.lastToolResults;
  return {
    text: `wrote summary.txt: ${!failed(written)}; missing.txt failed: ${failed(missing)}`,
    usage: { freshInput: 100, cachedInput: 1600, cacheWrite: 0, output: 5, reasoning: 0 },
  };
};

/** The slow run waits far longer than the test: only cancellation can end it in time. */
const brain: Brain = (view) => {
  if (promptOf(view) === SLOW_PROMPT) return { text: 'too late', delayMs: 60_000 };
  if (promptOf(view) === REJECTED_PROMPT) {
    return { error: { status: 400, message: 'Your request was rejected for a test.' } };
  }
  return summariseBrain(view);
};

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}
function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('nanograde mcp over stdio, with a real MCP client', () => {
  let fake: ReturnType<typeof createOpenAIFake>;
  let served: ServedFake;
  let workspace: string;
  let client: Client;
  let stderr = '';
  const slowRequestArrived = deferred();
  const slowRequestAborted = deferred();

  beforeAll(async () => {
    fake = createOpenAIFake({ brain, apiKey: API_KEY });
    served = await serveFake(async (request) => {
      if (request.method === 'POST' && request.bodyText.includes(SLOW_PROMPT)) {
        slowRequestArrived.resolve();
        request.signal?.addEventListener('abort', () => slowRequestAborted.resolve());
      }
      return fake.handler(request);
    });
    workspace = await mkdtemp(join(tmpdir(), 'nanograde-mcp-ws-'));
    await writeFile(join(workspace, 'notes.txt'), NOTES);

    const transport = new StdioClientTransport(
      builtServerParams(workspace, {
        OPENAI_API_KEY: API_KEY,
        OPENAI_BASE_URL: `${served.url}/v1`,
      }),
    );
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    client = new Client({ name: 'nanograde-test', version: '0.0.0' });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    await served?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it('lists prompt_nano_agent with its input and output schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['prompt_nano_agent']);
    const tool = tools[0];
    // What a calling agent must know before it calls: its edits are real, and why a run failed.
    expect(tool?.description).toContain(
      'It works in that folder itself, not a copy: the files it writes and edits stay changed.',
    );
    expect(tool?.description).toMatch(/error_kind saying why/);
    const input = tool?.inputSchema as {
      properties: Record<string, Record<string, unknown>>;
      required?: string[];
    };
    expect(Object.keys(input.properties).sort()).toEqual([
      'agentic_prompt',
      'model',
      'provider',
      'workspace',
    ]);
    expect(input.required).toEqual(['agentic_prompt']);
    // A calling agent learns up front that only these arguments exist.
    expect(input).toMatchObject({ additionalProperties: false });
    expect(input.properties.agentic_prompt).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 10_000,
    });
    // gpt-5-mini, the seed system's default, while it has more than 30 days left; then its
    // successor: GPT-6.1 Terra today (gpt-5-mini retires on 2026-12-11).
    expect(input.properties.model).toMatchObject({
      type: 'string',
      default: defaultNanoAgentModel(),
    });
    expect(defaultNanoAgentModel()).toBe('gpt-6.1-terra');
    expect(input.properties.provider?.enum).toEqual([
      'openai',
      'anthropic',
      'ollama',
      'openai-compatible',
    ]);

    const output = tool?.outputSchema as {
      properties: Record<string, { properties?: Record<string, { properties?: object }> }>;
      required?: string[];
    };
    expect(output.required?.sort()).toEqual([
      'error',
      'execution_time_seconds',
      'metadata',
      'result',
      'success',
    ]);
    const metadata = output.properties.metadata?.properties ?? {};
    expect(Object.keys(metadata).sort()).toEqual([
      'error_kind',
      'model',
      'provider',
      'provider_error_kind',
      'token_usage',
      'tool_calls',
      'turns',
    ]);
    expect(Object.keys(metadata.token_usage?.properties ?? {}).sort()).toEqual([
      'cache_write_tokens',
      'cached_tokens',
      'input_tokens',
      'output_tokens',
      'reasoning_tokens',
      'total_cost',
      'total_tokens',
    ]);
  });

  it('runs the agent in the workspace itself and answers with the seed JSON, with progress', async () => {
    const progress: Progress[] = [];
    const before = fake.log.requests.length;
    const result = await client.callTool(
      {
        name: 'prompt_nano_agent',
        arguments: { agentic_prompt: 'Summarise notes.txt into summary.txt' },
      },
      undefined,
      { onprogress: (update) => progress.push(update) },
    );

    expect(result.isError).toBeFalsy();
    const content = result.content as { type: string; text: string }[];
    expect(content).toHaveLength(1);
    expect(content[0]?.type).toBe('text');
    // The text is the same JSON as the structured content.
    expect(JSON.parse(content[0]?.text ?? '')).toEqual(result.structuredContent);

    const response = result.structuredContent as Record<string, unknown> & {
      metadata: Record<string, unknown> & { tool_calls: Record<string, unknown>[] };
    };
    expect(response).toMatchObject({
      success: true,
      result: 'wrote summary.txt: true; missing.txt failed: true',
      error: null,
    });
    expect(response.execution_time_seconds).toBeGreaterThan(0);
    expect(response.metadata).toMatchObject({
      model: 'openai:gpt-6.1-terra',
      provider: 'openai',
      turns: 3,
      error_kind: null,
      provider_error_kind: null,
      token_usage: {
        // 1000 + (500 + 1000) + (100 + 1600)
        input_tokens: 4200,
        // (100 + 20) + 50 + 5
        output_tokens: 175,
        cached_tokens: 2600,
        cache_write_tokens: 0,
        reasoning_tokens: 20,
        total_tokens: 4375,
        // gpt-6.1-terra at $1 / $0.05 / $5 per M: 1600 fresh × 1 + 2600 cached × 0.05
        // + 175 out × 5 = 1600 + 130 + 875 = 2605 micro-dollars
        total_cost: 0.002605,
      },
    });
    expect(
      response.metadata.tool_calls.map(({ tool_name, arguments: args, ok, turn }) => ({
        tool_name,
        args,
        ok,
        turn,
      })),
    ).toEqual([
      { tool_name: 'read_file', args: { file_path: 'notes.txt' }, ok: true, turn: 1 },
      {
        tool_name: 'write_file',
        args: { file_path: 'summary.txt', content: 'RELEASE NOTES FOR 1.2' },
        ok: true,
        turn: 2,
      },
      { tool_name: 'read_file', args: { file_path: 'missing.txt' }, ok: false, turn: 2 },
    ]);
    expect(response.metadata.tool_calls[2]?.error).toEqual(expect.stringContaining('missing.txt'));

    // It worked in the folder itself, as the seed system did: the file is there now.
    expect(await readFile(join(workspace, 'summary.txt'), 'utf8')).toBe('RELEASE NOTES FOR 1.2');
    await rm(join(workspace, 'summary.txt'));

    expect(progress.map((update) => update.progress)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.map((update) => update.message)).toEqual([
      'starting gpt-6.1-terra',
      'turn 1: calls read_file',
      'turn 1: read_file ok',
      'turn 2: calls write_file, read_file',
      'turn 2: write_file ok',
      expect.stringMatching(/^turn 2: read_file failed: .*missing\.txt/),
    ]);

    const calls = fake.log.requests.slice(before).map(({ request, json, response }) => ({
      call: `${request.method} ${request.url.pathname}`,
      model: (json as { model?: string }).model,
      status: response.status,
    }));
    expect(calls).toEqual(
      Array(3).fill({ call: 'POST /v1/responses', model: 'gpt-6.1-terra', status: 200 }),
    );
    expect(stderr).toMatch(/openai:gpt-6.1-terra: done in 3 turn\(s\)/);
  });

  it('reports a run that failed as isError, with the seed JSON saying why', async () => {
    const result = await client.callTool({
      name: 'prompt_nano_agent',
      arguments: { agentic_prompt: REJECTED_PROMPT, model: 'gpt-5-nano', provider: 'openai' },
    });
    expect(result.isError).toBe(true);
    const response = result.structuredContent as Record<string, unknown> & {
      metadata: Record<string, unknown>;
    };
    expect(JSON.parse((result.content as { text: string }[])[0]?.text ?? '')).toEqual(response);
    expect(response).toMatchObject({ success: false, result: null });
    expect(response.error).toEqual(
      expect.stringContaining('Your request was rejected for a test.'),
    );
    expect(response.metadata).toMatchObject({
      model: 'openai:gpt-5-nano',
      provider: 'openai',
      turns: 1,
      error_kind: 'provider',
      provider_error_kind: 'bad_request',
      tool_calls: [],
    });
  });

  it('runs an id the catalog nearly lists, telling the caller the one it likely meant', async () => {
    const warning =
      "warning: openai:gpt-6.1-tera is not in the catalog (it runs with its cost unknown) — did you mean 'openai:gpt-6.1-terra'?";
    const result = await client.callTool({
      name: 'prompt_nano_agent',
      arguments: {
        agentic_prompt: 'Summarise notes.txt into summary.txt',
        model: 'openai:gpt-6.1-tera',
      },
    });
    // OpenAI knows no gpt-6.1-tera (the fake answers 404 as it does): the run fails, unbilled.
    expect(result.isError).toBe(true);
    const content = result.content as { type: string; text: string }[];
    expect(JSON.parse(content[0]?.text ?? '')).toEqual(result.structuredContent);
    expect(content[1]).toEqual({ type: 'text', text: warning });
    expect(content).toHaveLength(2);
    expect(stderr).toContain(warning);
  });

  it.for([
    { name: 'an empty prompt', args: { agentic_prompt: '' }, says: /agentic_prompt/ },
    {
      name: 'a prompt over 10,000 characters',
      args: { agentic_prompt: 'x'.repeat(10_001) },
      says: /agentic_prompt/,
    },
    { name: 'a blank prompt', args: { agentic_prompt: '   ' }, says: /blank/ },
    {
      name: 'a provider the model does not belong to',
      args: { agentic_prompt: 'hi', model: 'claude-haiku-4-5', provider: 'openai' },
      says: /"claude-haiku-4-5" is served by anthropic.*provider is "openai"/,
    },
    {
      name: 'a provider prefix that contradicts provider',
      args: { agentic_prompt: 'hi', model: 'openai:gpt-5-mini', provider: 'ollama' },
      says: /served by openai.*provider is "ollama"/,
    },
    {
      name: 'a provider nanograde has no adapter for',
      args: { agentic_prompt: 'hi', provider: 'lmstudio' },
      says: /provider/,
    },
    {
      name: 'an unknown model',
      args: { agentic_prompt: 'hi', model: 'gpt-7-ultra' },
      says: /Unknown model "gpt-7-ultra"/,
    },
    {
      name: 'a retired model',
      args: { agentic_prompt: 'hi', model: 'claude-3-haiku' },
      says: /retired.*claude-haiku-4-5/,
    },
    {
      name: 'a built-in model',
      args: { agentic_prompt: 'hi', model: 'builtin:null' },
      says: /built-in model .*pick a language model/,
    },
    {
      name: 'a workspace that does not exist',
      args: { agentic_prompt: 'hi', workspace: 'no/such/folder' },
      says: /no\/such\/folder does not exist/,
    },
    {
      name: 'a workspace that is a file',
      args: { agentic_prompt: 'hi', workspace: 'notes.txt' },
      says: /notes\.txt is a file, not a folder/,
    },
    { name: 'a model of the wrong type', args: { agentic_prompt: 'hi', model: 5 }, says: /model/ },
    {
      // Dropped silently, it would run the default model instead of the one asked for.
      name: 'a misspelt argument',
      args: { agentic_prompt: 'hi', modle: 'claude-haiku-4-5' },
      says: /unknown argument 'modle' — did you mean 'model'\? \(prompt_nano_agent takes agentic_prompt, model, provider, workspace\)/,
    },
    {
      // The client declares no MCP roots: the server's working directory is the only root.
      name: 'a workspace outside the working directory',
      args: { agentic_prompt: 'hi', workspace: tmpdir() },
      says: /is outside the folders this server may work in \(the server's working directory, .*\); give a folder inside one of them/,
    },
    {
      name: 'the filesystem root',
      args: { agentic_prompt: 'hi', workspace: '/' },
      says: /The workspace \/ is the filesystem root: the agent could read and change everything in it\. Give a project folder, or start the server with `nanograde mcp --allow-home-and-root`/,
    },
  ])('refuses $name with isError and sends nothing to the provider', async ({ args, says }) => {
    const before = fake.log.requests.length;
    const result = await client.callTool({ name: 'prompt_nano_agent', arguments: args });
    expect(result.isError).toBe(true);
    const text = (result.content as { text: string }[]).map((part) => part.text).join('\n');
    expect(text).toMatch(says);
    expect(result.structuredContent).toBeUndefined();
    expect(fake.log.requests.length).toBe(before);
    expect(await readdir(workspace)).toEqual(['notes.txt']);
  });

  it('stops the run when the client cancels, and serves the next call', async () => {
    const cancel = new AbortController();
    const call = client.callTool(
      { name: 'prompt_nano_agent', arguments: { agentic_prompt: SLOW_PROMPT } },
      undefined,
      { signal: cancel.signal },
    );
    const settled = call.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await slowRequestArrived.promise;
    cancel.abort(new Error('the user changed their mind'));
    expect(await settled).toEqual(
      expect.objectContaining({ message: expect.stringContaining('changed their mind') }),
    );

    // The server aborted the run's request in flight: the fake saw its client hang up.
    await slowRequestAborted.promise;
    await expect.poll(() => stderr).toMatch(/cancelled: openai:gpt-6.1-terra after 1 turn\(s\)/);

    const next = await client.callTool({
      name: 'prompt_nano_agent',
      arguments: {
        agentic_prompt: 'Summarise notes.txt into summary.txt',
        model: 'openai:gpt-5-mini',
      },
    });
    expect(next.isError).toBeFalsy();
    expect((next.structuredContent as { success: boolean }).success).toBe(true);
    expect(await readFile(join(workspace, 'summary.txt'), 'utf8')).toBe('RELEASE NOTES FOR 1.2');
    await rm(join(workspace, 'summary.txt'));
  });
});
