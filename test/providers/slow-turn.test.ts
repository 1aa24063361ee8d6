// A model's turn may take longer than Node's fetch waits for response headers (300 s): a local
// model (Ollama sends its headers with the first token, streamed or not), or a cloud model
// reasoning hard in a non-streamed request. Here that wait is scaled down: Node's global
// dispatcher is swapped for one that gives up after 250 ms (undici's timers tick every half
// second, so after about 1 s), and each fake (a real HTTP server: msw's responses never reach
// undici) answers after 1.75 s. The run's timeoutMs must be the only limit —
// directly, and through the cassette interceptor — for every provider.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { runAgent } from '../../src/agent/run-agent.js';
import { prepareWorkspace, type Workspace } from '../../src/agent/workspace.js';
import { openCassette, withCassette } from '../../src/cassettes/case-cassette.js';
import {
  installCassetteInterceptor,
  uninstallCassetteInterceptor,
} from '../../src/cassettes/cassette-interceptor.js';
import { resolveModel } from '../../src/models/resolve-model.js';
import { CaseRecordBuilder } from '../../src/records/case-record-builder.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { rejectionOf } from '../fakes/test-support.js';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const TURN_MS = 1_750;
const NODE_TIMEOUT_MS = 250;

type Slot = Record<symbol, unknown>;
let nodeDefault: unknown;
const slowBrain = () => ({ text: 'done after a long think', delayMs: TURN_MS });

/** Each provider: its model, its fake, and how the provider is pointed at the fake. */
const PROVIDERS = [
  {
    name: 'ollama',
    model: 'ollama:gpt-oss:120b',
    fake: () => createOllamaFake({ brain: slowBrain, models: ['gpt-oss:120b'] }),
    env: (url: string) => ({ OLLAMA_HOST: url }),
    path: '/api/chat',
    headers: {},
    body: { model: 'gpt-oss:120b', stream: false, messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    name: 'openai',
    model: 'openai:gpt-6.1-terra',
    fake: () => createOpenAIFake({ brain: slowBrain }),
    env: (url: string) => ({ OPENAI_BASE_URL: `${url}/v1`, OPENAI_API_KEY: 'sk-test' }),
    path: '/v1/responses',
    headers: { authorization: 'Bearer sk-test' },
    body: { model: 'gpt-6.1-terra', input: 'hi' },
  },
  {
    name: 'anthropic',
    model: 'anthropic:claude-sonnet-5-5',
    fake: () => createAnthropicFake({ brain: slowBrain }),
    env: (url: string) => ({ ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'sk-ant-test' }),
    path: '/v1/messages',
    headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
    body: {
      model: 'claude-sonnet-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    },
  },
] as const;

const served = new Map<string, ServedFake>();
let workspace: Workspace;

beforeAll(async () => {
  // Loads Node's bundled undici, which sets the global dispatcher.
  new Response('');
  nodeDefault = (globalThis as Slot)[GLOBAL_DISPATCHER];
  const Agent = (nodeDefault as { constructor: new (options: object) => object }).constructor;
  (globalThis as Slot)[GLOBAL_DISPATCHER] = new Agent({
    headersTimeout: NODE_TIMEOUT_MS,
    bodyTimeout: NODE_TIMEOUT_MS,
  });
  // Every model turn takes 1.75 s before its headers; Ollama's /api/show answers at once.
  for (const provider of PROVIDERS)
    served.set(provider.name, await serveFake(provider.fake().handler));
  for (const provider of PROVIDERS) {
    const url = served.get(provider.name)?.url ?? '';
    for (const [name, value] of Object.entries(provider.env(url))) vi.stubEnv(name, value);
  }
  workspace = await prepareWorkspace(undefined);
});

afterAll(async () => {
  (globalThis as Slot)[GLOBAL_DISPATCHER] = nodeDefault;
  vi.unstubAllEnvs();
  await workspace.dispose();
  for (const fake of served.values()) await fake.close();
});

afterEach(() => {
  uninstallCassetteInterceptor();
});

const run = (model: string, timeoutMs: number, maxOutputTokensPerTurn?: number) =>
  runAgent({
    model,
    prompt: 'Think hard, then answer.',
    workspace: workspace.root,
    limits: { timeoutMs, ...(maxOutputTokensPerTurn ? { maxOutputTokensPerTurn } : {}) },
  });

/** Every provider at once (each has its own variables, so they can share the process). */
const onEach = <T>(work: (provider: (typeof PROVIDERS)[number]) => Promise<T>) =>
  Promise.all(PROVIDERS.map(work));

describe('a model turn longer than Node’s header timeout (scaled: about 1 s), 1.75 s here', () => {
  test('control: Node’s fetch alone gives up, with undici’s header timeout', async () => {
    const codes = await onEach(async (provider) => {
      const error = await rejectionOf(
        fetch(`${served.get(provider.name)?.url}${provider.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...provider.headers },
          body: JSON.stringify(provider.body),
        }),
      );
      return (error as { cause?: { code?: string } }).cause?.code;
    });
    expect(codes).toEqual(PROVIDERS.map(() => 'UND_ERR_HEADERS_TIMEOUT'));
  });

  test('succeeds on every provider when the run’s timeoutMs allows it', async () => {
    const results = await onEach((provider) => run(provider.model, 10_000));
    for (const result of results) {
      expect(result.error).toBeNull();
      expect(result.output).toBe('done after a long think');
      expect(result.durationMs).toBeGreaterThan(TURN_MS);
    }
  });

  test('and the run’s timeoutMs is still its limit', async () => {
    // Longer than Node's header timeout, shorter than the turn.
    const results = await onEach((provider) => run(provider.model, 1_250));
    for (const result of results) {
      expect(result.error).toEqual({
        kind: 'timeout',
        message: 'the run exceeded its wall-clock timeout of 1250 ms',
      });
    }
  });

  test('Claude with more than 21,333 output tokens per turn: not refused by the SDK’s 10-minute guess', async () => {
    // Anthropic's SDK refuses a non-streamed request whose max_tokens suggests over 10 minutes,
    // unless the client sets its own timeout; the run's timeoutMs is that limit.
    const result = await run('anthropic:claude-sonnet-5-5', 10_000, 32_000);
    expect(result.error).toBeNull();
    expect(result.output).toBe('done after a long think');
  });

  test('through the cassette interceptor too: recording, and live outside a session', async () => {
    installCassetteInterceptor();
    const live = await onEach((provider) => run(provider.model, 10_000));
    expect(live.map((result) => result.error)).toEqual(PROVIDERS.map(() => null));

    const root = await mkdtemp(join(tmpdir(), 'nanograde-slow-turn-'));
    try {
      const paths = await onEach(async (provider) => {
        const model = resolveModel(provider.model);
        const session = await openCassette({
          caseName: `slow turn ${provider.name}`,
          model,
          testName: `slow turn › ${provider.model}`,
          mode: 'record',
          root,
        });
        const builder = new CaseRecordBuilder({
          case: `slow turn ${provider.name}`,
          model: model.id,
          provider: provider.name,
        });
        const recorded = await withCassette(session, builder, () => run(provider.model, 10_000));
        expect(recorded.error).toBeNull();
        return session?.recorded.map((exchange) => exchange?.request.path);
      });
      expect(paths).toEqual(PROVIDERS.map((provider) => [provider.path]));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
