import { agentTest } from '../../../../../src/public/index.js';

// The fake model reads secrets.env from the workspace the test made (SECRETS_WORKSPACE) and
// says every line of it back; the judge quotes a key in its reason.
const workspace = process.env.SECRETS_WORKSPACE ?? 'missing';
const prompt = 'Read secrets.env and answer with its text only.';

agentTest('says the keys back', { prompt, workspace }, async ({ run, expect }) => {
  await expect(run).toJudgeAtLeast('B');
  expect(run).toMatchAgentSnapshot({ toolCalls: true });
  // A plain assertion whose diff shows the answer: it fails on purpose.
  expect(run.output).toBe('no keys here');
});

agentTest('a matcher shows the keys', { prompt, workspace }, ({ run, expect }) => {
  // Fails on purpose: the message shows the answer.
  expect(run).toFollowFormat(/^no keys here$/);
});
