import { defineConfig } from 'vitest/config';

// `npm run bench:report`: scripts/bench-report.ts alone; its child processes run the package as
// built by the unit tests' global setup (Node 20 cannot run the .ts sources).
export default defineConfig({
  test: {
    root: 'scripts',
    include: ['bench-report.ts'],
    globalSetup: ['../test/build-dist.global-setup.ts'],
    testTimeout: 900_000,
  },
});
