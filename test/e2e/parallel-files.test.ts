import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { ProviderTraffic } from '../fakes/provider-traffic.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, type VitestRun } from './run-vitest.js';

// Four agent test files on four workers: the slot coordinator holds OpenAI to one request at a
// time across all of them, while Anthropic's requests from different files overlap — the files
// run in parallel, and the per-provider limit holds across the whole run.
describe('agent test files in parallel under a run-wide provider limit', () => {
  const traffic = new ProviderTraffic();
  const peak = (provider: string) => traffic.byKey.get(provider)?.maxInFlight;
  let servers: ServedFake[] = [];
  let run: VitestRun;

  beforeAll(async () => {
    const openai = createOpenAIFake({ brain: readerBrain({ delayMs: 300 }) }).handler;
    const anthropic = createAnthropicFake({ brain: readerBrain({ delayMs: 300 }) }).handler;
    servers = await Promise.all([
      serveFake(traffic.observe(openai, () => 'openai')),
      serveFake(traffic.observe(anthropic, () => 'anthropic')),
    ]);
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
    expect(peak('openai')).toBe(1);
  });

  it('ran the files at once: Anthropic answered several files at the same time', () => {
    expect(peak('anthropic')).toBeGreaterThanOrEqual(2);
  });
});
