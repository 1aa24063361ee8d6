import { defineConfig } from 'vitest/config';

// `npm run bench:report`: runs scripts/bench-report.ts alone, outside `npm test`.
export default defineConfig({
  test: {
    root: 'scripts',
    include: ['bench-report.ts'],
    testTimeout: 120_000,
  },
});
