import { defineConfig } from 'vitest/config';
import {
  BENCH_USAGE,
  type BenchOptions,
  BenchUsageError,
  parseBenchArgs,
} from './fault-bench/bench-options.js';

/** The options after `--`; bad input exits 2 before anything runs, saying how to call the bench. */
function benchOptions(): BenchOptions {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    process.exit(0);
  }
  try {
    return parseBenchArgs(process.argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`bench:faults: ${error.message}\n${BENCH_USAGE}\n`);
    process.exit(2);
  }
}

// `npm run bench:faults [-- --runs N …]`: runs scripts/bench-faults.ts alone, outside `npm test`.
export default defineConfig({
  test: {
    root: 'scripts',
    include: ['bench-faults.ts'],
    // The bench bounds itself: its child has a watchdog and a deadline.
    testTimeout: 0,
    provide: { faultBench: benchOptions() },
  },
});
