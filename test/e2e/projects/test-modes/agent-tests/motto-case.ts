import type { AgentCase, AgentCheck } from '../../../../../src/public/index.js';

/**
 * The motto case, its prompt marked with `label` so the fake's log shows which case asked: the
 * fake model reads motto.txt and answers with its text.
 */
export const motto = (label: string): AgentCase => ({
  prompt: `Read motto.txt and answer with its text only. Case: ${label}.`,
  workspace: 'workspace',
  limits: { maxTurns: 4, timeoutMs: 20_000 },
});

export const checkMotto: AgentCheck = ({ run, expect }) => {
  expect(run).toHaveCalledTool('read_file', { file_path: 'motto.txt' });
  expect(run).toFollowFormat(/^nanograde e2e$/);
};
