import { agentTest } from '../../../../../src/public/index.js';

// Both models take xhigh: the case runs on each.
agentTest(
  'xhigh effort',
  {
    prompt: 'Read motto.txt and answer with its text only.',
    workspace: 'workspace',
    modelOptions: { effort: 'xhigh' },
  },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^priced by the project$/);
  },
);
