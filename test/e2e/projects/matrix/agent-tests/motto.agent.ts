import { agentTest } from '../../../../../src/public/index.js';

// One case for whatever matrix NANOGRADE_MODELS names: read motto.txt, answer with it.
agentTest(
  'motto',
  {
    prompt: 'Read motto.txt and answer with its text only.',
    workspace: 'workspace',
    limits: { maxTurns: 4, timeoutMs: 20_000 },
  },
  ({ run, expect }) => {
    expect(run).toHaveCalledTool('read_file', { file_path: 'motto.txt' });
    expect(run).toFollowFormat(/^nanograde e2e$/);
    expect(run).toUseAtMostTurns(2);
  },
);
