import { agentTest } from '../../../../../src/public/index.js';
import { probeFile } from './probe.js';

probeFile('motto-2');

agentTest(
  'motto 2',
  {
    prompt: 'Read motto-2.txt and answer with its text only.',
    workspace: 'workspace',
    limits: { maxTurns: 4, timeoutMs: 20_000 },
  },
  ({ run, expect }) => {
    expect(run).toHaveCalledTool('read_file', { file_path: 'motto-2.txt' });
    expect(run).toFollowFormat(/^nanograde e2e$/);
  },
);
