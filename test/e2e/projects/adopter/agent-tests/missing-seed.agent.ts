import { agentTest } from '../../../../../src/public/index.js';

// A workspace seed that is not there: a configuration error of the file, not of every test.
agentTest(
  'missing seed',
  { prompt: 'Read greeting.txt and answer with its first line.', workspace: 'no/such/seed' },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^Hello/);
  },
);
