import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { agentsProject } from '../../../../src/public/config.js';

// Every file in one worker, one after another (maxWorkers 1, not isolated), and one OpenAI
// request at a time across them: a slot, a cassette session or an interceptor one file left
// behind would show in the next (test/e2e/shared-worker.test.ts).
export default defineConfig({
  test: {
    // By name: the replayed file (motto-1) runs first, then the live ones in the same worker.
    sequence: {
      sequencer: class ByName extends BaseSequencer {
        override async sort(files: TestSpecification[]) {
          return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
        }
      },
    },
    projects: [
      agentsProject({
        models: ['gpt-5-mini'],
        builtins: false,
        maxWorkers: 1,
        concurrency: { openai: 1 },
      }),
    ],
  },
});
