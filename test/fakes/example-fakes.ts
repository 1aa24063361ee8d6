/**
 * The example suite's three providers (agent-tests/), each a strict fake on a real 127.0.0.1
 * port, driven by the brain that solves every example case; the OpenAI fake also judges.
 * For child `vitest` runs: `env` points the providers and the judge at the fakes.
 */
import { createAnthropicFake } from './anthropic-fake.js';
import { exampleBrain } from './example-brains.js';
import { createOllamaFake } from './ollama-fake.js';
import { createOpenAIFake } from './openai-fake.js';
import { serveFake } from './serve-fake.js';

/** The example suite's models, as the verbose reporter names them, and its cases. */
export const EXAMPLE_MODELS = ['gpt-5-mini', 'claude-haiku-4-5', 'gpt-oss:20b'];
export const EXAMPLE_CASES = [
  'json answer',
  'head and tail',
  'service summary',
  'constant audit',
  'order report',
];

/** The three fakes; their request logs are what tests read. */
export interface ExampleFakes {
  openai: ReturnType<typeof createOpenAIFake>;
  anthropic: ReturnType<typeof createAnthropicFake>;
  ollama: ReturnType<typeof createOllamaFake>;
}

/** The example fakes, listening: `env` is what a child run needs, `close` stops all three. */
export interface ServedExampleFakes {
  fakes: ExampleFakes;
  env: Record<string, string>;
  close: () => Promise<unknown>;
}

/** The fakes, before they are served. */
export function createExampleFakes(): ExampleFakes {
  return {
    openai: createOpenAIFake({ brain: exampleBrain }),
    anthropic: createAnthropicFake({ brain: exampleBrain }),
    ollama: createOllamaFake({ brain: exampleBrain, models: ['gpt-oss:20b'] }),
  };
}

/** Serves `fakes` (new ones by default) on 127.0.0.1 ports. */
export async function serveExampleFakes(
  fakes: ExampleFakes = createExampleFakes(),
): Promise<ServedExampleFakes> {
  const [openai, anthropic, ollama] = await Promise.all(
    [fakes.openai, fakes.anthropic, fakes.ollama].map((fake) => serveFake(fake.handler)),
  );
  if (!openai || !anthropic || !ollama) throw new Error('a fake did not start');
  return {
    fakes,
    env: {
      NANOGRADE_MODELS: 'gpt-5-mini,claude-haiku-4-5,ollama:gpt-oss:20b',
      // Every case also asks a judge; the OpenAI fake grades against the expected answer.
      NANOGRADE_JUDGE: 'openai:gpt-5-nano',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      ANTHROPIC_BASE_URL: anthropic.url,
      ANTHROPIC_API_KEY: 'sk-ant-test',
      OLLAMA_HOST: ollama.url,
    },
    close: () => Promise.all([openai, anthropic, ollama].map((server) => server.close())),
  };
}
