// toJudgeAtLeast inside a real agentTest: the agent and its judge both talk to the strict OpenAI
// fake; the verdict lands in the case's task meta beside the run.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { agentTest } from '../../src/vitest/agent-test.js';
import type { Brain } from '../fakes/fake-types.js';
import { ALL_FAKES, gradeTurn, serveJudgeFakes } from './judge-fakes.js';

// Read when agentTest registers its tests, so set while this file is collected.
vi.stubEnv('NANOGRADE_MODELS', 'openai:gpt-5-nano');
for (const [name, value] of Object.entries(ALL_FAKES)) vi.stubEnv(name, value);
vi.stubEnv('NANOGRADE_JUDGE', 'openai:gpt-5-mini');

const judged: string[] = [];
/** The agent (gpt-5-nano, offered the file tools) answers; the judge (gpt-5-mini) grades it. */
const brain: Brain = (view) => {
  if (view.model === 'gpt-5-mini') {
    judged.push(view.messages[0]?.content ?? '');
    return gradeTurn('A', 'Canberra is right; one sentence where one word was asked.')(view);
  }
  return { text: 'Canberra is the capital.' };
};

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  serveJudgeFakes(server, brain);
});
afterAll(() => {
  server.close();
  vi.unstubAllEnvs();
});
// The verdict is in the case's task meta once the check has run, beside the agent's run.
afterEach(({ task, expect }) => {
  const record = task.meta.nanograde;
  expect(record?.run?.model).toBe('openai:gpt-5-nano');
  expect(record?.judgements).toEqual([
    {
      status: 'graded',
      bar: 'B',
      grade: 'A',
      reason: 'Canberra is right; one sentence where one word was asked.',
      judge: 'openai:gpt-5-mini',
      usage: expect.objectContaining({ inputTokens: expect.any(Number) }),
      costUsd: expect.any(Number),
      durationMs: expect.any(Number),
    },
  ]);
  expect(record?.judgements?.[0]?.costUsd).not.toBe(record?.run?.costUsd);
});

agentTest(
  'capital city',
  {
    prompt: 'What is the capital of Australia? One word.',
    expected: 'Canberra',
    rubric: 'One word was asked for.',
  },
  async ({ run, expect }) => {
    await expect(run).toJudgeAtLeast('B');
    // The judge saw the case's own expected answer and rubric.
    expect(judged).toHaveLength(1);
    expect(judged[0]).toContain('## Expected answer\n```\nCanberra\n```');
    expect(judged[0]).toContain('## Rubric\nOne word was asked for.');
    expect(judged[0]).toContain('```\nCanberra is the capital.\n```');
  },
);
