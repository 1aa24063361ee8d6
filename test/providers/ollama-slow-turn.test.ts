// A local model's turn may take longer than Node's fetch waits for response headers (300 s;
// Ollama sends its headers with the first token, streamed or not). Here that wait is scaled down:
// Node's global dispatcher is swapped for one that gives up after 1 s, and the fake Ollama (a
// real HTTP server: msw's responses never reach undici) answers after 2.5 s. The run's timeoutMs
// must be the only limit — directly, and through the cassette interceptor.
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
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { rejectionOf } from '../fakes/test-support.js';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const TURN_MS = 2_500;
const NODE_TIMEOUT_MS = 1_000;

type Slot = Record<symbol, unknown>;
let nodeDefault: unknown;
let served: ServedFake;
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
  const fake = createOllamaFake({
    // Every chat turn takes 2.5 s before its headers; /api/show answers at once.
    brain: () => ({ text: 'done after a long think', delayMs: TURN_MS }),
    models: ['gpt-oss:120b'],
  });
  served = await serveFake(fake.handler);
  workspace = await prepareWorkspace(undefined);
});

afterAll(async () => {
  (globalThis as Slot)[GLOBAL_DISPATCHER] = nodeDefault;
  await workspace.dispose();
  await served.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
  uninstallCassetteInterceptor();
});

const run = (timeoutMs: number) =>
  runAgent({
    model: 'ollama:gpt-oss:120b',
    prompt: 'Think hard, then answer.',
    workspace: workspace.root,
    limits: { timeoutMs },
  });

describe('an Ollama turn longer than Node’s header timeout (scaled: 1 s), 2.5 s here', () => {
  test('control: Node’s fetch alone gives up, with undici’s header timeout', async () => {
    const error = await rejectionOf(
      fetch(`${served.url}/api/chat`, {
        method: 'POST',
        body: JSON.stringify({
          model: 'gpt-oss:120b',
          stream: false,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      }),
    );
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  test('succeeds when the run’s timeoutMs allows it', async () => {
    vi.stubEnv('OLLAMA_HOST', served.url);
    const result = await run(10_000);
    expect(result.error).toBeNull();
    expect(result.output).toBe('done after a long think');
    expect(result.durationMs).toBeGreaterThan(TURN_MS);
  });

  test('and the run’s timeoutMs is still its limit', async () => {
    vi.stubEnv('OLLAMA_HOST', served.url);
    const result = await run(1_500);
    expect(result.error).toEqual({
      kind: 'timeout',
      message: 'the run exceeded its wall-clock timeout of 1500 ms',
    });
  });

  test('through the cassette interceptor too: recording, and live outside a session', async () => {
    vi.stubEnv('OLLAMA_HOST', served.url);
    installCassetteInterceptor();
    const live = await run(10_000);
    expect(live.error).toBeNull();

    const root = await mkdtemp(join(tmpdir(), 'nanograde-slow-turn-'));
    try {
      const model = resolveModel('ollama:gpt-oss:120b');
      const session = await openCassette({
        caseName: 'slow turn',
        model,
        testName: 'slow turn › gpt-oss:120b',
        mode: 'record',
        root,
      });
      const builder = new CaseRecordBuilder({
        case: 'slow turn',
        model: model.id,
        provider: 'ollama',
      });
      const recorded = await withCassette(session, builder, () => run(10_000));
      expect(recorded.error).toBeNull();
      expect(session?.recorded.map((exchange) => exchange?.request.path)).toEqual(['/api/chat']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
