import { agentTest } from '../../../../../src/public/index.js';

agentTest(
  'typo',
  // @ts-expect-error: the misspelt option under test
  { prompt: 'Read greeting.txt and answer with its first line.', worksapce: 'workspace' },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^Hello/);
  },
);
