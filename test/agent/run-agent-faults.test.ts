/**
 * runAgent through real faults, on every provider: the strict fakes serve on 127.0.0.1 behind the
 * seeded fault proxy, and the adapters come from providerFor (the registry), so the one retry
 * policy is what is tested. A transient fault is retried — a 429 after its retry-after — and the
 * run answers; a fault that does not pass ends the run classified, never thrown, keeping what
 * the run had done.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAgent } from '../../src/agent/run-agent.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain } from '../fakes/fake-types.js';
import type { PlannedFault } from '../fakes/fault-plan.js';
import { type FaultProxy, runTag, startFaultProxy } from '../fakes/fault-proxy.js';
import type { FaultProvider } from '../fakes/fault-wire.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';

const MODELS: Record<FaultProvider, string> = {
  openai: 'openai:gpt-5-mini',
  anthropic: 'anthropic:claude-haiku-4-5',
  ollama: 'ollama:gpt-oss:20b',
};

/** Reads motto.txt, then answers with what it read. */
const brain: Brain = (view) =>
  view.turn === 0
    ? {
        toolCalls: [{ name: 'read_file', arguments: { file_path: 'motto.txt' } }],
        usage: { freshInput: 100, output: 10 },
      }
    : {
        text: view.lastToolResults[0]?.content.trim() ?? '',
        usage: { freshInput: 120, output: 5 },
      };

const TRANSIENT = [
  'rate_limit',
  'server_error',
  'unavailable',
  'overloaded',
  'connection_closed',
  'truncated_body',
  'malformed_json',
] as const;

/** Run n of the plan: provider n % 3, fault kind ⌊n / 3⌋, on its second request (turn 2). */
const cases = TRANSIENT.flatMap((kind, k) =>
  (['openai', 'anthropic', 'ollama'] as const).map((provider, p) => ({
    run: k * 3 + p,
    provider,
    kind,
  })),
);
const plan = new Map<number, PlannedFault>(
  cases.map(({ run, kind }) => [
    run,
    { kind, request: 1, cutAt: 0.5, ...(kind === 'rate_limit' ? { retryAfterSeconds: 1 } : {}) },
  ]),
);

describe('runAgent under transport faults, every provider', () => {
  let fakes: ServedFake[];
  let proxy: FaultProxy;
  let workspace: string;

  beforeAll(async () => {
    fakes = await Promise.all([
      serveFake(createOpenAIFake({ brain }).handler),
      serveFake(createAnthropicFake({ brain }).handler),
      serveFake(createOllamaFake({ brain, models: ['gpt-oss:20b'] }).handler),
    ]);
    const [openai, anthropic, ollama] = fakes.map((fake) => fake.url);
    proxy = await startFaultProxy({
      upstreams: { openai, anthropic, ollama },
      faultFor: (run) => plan.get(run),
      stallMs: 0,
    });
    vi.stubEnv('OPENAI_API_KEY', 'sk-test');
    vi.stubEnv('OPENAI_BASE_URL', `${proxy.urls.openai}/v1`);
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-test');
    vi.stubEnv('ANTHROPIC_BASE_URL', proxy.urls.anthropic ?? '');
    vi.stubEnv('OLLAMA_HOST', proxy.urls.ollama ?? '');
    workspace = await mkdtemp(join(tmpdir(), 'nanograde-faults-'));
    await writeFile(join(workspace, 'motto.txt'), 'keep going\n');
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await proxy.close();
    await Promise.all(fakes.map((fake) => fake.close()));
    await rm(workspace, { recursive: true, force: true });
  });

  it.concurrent.for(cases)(
    '$provider, $kind on turn 2: retried, and the run answers',
    async ({ run, provider, kind }, { expect }) => {
      const result = await runAgent({
        model: MODELS[provider],
        prompt: `Read motto.txt and answer with its text only. ${runTag(run)}`,
        workspace,
        limits: { maxTurns: 4, timeoutMs: 20_000 },
      });
      expect(result.error).toBeNull();
      expect(result.output).toBe('keep going');
      expect(result.turns).toBe(2);
      const injected = proxy.injected.filter((fault) => fault.run === run);
      expect(injected.map((fault) => fault.kind)).toEqual([kind]);
      const [fault] = injected;
      expect(fault?.retriedAfterMs, 'the same request came again').toBeDefined();
      if (kind === 'rate_limit') expect(fault?.retriedAfterMs).toBeGreaterThanOrEqual(998);
    },
  );
});

describe('runAgent when a fault does not pass', () => {
  let server: Server;
  let base: string;
  let workspace: string;
  let requests = 0;

  beforeAll(async () => {
    // Turn 1 through the real fake; every later request has its connection closed mid-answer.
    const fake = createOpenAIFake({ brain });
    const served = await serveFake(fake.handler);
    server = createServer(async (request, response) => {
      requests += 1;
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      if (!body.includes('function_call_output')) {
        const upstream = await fetch(`${served.url}${request.url}`, {
          method: request.method,
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
          body,
        });
        response.writeHead(upstream.status, { 'content-type': 'application/json' });
        response.end(await upstream.text());
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"id":"resp_1","output":[{"type":"mess');
      setTimeout(() => response.socket?.destroy(), 5);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubEnv('OPENAI_API_KEY', 'sk-test');
    vi.stubEnv('OPENAI_BASE_URL', `${base}/v1`);
    workspace = await mkdtemp(join(tmpdir(), 'nanograde-faults-'));
    await writeFile(join(workspace, 'motto.txt'), 'keep going\n');
    return () => served.close();
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(workspace, { recursive: true, force: true });
  });

  it('ends classified (network, after 3 attempts), keeping usage, cost and transcript so far', async () => {
    const result = await runAgent({
      model: 'openai:gpt-5-mini',
      prompt: 'Read motto.txt and answer with its text only.',
      workspace,
      limits: { maxTurns: 4, timeoutMs: 30_000 },
    });
    expect(result.error).toEqual({
      kind: 'provider',
      message: `openai request failed on turn 2 after 3 attempts: network: OpenAI at ${base}/v1 closed the connection before its answer was complete (terminated: other side closed (UND_ERR_SOCKET))`,
      provider: {
        kind: 'network',
        providerMessage: `OpenAI at ${base}/v1 closed the connection before its answer was complete (terminated: other side closed (UND_ERR_SOCKET))`,
      },
    });
    expect(requests).toBe(4);
    expect(result.turns).toBe(2);
    expect(result.usage.inputTokens).toBe(100);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.toolCalls.map((call) => call.name)).toEqual(['read_file']);
    expect(result.transcript.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
    ]);
  });
});
