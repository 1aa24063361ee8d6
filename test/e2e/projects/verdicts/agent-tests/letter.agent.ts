import { agentTest } from '../../../../../src/public/index.js';

// letter.txt reads "Hello", "How are you?", "Goodbye". The fake model answers the first
// question right and the second one wrong (it gives the first line again).

agentTest(
  'first line',
  {
    prompt: 'Read letter.txt and answer with its first line only.',
    workspace: 'workspace',
    limits: { maxTurns: 4, timeoutMs: 20_000 },
  },
  ({ run, expect }) => {
    expect(run).toHaveCalledTool('read_file', { file_path: 'letter.txt' });
    expect(run).toFollowFormat(/^Hello$/);
  },
);

agentTest(
  'last line',
  {
    prompt: 'Read letter.txt and answer with its last line only.',
    workspace: 'workspace',
    limits: { maxTurns: 4, timeoutMs: 20_000 },
  },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^Goodbye$/);
  },
);
