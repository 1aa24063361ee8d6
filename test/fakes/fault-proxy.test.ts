import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileToolSchemas } from '../../src/agent/tool-schemas.js';
import { GRADE_TOOL, GRADE_TOOL_NAME } from '../../src/judge/grade-reply.js';
import { createAnthropicFake } from './anthropic-fake.js';
import type { Brain } from './fake-types.js';
import { FAULT_KINDS, type PlannedFault, planFaults } from './fault-plan.js';
import { type FaultProxy, runTag, startFaultProxy } from './fault-proxy.js';
import { corruptJson, type FaultProvider } from './fault-wire.js';
import { createOllamaFake } from './ollama-fake.js';
import { createOpenAIFake } from './openai-fake.js';
import { type ServedFake, serveFake } from './serve-fake.js';

describe('planFaults', () => {
  it('gives the same plan for the same seed, and another for another seed', () => {
    const plan = planFaults({ runs: 500, seed: 7, rate: 0.1 });
    expect(planFaults({ runs: 500, seed: 7, rate: 0.1 })).toEqual(plan);
    expect(planFaults({ runs: 500, seed: 8, rate: 0.1 })).not.toEqual(plan);
  });

  it('faults about `rate` of the runs, every kind its share', () => {
    const plan = planFaults({ runs: 2000, seed: 1, rate: 0.1 });
    expect(plan.size).toBeGreaterThan(160);
    expect(plan.size).toBeLessThan(240);
    const counts = FAULT_KINDS.map(
      (kind) => [...plan.values()].filter((fault) => fault.kind === kind).length,
    );
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    for (const fault of plan.values()) {
      expect(fault.judgeFault !== undefined).toBe(fault.kind === 'judge');
      if (fault.kind === 'rate_limit') expect([1, 2]).toContain(fault.retryAfterSeconds);
    }
  });

  it('gives every group every kind', () => {
    const groupOf = (run: number) => ['a', 'b', 'c'][run % 3] as string;
    const plan = planFaults({ runs: 3000, seed: 5, rate: 0.1, groupOf });
    for (const group of ['a', 'b', 'c']) {
      const kinds = [...plan].filter(([run]) => groupOf(run) === group).map(([, f]) => f.kind);
      const counts = FAULT_KINDS.map((kind) => kinds.filter((k) => k === kind).length);
      expect(Math.min(...counts)).toBeGreaterThan(0);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('faults a run at a lower rate only if it faults it at a higher one', () => {
    const low = planFaults({ runs: 1000, seed: 3, rate: 0.05 });
    const high = planFaults({ runs: 1000, seed: 3, rate: 0.2 });
    for (const run of low.keys()) expect(high.has(run)).toBe(true);
    expect(planFaults({ runs: 1000, seed: 3, rate: 0 }).size).toBe(0);
    expect(() => planFaults({ runs: 1, seed: 3, rate: 1.5 })).toThrow(/between 0 and 1/);
  });
});

// A model that reads motto.txt first, or says hi when asked to; the judge always grades A.
const brain: Brain = (view) => {
  if (view.toolNames.includes(GRADE_TOOL_NAME)) {
    return { toolCalls: [{ name: GRADE_TOOL_NAME, arguments: { reason: 'fine', grade: 'A' } }] };
  }
  const prompt = view.messages.find((message) => message.role === 'user')?.content ?? '';
  if (prompt.startsWith('Say hi')) return { text: 'hi' };
  return { toolCalls: [{ name: 'read_file', arguments: { file_path: 'motto.txt' } }] };
};

type OfferedTool = typeof GRADE_TOOL;
const readFile = fileToolSchemas.find((tool) => tool.name === 'read_file') as OfferedTool;

/** A first-turn model request in each API's wire format, offering `tool`. */
function modelRequest(
  provider: FaultProvider,
  prompt: string,
  tool: OfferedTool = readFile,
): RequestInit & {
  path: string;
} {
  const json = { 'content-type': 'application/json' };
  if (provider === 'openai') {
    return {
      path: '/v1/responses',
      method: 'POST',
      headers: { ...json, authorization: 'Bearer sk-test' },
      body: JSON.stringify({
        model: 'gpt-5-mini',
        input: [{ role: 'user', content: prompt }],
        tools: [{ type: 'function', strict: false, ...tool }],
      }),
    };
  }
  if (provider === 'anthropic') {
    return {
      path: '/v1/messages',
      method: 'POST',
      headers: { ...json, 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 1024,
        messages: [{ role: 'user', content: prompt }],
        tools: [{ name: tool.name, description: tool.description, input_schema: tool.parameters }],
      }),
    };
  }
  return {
    path: '/api/chat',
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      model: 'gpt-oss:20b',
      messages: [{ role: 'user', content: prompt }],
      tools: [{ type: 'function', function: tool }],
      stream: false,
    }),
  };
}

/** The first tool call of an answer, as `{name, args}` with args as the wire carries them. */
function firstCall(provider: FaultProvider, answer: Record<string, unknown>) {
  if (provider === 'openai') {
    const call = (answer.output as { type: string; name: string; arguments: string }[]).find(
      (item) => item.type === 'function_call',
    );
    return call && { name: call.name, args: call.arguments as unknown };
  }
  if (provider === 'anthropic') {
    const call = (answer.content as { type: string; name: string; input: unknown }[]).find(
      (block) => block.type === 'tool_use',
    );
    return call && { name: call.name, args: call.input };
  }
  const calls = (
    answer.message as { tool_calls?: { function: { name: string; arguments: unknown } }[] }
  ).tool_calls;
  const call = calls?.[0]?.function;
  return call && { name: call.name, args: call.arguments };
}

const PROVIDERS: FaultProvider[] = ['openai', 'anthropic', 'ollama'];

describe('corruptJson', () => {
  it('breaks the body itself, never just a string inside it', () => {
    // Ollama's answer to a judge: the grade is JSON held as text in message.content.
    const ollama = JSON.stringify({
      model: 'gpt-oss:20b',
      message: { role: 'assistant', content: JSON.stringify({ reason: 'a: b', grade: 'A' }) },
      done: true,
    });
    for (const cutAt of [0, 0.2, 0.4, 0.5, 0.6, 0.8, 0.99]) {
      const broken = corruptJson(ollama, cutAt);
      expect(broken).toHaveLength(ollama.length);
      expect(() => JSON.parse(broken), `cut at ${cutAt}: ${broken}`).toThrow(SyntaxError);
    }
    expect(corruptJson('"no colon at all"', 0.5)).toBe('<"no colon at all"');
  });
});

describe('the fault proxy', () => {
  const plan = new Map<number, PlannedFault>();
  let next = 1;
  /** A run number whose plan is `fault`. */
  const runWith = (fault: PlannedFault): number => {
    plan.set(next, fault);
    return next++;
  };
  let fakes: ServedFake[] = [];
  let proxy: FaultProxy;

  beforeAll(async () => {
    fakes = await Promise.all([
      serveFake(createOpenAIFake({ brain }).handler),
      serveFake(createAnthropicFake({ brain }).handler),
      serveFake(createOllamaFake({ brain }).handler),
    ]);
    const [openai, anthropic, ollama] = fakes.map((fake) => fake.url);
    proxy = await startFaultProxy({
      upstreams: { openai, anthropic, ollama },
      faultFor: (run) => plan.get(run),
      stallMs: 5_000,
    });
  });

  afterAll(async () => {
    await proxy.close();
    await Promise.all(fakes.map((fake) => fake.close()));
  });

  const send = (provider: FaultProvider, run: number, options: { prompt?: string } = {}) => {
    const { path, ...init } = modelRequest(
      provider,
      `${options.prompt ?? 'Read motto.txt and answer with its text only.'} ${runTag(run)}`,
    );
    return fetch(`${proxy.urls[provider]}${path}`, init);
  };

  it('passes a run without a fault through untouched', async () => {
    for (const provider of PROVIDERS) {
      const response = await send(provider, 900);
      expect(response.status).toBe(200);
      expect(firstCall(provider, await response.json())).toMatchObject({ name: 'read_file' });
    }
    expect(proxy.injected.filter((fault) => fault.run === 900)).toEqual([]);
  });

  it.for([
    ['rate_limit', 429],
    ['server_error', 500],
    ['unavailable', 503],
    ['overloaded', 529],
  ] as const)('answers %s with HTTP %i in each API’s own error shape', async ([kind, status]) => {
    for (const provider of PROVIDERS) {
      const run = runWith({ kind, request: 0, retryAfterSeconds: 2 });
      const response = await send(provider, run);
      expect(response.status).toBe(status);
      const body = await response.json();
      if (provider === 'openai') expect(body.error).toMatchObject({ type: expect.any(String) });
      if (provider === 'anthropic') expect(body).toMatchObject({ type: 'error' });
      if (provider === 'ollama') expect(body).toEqual({ error: expect.any(String) });
      expect(response.headers.get('retry-after')).toBe(kind === 'rate_limit' ? '2' : null);
      // The same request again is a retry: it goes through, and how soon it came is measured.
      expect((await send(provider, run)).status).toBe(200);
      const [injected] = proxy.injected.filter((fault) => fault.run === run);
      expect(injected).toMatchObject({ provider, role: 'agent', kind, request: 0 });
      expect(injected?.retriedAfterMs).toBeGreaterThanOrEqual(0);
      expect(injected?.retriedAfterMs).toBeLessThan(2_000);
      if (kind === 'rate_limit') expect(injected?.retryAfterMs).toBe(2_000);
    }
  });

  it('says overloaded the way Anthropic does (529 overloaded_error)', async () => {
    const response = await send('anthropic', runWith({ kind: 'overloaded', request: 0 }));
    expect(response.status).toBe(529);
    expect((await response.json()).error).toMatchObject({ type: 'overloaded_error' });
  });

  it('faults only the planned request of a run', async () => {
    const run = runWith({ kind: 'server_error', request: 1 });
    expect((await send('openai', run)).status).toBe(200);
    expect(
      (await send('openai', run, { prompt: 'Read motto.txt and answer, second turn.' })).status,
    ).toBe(500);
  });

  it('closes the connection in the middle of the answer', async () => {
    for (const provider of PROVIDERS) {
      const response = await send(
        provider,
        runWith({ kind: 'connection_closed', request: 0, cutAt: 0.5 }),
      );
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    }
  });

  it('cuts the body short in a complete HTTP response', async () => {
    for (const provider of PROVIDERS) {
      const response = await send(
        provider,
        runWith({ kind: 'truncated_body', request: 0, cutAt: 0.5 }),
      );
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text.length).toBeGreaterThan(10);
      expect(() => JSON.parse(text)).toThrow();
    }
  });

  it('sends a complete body that is not JSON', async () => {
    for (const provider of PROVIDERS) {
      const response = await send(
        provider,
        runWith({ kind: 'malformed_json', request: 0, cutAt: 0.3 }),
      );
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(() => JSON.parse(text)).toThrow();
      expect(text.endsWith('}')).toBe(true);
    }
  });

  it('breaks the arguments of the answer’s tool call', async () => {
    const args: Record<string, unknown> = {};
    for (const provider of PROVIDERS) {
      const response = await send(
        provider,
        runWith({ kind: 'invalid_tool_args', request: 0, cutAt: 0.5 }),
      );
      expect(response.status).toBe(200);
      args[provider] = firstCall(provider, await response.json())?.args;
    }
    // OpenAI's arguments are JSON text, cut; the others are objects, with a value of the wrong type.
    expect(() => JSON.parse(args.openai as string)).toThrow();
    expect(args.anthropic).toEqual({ file_path: 42 });
    expect(args.ollama).toEqual({ file_path: 42 });
  });

  it('turns an answer into another tool call, on every request from the planned one', async () => {
    for (const provider of PROVIDERS) {
      const run = runWith({ kind: 'endless_tools', request: 0 });
      for (const attempt of ['Say hi.', 'Say hi, again.']) {
        const response = await send(provider, run, { prompt: attempt });
        const answer = await response.json();
        expect(firstCall(provider, answer)).toMatchObject({ name: 'list_directory' });
        expect(JSON.stringify(answer)).not.toContain('"hi"');
      }
      expect(proxy.injected.filter((fault) => fault.run === run)).toHaveLength(1);
    }
  });

  it('holds a stalled request until the client gives up, counting it in flight', async () => {
    const run = runWith({ kind: 'stall', request: 0 });
    const other = runWith({ kind: 'stall', request: 0 });
    const before = proxy.traffic.ollama.agent.maxInFlight;
    const stalled = [run, other].map((n) => {
      const { path, ...init } = modelRequest('ollama', `Read motto.txt ${runTag(n)}`);
      return fetch(`${proxy.urls.ollama}${path}`, { ...init, signal: AbortSignal.timeout(150) });
    });
    await Promise.all(stalled.map((request) => expect(request).rejects.toThrow()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxy.traffic.ollama.agent.maxInFlight).toBeGreaterThanOrEqual(Math.max(before, 2));
    // Both asked for the same model: counted per model too (Ollama's limit is per model).
    expect(proxy.traffic.ollama.agent.maxInFlightPerModel).toBeGreaterThanOrEqual(2);
    expect(proxy.traffic.ollama.agent.inFlight).toBe(0);
    const gaveUp = proxy.injected.find((fault) => fault.run === run)?.clientGaveUpAfterMs;
    expect(gaveUp).toBeGreaterThanOrEqual(100);
    expect(gaveUp).toBeLessThan(4_000);
  });

  it('faults the judge’s request, not the agent’s, for a judge fault', async () => {
    const run = runWith({ kind: 'judge', request: 0, judgeFault: 'server_error' });
    expect((await send('anthropic', run)).status).toBe(200);
    const { path, ...init } = modelRequest(
      'anthropic',
      `Grade this run ${runTag(run)}`,
      GRADE_TOOL,
    );
    const judged = await fetch(`${proxy.urls.anthropic}${path}`, init);
    expect(judged.status).toBe(500);
    expect(proxy.injected.filter((fault) => fault.run === run)).toEqual([
      expect.objectContaining({ role: 'judge', planned: 'judge', kind: 'server_error' }),
    ]);
    expect(proxy.traffic.anthropic.judge.requests).toBeGreaterThanOrEqual(1);
  });
});

describe('the fault proxy under one seed', () => {
  it('injects the same faults into the same requests', async () => {
    const fake = await serveFake(createOpenAIFake({ brain }).handler);
    const injected = [];
    for (const attempt of [1, 2]) {
      const plan = planFaults({ runs: 40, seed: 11, rate: 0.5 });
      const proxy = await startFaultProxy({
        upstreams: { openai: fake.url },
        faultFor: (run) => plan.get(run),
        stallMs: 1,
      });
      // Runs in reverse order the second time: the plan is per run, not per arrival.
      const runs = Array.from({ length: 40 }, (_, i) => (attempt === 1 ? i : 39 - i));
      await Promise.all(
        runs.map(async (run) => {
          const { path, ...init } = modelRequest('openai', `Read motto.txt ${runTag(run)}`);
          const response = await fetch(`${proxy.urls.openai}${path}`, init);
          await response.text().catch(() => '');
        }),
      );
      injected.push(
        proxy.injected
          .map(({ run, kind }) => `${run}:${kind}`)
          .sort()
          .join(' '),
      );
      await proxy.close();
    }
    await fake.close();
    expect(injected[0]).not.toBe('');
    expect(injected[1]).toBe(injected[0]);
  });
});
