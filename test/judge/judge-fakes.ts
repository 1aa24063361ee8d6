/**
 * What the judge tests share: addresses for the strict fakes, an environment that points the
 * providers at them (and never at a real key or host), and judge brains.
 */
import type { SetupServer } from 'msw/node';
import { vi } from 'vitest';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain, BrainTurn, ConversationView } from '../fakes/fake-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';

export const OPENAI_BASE = 'https://openai.judge.test/v1';
export const ANTHROPIC_BASE = 'https://anthropic.judge.test';
export const OLLAMA_HOST = 'http://ollama.judge.test:11434';
export const COMPATIBLE_BASE = 'http://compatible.judge.test:8000/v1';
export const OPENAI_KEY = 'sk-judge-test';
export const ANTHROPIC_KEY = 'sk-ant-judge-test';

const JUDGE_ENV = [
  'NANOGRADE_JUDGE',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_BASE_URL',
  'OLLAMA_HOST',
  'OPENAI_COMPATIBLE_BASE_URL',
  'OPENAI_COMPATIBLE_API_KEY',
] as const;
type JudgeEnv = Partial<Record<(typeof JUDGE_ENV)[number], string>>;

/** Clears every variable that picks or reaches a judge, then sets `values` (undo: vi.unstubAllEnvs). */
export function stubJudgeEnv(values: JudgeEnv = {}): void {
  for (const name of JUDGE_ENV) vi.stubEnv(name, values[name]);
}

/** Every provider's address and key, pointed at the fakes. */
export const ALL_FAKES: JudgeEnv = {
  OPENAI_API_KEY: OPENAI_KEY,
  OPENAI_BASE_URL: OPENAI_BASE,
  ANTHROPIC_API_KEY: ANTHROPIC_KEY,
  ANTHROPIC_BASE_URL: ANTHROPIC_BASE,
  OLLAMA_HOST,
  OPENAI_COMPATIBLE_BASE_URL: COMPATIBLE_BASE,
};

/** A judge's turn, as a function of the request it answers. */
export type JudgeTurn = (view: ConversationView) => BrainTurn;

/**
 * The judge gives `grade` for `reason` the way the request asks: a record_grade call, or that
 * call's JSON as the whole reply where no tool is offered (Ollama's structured output).
 */
export function gradeTurn(
  grade: string,
  reason: string,
  extra: Partial<BrainTurn> = {},
): JudgeTurn {
  return (view) =>
    view.toolNames.includes('record_grade')
      ? { toolCalls: [{ name: 'record_grade', arguments: { reason, grade } }], ...extra }
      : { text: JSON.stringify({ reason, grade }), ...extra };
}

/** The judge answers with these raw record_grade arguments (or this raw JSON text on Ollama). */
export function rawTurn(argumentsText: string, extra: Partial<BrainTurn> = {}): JudgeTurn {
  return (view) =>
    view.toolNames.includes('record_grade')
      ? { toolCalls: [{ name: 'record_grade', arguments: argumentsText }], ...extra }
      : { text: argumentsText, ...extra };
}

/** A brain that answers request n with script[n] and keeps every view; one request too many fails. */
export function scriptedJudge(script: JudgeTurn[]): { brain: Brain; seen: ConversationView[] } {
  const seen: ConversationView[] = [];
  return {
    seen,
    brain: (view) => {
      seen.push(view);
      const turn = script[seen.length - 1];
      if (!turn)
        throw new Error(
          `the judge was asked ${seen.length} times; the script has ${script.length}`,
        );
      return turn(view);
    },
  };
}

/** The strict fakes, all driven by `brain`, served through msw at the addresses above. */
export function serveJudgeFakes(server: SetupServer, brain: Brain) {
  const openai = createOpenAIFake({ brain, apiKey: OPENAI_KEY });
  const compatible = createOpenAIFake({
    brain,
    apiKey: 'not-needed',
    models: ['qwen3:8b'],
    chatUsageDetails: false,
  });
  const anthropic = createAnthropicFake({ brain, apiKey: ANTHROPIC_KEY });
  const ollama = createOllamaFake({ brain, models: ['gpt-oss:120b', 'gpt-oss:20b'] });
  server.use(
    mswHandler(OPENAI_BASE, openai.handler),
    mswHandler(COMPATIBLE_BASE, compatible.handler),
    mswHandler(ANTHROPIC_BASE, anthropic.handler),
    mswHandler(OLLAMA_HOST, ollama.handler),
  );
  return { openai, compatible, anthropic, ollama };
}

/**
 * The brain of test/e2e/projects/judging: the agent reads letter.txt and answers its first line;
 * the judge grades A after the delay its task names ("(judge takes 3 s)").
 */
export const letterBrain: Brain = (view) => {
  if (view.toolNames.includes('record_grade')) {
    const seconds = Number(/\(judge takes (\d+) s\)/.exec(view.messages[0]?.content ?? '')?.[1]);
    return gradeTurn('A', 'Right line.', { delayMs: seconds * 1000 })(view);
  }
  if (view.turn === 0) {
    return { toolCalls: [{ name: 'read_file', arguments: { file_path: 'letter.txt' } }] };
  }
  return { text: view.lastToolResults[0]?.content.split('\n')[0] ?? '' };
};
