import { agentTest } from '../../../src/public/index.js';
import { readManifest } from '../manifest.js';

// One case per run of the bench (scripts/bench-faults.ts writes the manifest), each on its one
// model: read motto.txt, answer with its text; every other run also asks a judge for a B.
const manifest = readManifest(process.env.FAULT_BENCH_MANIFEST);
const answer = new RegExp(`^${manifest.expected}$`);

for (const run of manifest.runs) {
  agentTest(
    run.name,
    {
      prompt: run.prompt,
      workspace: 'workspace',
      models: [run.model],
      limits: manifest.limits,
      expected: manifest.expected,
    },
    async ({ run: result, expect }) => {
      expect(result).toFollowFormat(answer);
      if (run.judge) await expect(result).toJudgeAtLeast('B', { judge: run.judge });
    },
  );
}
