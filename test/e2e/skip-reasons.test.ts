import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, testLine, type VitestRun } from './run-vitest.js';

// The matrix project on gpt-5-mini (served), claude-haiku-4-5 (ANTHROPIC_API_KEY unset, though
// a fake listens at ANTHROPIC_BASE_URL) and gpt-oss:120b (the Ollama fake has only gpt-oss:20b).
describe('vitest run --project agents: models that cannot run here', () => {
  const openai = createOpenAIFake({ brain: readerBrain() });
  const anthropic = createAnthropicFake({ brain: readerBrain() });
  const ollama = createOllamaFake({ brain: readerBrain(), models: ['gpt-oss:20b'] });
  let servers: ServedFake[] = [];
  let skipping: VitestRun;
  let requiring: VitestRun;

  beforeAll(async () => {
    servers = await Promise.all([openai, anthropic, ollama].map((fake) => serveFake(fake.handler)));
    const [openaiServer, anthropicServer, ollamaServer] = servers as [
      ServedFake,
      ServedFake,
      ServedFake,
    ];
    const env = {
      NANOGRADE_MODELS: 'gpt-5-mini,claude-haiku-4-5,ollama:gpt-oss:120b',
      OPENAI_BASE_URL: `${openaiServer.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      ANTHROPIC_BASE_URL: anthropicServer.url,
      OLLAMA_HOST: ollamaServer.url,
    };
    // One after the other: the second run's assertions on the fakes' logs must not mix.
    skipping = await runVitest({ root: e2eProject('matrix'), env });
    requiring = await runVitest({
      root: e2eProject('matrix'),
      env: { ...env, NANOGRADE_REQUIRE: 'all' },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('skips the unavailable models and passes the run (exit 0)', () => {
    expect(skipping.exitCode, skipping.output).toBe(0);
    expect(skipping.output).toMatch(/Tests\s+1 passed \| 2 skipped \(3\)/);
    expect(testLine(skipping.stdout, 'motto › gpt-5-mini')).toMatch(/^\s*✓ /);
  });

  it('prints why each model was skipped', () => {
    const haiku = testLine(skipping.stdout, 'motto › claude-haiku-4-5');
    expect(haiku).toMatch(/^\s*↓ /);
    expect(haiku).toContain('[anthropic:claude-haiku-4-5 unavailable: Set ANTHROPIC_API_KEY');

    const ollama120 = testLine(skipping.stdout, 'motto › gpt-oss:120b');
    expect(ollama120).toMatch(/^\s*↓ /);
    expect(ollama120).toContain('[ollama:gpt-oss:120b unavailable:');
    expect(ollama120).toContain('run `ollama pull gpt-oss:120b`');
  });

  it('never calls a provider whose key is missing, and only asks Ollama what is pulled', () => {
    expect(anthropic.log.requests).toEqual([]);
    // Both runs: GET /api/tags for the availability check, no chat.
    const ollamaCalls = ollama.log.requests.map(
      ({ request }) => `${request.method} ${request.url.pathname}`,
    );
    expect(ollamaCalls.length).toBeGreaterThan(0);
    expect(new Set(ollamaCalls)).toEqual(new Set(['GET /api/tags']));
  });

  it('fails the same run with NANOGRADE_REQUIRE=all (exit 1), saying why', () => {
    expect(requiring.exitCode, requiring.output).toBe(1);
    expect(requiring.output).toMatch(/Tests\s+2 failed \| 1 passed \(3\)/);
    expect(testLine(requiring.stdout, 'motto › gpt-5-mini')).toMatch(/^\s*✓ /);
    expect(testLine(requiring.stdout, 'motto › claude-haiku-4-5')).toMatch(/^\s*× /);
    expect(testLine(requiring.stdout, 'motto › gpt-oss:120b')).toMatch(/^\s*× /);
    expect(requiring.output).toContain(
      'anthropic:claude-haiku-4-5 cannot run here (NANOGRADE_REQUIRE=all): Set ANTHROPIC_API_KEY',
    );
    expect(requiring.output).toMatch(
      /ollama:gpt-oss:120b cannot run here \(NANOGRADE_REQUIRE=all\): .*ollama pull gpt-oss:120b/,
    );
  });
});
