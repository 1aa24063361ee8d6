// An Ollama run recorded and replayed: POST /api/show (the model's context length) is a probe,
// answered live and never stored; in replay it is answered from the recording, so the replayed
// requests ask for the num_ctx that was recorded.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { runAgent } from '../../src/agent/run-agent.js';
import { prepareWorkspace } from '../../src/agent/workspace.js';
import { applyRecordedRun, openCassette, withCassette } from '../../src/cassettes/case-cassette.js';
import { readCassette } from '../../src/cassettes/cassette-file.js';
import { uninstallCassetteInterceptor } from '../../src/cassettes/cassette-interceptor.js';
import type { CassetteMode } from '../../src/env/nanograde-env.js';
import { resolveModel } from '../../src/models/resolve-model.js';
import { CaseRecordBuilder } from '../../src/records/case-record-builder.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { serveFake } from '../fakes/serve-fake.js';
import { closedPortUrl } from '../fakes/test-support.js';

const MODEL = resolveModel('ollama:gpt-oss:20b');
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nanograde-ollama-cassette-'));
});
afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  uninstallCassetteInterceptor();
  await rm(root, { recursive: true, force: true });
});

async function runCase(mode: CassetteMode) {
  const session = await openCassette({
    caseName: 'context',
    model: MODEL,
    testName: 'context › gpt-oss:20b',
    mode,
    root,
  });
  const builder = new CaseRecordBuilder({ case: 'context', model: MODEL.id, provider: 'ollama' });
  const workspace = await prepareWorkspace(undefined);
  try {
    return await withCassette(session, builder, async () => {
      const result = await runAgent({
        model: MODEL,
        prompt: 'Say hello.',
        workspace: workspace.root,
      });
      applyRecordedRun(session, result);
      builder.run(result);
      return result;
    });
  } finally {
    await workspace.dispose();
  }
}

test('records no /api/show exchange, and replays with the recorded num_ctx, the server gone', async () => {
  vi.stubEnv('NANOGRADE_OLLAMA_NUM_CTX', '65536');
  const fake = createOllamaFake({ brain: () => ({ text: 'Hello.' }) });
  const served = await serveFake(fake.handler);
  try {
    vi.stubEnv('OLLAMA_HOST', served.url);
    const recorded = await runCase('record');
    expect(recorded.error).toBeNull();
  } finally {
    await served.close();
  }
  expect(fake.log.requests.map(({ request }) => request.url.pathname)).toEqual([
    '/api/show',
    '/api/chat',
  ]);
  const cassette = await readCassette(join(root, 'context', 'ollama-gpt-oss-20b.json'), '');
  expect(cassette?.exchanges.map((exchange) => exchange.request.path)).toEqual(['/api/chat']);
  expect(cassette?.exchanges[0]?.request.body).toMatchObject({ options: { num_ctx: 65_536 } });

  // Another host, so the context length is asked again; nothing listens there.
  vi.stubEnv('OLLAMA_HOST', await closedPortUrl());
  const replayed = await runCase('replay');
  expect(replayed.error).toBeNull();
  expect(replayed.output).toBe('Hello.');
});
