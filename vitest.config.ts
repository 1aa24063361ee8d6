import { configDefaults, defineConfig } from 'vitest/config';
import { agentsProject } from './src/public/config.js';
import { GradeReporter } from './src/public/reporter.js';

export default defineConfig({
  test: {
    // The grade table and report files; it acts only on agent tests (their nanograde task meta).
    reporters: ['default', new GradeReporter()],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/**/*.slow.test.ts'],
          testTimeout: 30_000,
          // Model lifecycles are judged on a fixed day, so no test depends on the calendar
          // (the catalog's own tests pass explicit days). Child processes inherit it.
          env: { NANOGRADE_NOW: '2026-12-06' },
          // Builds the CLI once, for the tests that run the real binary (test/mcp, test/cli).
          globalSetup: ['test/build-dist.global-setup.ts'],
        },
      },
      {
        // Long stress tests (`npm run test:slow`; .ci/run runs them after `npm test`).
        test: {
          name: 'slow',
          include: ['test/**/*.slow.test.ts'],
          testTimeout: 600_000,
        },
      },
      agentsProject(),
      // Your own agent on the matrix: the same task written with the AI SDK, the OpenAI Agents SDK
      // and a plain openai loop (`npx vitest run --project examples`).
      agentsProject({ name: 'examples', include: ['examples/**/*.agent.ts'] }),
    ],
  },
});
