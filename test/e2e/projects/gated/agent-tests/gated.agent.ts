import { agentTest } from '../../../../../src/public/index.js';

// The fake model (reader-brain.ts) reads letter.txt and answers its first line, "Hello". Each
// prompt names its case, so the fake can count each case's model requests.
const prompt = (name: string) =>
  `Read letter.txt and answer with its first line only. (case: ${name})`;
const answering = (answer: string) => ({
  toolCalls: [{ name: 'read_file', args: { file_path: 'letter.txt' } }],
  answer,
});
const base = { workspace: 'workspace', limits: { maxTurns: 4, timeoutMs: 20_000 } };

// Sound: the gold solution passes, an empty answer fails; the real models run.
agentTest(
  'sound',
  { ...base, prompt: prompt('sound'), reference: answering('Hello') },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^Hello$/);
  },
);

// Broken gold: the reference answers the wrong line, so it fails the case's own checks.
agentTest(
  'broken gold',
  { ...base, prompt: prompt('broken gold'), reference: answering('Goodbye') },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^Hello$/);
  },
);

// Vacuous: the checks pass on the null model's empty answer.
agentTest(
  'vacuous',
  { ...base, prompt: prompt('vacuous'), reference: answering('Hello') },
  ({ run, expect }) => {
    expect(run.turns).toBeGreaterThanOrEqual(0);
  },
);

// Misused: a misspelt matcher option, and no reference: only null runs, and the check throws
// a usage error there (not a failure an empty answer earns).
agentTest('misused', { ...base, prompt: prompt('misused') }, ({ run, expect }) => {
  expect(run).toHaveCalledTool('read_file', { file_path: 'letter.txt' }, {
    includFailed: true,
  } as never);
});
