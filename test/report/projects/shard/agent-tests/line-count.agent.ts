import { agentTest } from '../../../../../src/vitest/agent-test.js';

agentTest(
  'line count',
  {
    prompt: 'Read notes.txt and answer with the number of lines it has, as digits only.',
    workspace: 'workspace',
    limits: { maxTurns: 4, timeoutMs: 20_000 },
    reference: {
      toolCalls: [{ name: 'read_file', args: { file_path: 'notes.txt' } }],
      answer: '3',
    },
  },
  ({ run, expect }) => {
    expect(run.output.trim()).toBe('3');
  },
);
