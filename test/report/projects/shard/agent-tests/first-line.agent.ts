import { agentTest } from '../../../../../src/vitest/agent-test.js';

agentTest(
  'first line',
  {
    prompt: 'Read notes.txt and answer with its first line only.',
    workspace: 'workspace',
    limits: { maxTurns: 4, timeoutMs: 20_000 },
    reference: {
      toolCalls: [{ name: 'read_file', args: { file_path: 'notes.txt' } }],
      answer: 'alpha',
    },
  },
  ({ run, expect }) => {
    expect(run.output.trim()).toBe('alpha');
    expect(run).toHaveCalledTool('read_file', { file_path: 'notes.txt' });
  },
);
