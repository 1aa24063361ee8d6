import { resolveModel } from '../../src/models/resolve-model.js';
import { readerBrain } from '../../test/e2e/projects/reader-brain.js';
import { spawnVitest, type VitestRun } from '../../test/e2e/run-vitest.js';
import { ANTHROPIC_FAKE_MODELS, createAnthropicFake } from '../../test/fakes/anthropic-fake.js';
import { createOllamaFake } from '../../test/fakes/ollama-fake.js';
import { createOpenAIFake, DEFAULT_OPENAI_FAKE_MODELS } from '../../test/fakes/openai-fake.js';
import { ollamaModelKey, ProviderTraffic } from '../../test/fakes/provider-traffic.js';
import { type ServedFake, serveFake } from '../../test/fakes/serve-fake.js';

/** The strict fakes of OpenAI, Anthropic and Ollama on 127.0.0.1, each answer after a fixed delay. */
export interface BenchFakes {
  /** What a child run needs to reach them (keys and base URLs). */
  env: Record<string, string>;
  /** Runs `work` with the fakes' traffic counted on `traffic`. */
  measuring<T>(traffic: ProviderTraffic, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Serves the fakes for `models` (their API names are added to each fake's models), every model
 * request answered `delayMs` after it arrives: the reader brain reads the file the prompt names,
 * then answers with its text (two requests per run).
 */
export async function serveBenchFakes(models: string[], delayMs: number): Promise<BenchFakes> {
  const brain = readerBrain({ delayMs });
  const apiNames = (provider: string) =>
    models
      .map((id) => resolveModel(id))
      .filter((model) => model.provider === provider)
      .map((model) => model.apiModel);
  let traffic = new ProviderTraffic();
  const openai = createOpenAIFake({
    brain,
    models: [...DEFAULT_OPENAI_FAKE_MODELS, ...apiNames('openai')],
  });
  const anthropic = createAnthropicFake({
    brain,
    models: [...ANTHROPIC_FAKE_MODELS, ...apiNames('anthropic')],
  });
  const ollama = createOllamaFake({ brain, models: apiNames('ollama') });
  const servers: ServedFake[] = await Promise.all([
    serveFake((request) => traffic.observe(openai.handler, () => 'openai')(request)),
    serveFake((request) => traffic.observe(anthropic.handler, () => 'anthropic')(request)),
    serveFake((request) => traffic.observe(ollama.handler, ollamaModelKey)(request)),
  ]);
  const [openaiServer, anthropicServer, ollamaServer] = servers as [
    ServedFake,
    ServedFake,
    ServedFake,
  ];
  return {
    env: {
      OPENAI_BASE_URL: `${openaiServer.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      ANTHROPIC_BASE_URL: anthropicServer.url,
      ANTHROPIC_API_KEY: 'sk-ant-test',
      OLLAMA_HOST: ollamaServer.url,
    },
    measuring: async (counting, work) => {
      traffic = counting;
      try {
        return await work();
      } finally {
        traffic = new ProviderTraffic();
      }
    },
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

/** `vitest run --project agents` in a bench project, live, with the dot reporter. */
export function runBenchSuite(root: string, env: Record<string, string>): Promise<VitestRun> {
  return spawnVitest(
    ['run', '--project', 'agents', '--root', root, '--no-cache', '--reporter=dot'],
    {
      cwd: root,
      env: { CI: 'true', NANOGRADE_FIXTURES: 'live', ...env },
      timeoutMs: 600_000,
    },
  );
}

/** `  label  figure  (goal …: met | MISSED)` */
export function goalLine(label: string, figure: string, goal: string, met: boolean): string {
  return `  ${label.padEnd(34)} ${figure.padEnd(22)} goal ${goal}: ${met ? 'met' : 'MISSED'}`;
}
