import { defineConfig } from 'vitest/config';

// `npm run bench:<name>`: runs scripts/bench-<name>.ts alone, outside `npm test`
// (bench:faults has its own config, for its options).
export default defineConfig({
  test: {
    root: 'scripts',
    include: ['bench-*.ts'],
    exclude: ['bench-faults.ts', '*.config.ts'],
    testTimeout: 900_000,
  },
});
