import { agentTest } from '../../../../../src/public/index.js';
import { probeFile } from './probe.js';

probeFile('motto-3');

agentTest(
  'motto 3',
  {
    prompt: 'Read motto-3.txt and answer with its text only.',
    workspace: 'workspace',
    limits: { maxTurns: 4, timeoutMs: 20_000 },
  },
  ({ run, expect }) => {
    expect(run).toHaveCalledTool('read_file', { file_path: 'motto-3.txt' });
    expect(run).toFollowFormat(/^nanograde e2e$/);
  },
);
