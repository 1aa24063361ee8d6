import { test } from 'vitest';
import { agentTest } from '../../../../../src/public/index.js';
import { makeRun } from '../../../../vitest/agent-run-factory.js';

// The judge fake (judgingBrain) answers every judge request after a delay the case's prompt
// names: "(judge takes 3 s)". The agent answers the first line of letter.txt: "Hello".
const task = (judgeSeconds: number) =>
  `Read letter.txt and answer with its first line only. (judge takes ${judgeSeconds} s)`;

agentTest(
  'unawaited judge',
  { prompt: task(1), workspace: 'workspace', expected: 'Hello' },
  ({ run, expect }) => {
    // The mistake under test: no await.
    expect(run).toJudgeAtLeast('B');
  },
);

agentTest(
  'slow judge',
  { prompt: task(3), workspace: 'workspace', expected: 'Hello' },
  async ({ run, expect }) => {
    await expect(run).toJudgeAtLeast('B', { timeoutMs: 1_000 });
  },
);

agentTest(
  'judge slower than the run limit',
  // The judge's 2 s do not count against the run's 1 s: the judge has its own timeout.
  { prompt: task(2), workspace: 'workspace', expected: 'Hello', limits: { timeoutMs: 1_000 } },
  async ({ run, expect }) => {
    await expect(run).toJudgeAtLeast('B');
  },
);

test('unawaited judge in a plain test', ({ expect }) => {
  expect(makeRun({ output: 'Hello' })).toJudgeAtLeast('B', {
    oracle: async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return 'A' as const;
    },
  });
});
