import { agentTest } from '../../../../../src/public/index.js';

const writeGreeting = (content: string) => ({
  toolCalls: [{ name: 'write_file', args: { file_path: 'greeting.txt', content } }],
  answer: 'done',
});
const prompt = 'Write the word hello to greeting.txt, then answer "done".';

// Sound: the gold solution passes, an empty answer fails.
agentTest('sound', { prompt, reference: writeGreeting('hello') }, ({ run, workspace, expect }) => {
  expect(workspace).toHaveFile('greeting.txt', 'hello');
  expect(run).toFollowFormat(/^done$/);
});

// Vacuous: these checks assert nothing about the answer, so they pass on `null` too.
agentTest('vacuous', { prompt, reference: writeGreeting('hello') }, ({ run, expect }) => {
  expect(run.turns).toBeGreaterThan(0);
});

// Broken gold: the reference writes the wrong word, so it fails the case's own checks.
agentTest('broken gold', { prompt, reference: writeGreeting('helo') }, ({ workspace, expect }) => {
  expect(workspace).toHaveFile('greeting.txt', 'hello');
});

// No reference: the built-in `reference` has nothing to run and is skipped with the reason.
agentTest('no gold', { prompt }, ({ workspace, expect }) => {
  expect(workspace).toHaveFile('greeting.txt', 'hello');
});

// Judged only: the judge is not asked about the built-ins, so an empty answer passes too.
agentTest(
  'judged only',
  { prompt, expected: 'done', reference: writeGreeting('hello') },
  async ({ run, expect }) => {
    await expect(run).toJudgeAtLeast('B');
  },
);
