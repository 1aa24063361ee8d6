import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// Four files on four workers at once, sharing one OpenAI slot run-wide and 8 Anthropic ones
// (test/e2e/parallel-files.test.ts).
export default defineConfig({
  test: {
    projects: [
      agentsProject({
        models: ['gpt-5-mini', 'claude-haiku-4-5'],
        builtins: false,
        maxWorkers: 4,
        concurrency: { openai: 1 },
      }),
    ],
  },
});
