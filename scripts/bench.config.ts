import { defineConfig } from 'vitest/config';

// `npm run bench:<name>`: runs scripts/bench-<name>.ts alone, outside `npm test`
// (bench:faults has its own config for its options; bench:report and bench:imports run the
// built package: scripts/bench-built.config.ts).
export default defineConfig({
  test: {
    root: 'scripts',
    include: ['bench-*.ts'],
    exclude: ['bench-faults.ts', 'bench-report.ts', 'bench-imports.ts', '*.config.ts'],
    testTimeout: 900_000,
  },
});
