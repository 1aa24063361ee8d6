import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { FakeHandler } from '../fakes/fake-types.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, type VitestRun } from './run-vitest.js';

/** Most model requests (POSTs) a fake had in flight at once. */
function peakInFlight(fake: FakeHandler) {
  const seen = { inFlight: 0, peak: 0 };
  const handler: FakeHandler = async (request) => {
    if (request.method !== 'POST') return fake(request);
    seen.inFlight += 1;
    seen.peak = Math.max(seen.peak, seen.inFlight);
    try {
      return await fake(request);
    } finally {
      seen.inFlight -= 1;
    }
  };
  return { seen, handler };
}

// Four agent test files on four workers: the slot coordinator holds OpenAI to one request at a
// time across all of them, while Anthropic's requests from different files overlap — the files
// run in parallel, and the per-provider limit holds across the whole run.
describe('agent test files in parallel under a run-wide provider limit', () => {
  const openai = peakInFlight(createOpenAIFake({ brain: readerBrain({ delayMs: 300 }) }).handler);
  const anthropic = peakInFlight(
    createAnthropicFake({ brain: readerBrain({ delayMs: 300 }) }).handler,
  );
  let servers: ServedFake[] = [];
  let run: VitestRun;

  beforeAll(async () => {
    servers = await Promise.all([serveFake(openai.handler), serveFake(anthropic.handler)]);
    const [openaiServer, anthropicServer] = servers as [ServedFake, ServedFake];
    run = await runVitest({
      root: e2eProject('parallel-files'),
      env: {
        OPENAI_BASE_URL: `${openaiServer.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
        ANTHROPIC_BASE_URL: anthropicServer.url,
        ANTHROPIC_API_KEY: 'sk-ant-test',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('passes every test of every file', () => {
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+8 passed \(8\)/);
  });

  it('never had two OpenAI requests in flight, though four files wanted one each', () => {
    expect(openai.seen.peak).toBe(1);
  });

  it('ran the files at once: Anthropic answered several files at the same time', () => {
    expect(anthropic.seen.peak).toBeGreaterThanOrEqual(2);
  });
});
