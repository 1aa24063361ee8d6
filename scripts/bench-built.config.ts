import { defineConfig } from 'vitest/config';

// `npm run bench:report` and `npm run bench:imports`: benches whose child processes run the
// package as built by the unit tests' global setup (Node 20 cannot run the .ts sources).
export default defineConfig({
  test: {
    root: 'scripts',
    include: ['bench-report.ts', 'bench-imports.ts'],
    globalSetup: ['../test/build-dist.global-setup.ts'],
    testTimeout: 900_000,
  },
});
