import { agentTest } from '../../../../../src/public/index.js';

// Sound: the gold solution passes, an empty answer fails; a real model reads and answers. The
// watch-mode test hands it a seed of its own to change (TEST_SEED).
agentTest(
  'greeting',
  {
    prompt: 'Read greeting.txt and answer with its first line.',
    workspace: process.env.TEST_SEED ?? 'workspace',
    reference: {
      toolCalls: [{ name: 'read_file', args: { file_path: 'greeting.txt' } }],
      answer: 'Hello from the fixture',
    },
  },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^Hello from the fixture$/);
  },
);
