import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// Two agents projects in one run, each asking for more OpenAI requests at once than either
// limit allows (2 files × 3 models), with different OpenAI limits: the run-wide limit is the
// strictest, 2 (test/e2e/run-wide-limits.slow.test.ts).
const models = ['gpt-5', 'gpt-5-mini', 'gpt-5-nano'];

export default defineConfig({
  test: {
    projects: [
      agentsProject({
        name: 'alpha',
        include: ['alpha/*.agent.ts'],
        models,
        builtins: false,
        concurrency: { openai: 2 },
      }),
      agentsProject({
        name: 'beta',
        include: ['beta/*.agent.ts'],
        models,
        builtins: false,
        concurrency: { openai: 3 },
      }),
    ],
  },
});
