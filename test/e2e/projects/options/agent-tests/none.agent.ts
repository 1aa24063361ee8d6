import { agentTest } from '../../../../../src/public/index.js';

// GPT-6.1 Sol refuses effort none: the case is a configuration error, and nothing runs.
agentTest(
  'none effort',
  {
    prompt: 'Read motto.txt and answer with its text only.',
    workspace: 'workspace',
    modelOptions: { effort: 'none' },
  },
  ({ expect }) => {
    expect.unreachable('a case whose options a model refuses never runs');
  },
);
