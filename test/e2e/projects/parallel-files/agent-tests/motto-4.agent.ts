import { agentTest } from '../../../../../src/public/index.js';

agentTest(
  'motto 4',
  {
    prompt: 'Read motto.txt and answer with its text only.',
    workspace: 'workspace',
    limits: { maxTurns: 4, timeoutMs: 30_000 },
  },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^nanograde e2e$/);
  },
);
