import { defineConfig } from 'vitest/config';

// `npm run bench:<name>`: runs scripts/bench-<name>.ts alone, outside `npm test`
// (bench:faults and bench:report have their own configs: options, a built package).
export default defineConfig({
  test: {
    root: 'scripts',
    include: ['bench-*.ts'],
    exclude: ['bench-faults.ts', 'bench-report.ts', '*.config.ts'],
    testTimeout: 900_000,
  },
});
