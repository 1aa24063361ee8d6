import { defineConfig } from 'vitest/config';
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
          testTimeout: 30_000,
          // Model lifecycles are judged on a fixed day, so no test depends on the calendar
          // (the catalog's own tests pass explicit days). Child processes inherit it.
          env: { NANOGRADE_NOW: '2026-11-23' },
          // Builds the CLI once, for the tests that run the real binary (test/mcp, test/cli).
          globalSetup: ['test/build-dist.global-setup.ts'],
        },
      },
      agentsProject(),
    ],
  },
});
