import { defineConfig } from 'vitest/config';

// `npm run bench:replay`: runs scripts/bench-replay.ts alone, outside `npm test`.
export default defineConfig({
  test: {
    root: 'scripts',
    include: ['bench-replay.ts'],
    testTimeout: 300_000,
  },
});
