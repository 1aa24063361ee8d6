import { agentTest } from '../../../../src/public/index.js';

/** The one case of every file of both projects: read motto.txt, answer with its text. */
export function mottoTest(name: string): void {
  agentTest(
    name,
    {
      prompt: 'Read motto.txt and answer with its text only.',
      workspace: 'workspace',
      limits: { maxTurns: 4, timeoutMs: 30_000 },
    },
    ({ run, expect }) => {
      expect(run).toFollowFormat(/^nanograde e2e$/);
    },
  );
}
