/** What `npm run bench:faults -- …` may be told. */
export interface BenchOptions {
  /** Agent runs in total, spread over OpenAI, Anthropic and Ollama models. */
  runs: number;
  seed: number;
  /** The share of runs that get a fault (0–1). */
  rate: number;
  /** How long a stalled request is held. */
  stallMs: number;
  /** Print the figures, but do not fail when a goal is missed. */
  reportOnly: boolean;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = {
  runs: 1000,
  seed: 1,
  rate: 0.1,
  stallMs: 30_000,
  reportOnly: false,
};

export const BENCH_USAGE = `usage: npm run bench:faults -- [--runs N] [--seed N] [--rate R] [--stall-ms MS] [--report-only]
  --runs N        agent runs in total (default ${DEFAULT_BENCH_OPTIONS.runs}; e.g. 60 for a quick look)
  --seed N        the fault plan's seed (default ${DEFAULT_BENCH_OPTIONS.seed})
  --rate R        the share of runs with a fault, 0 to 1 (default ${DEFAULT_BENCH_OPTIONS.rate})
  --stall-ms MS   how long a stalled request is held (default ${DEFAULT_BENCH_OPTIONS.stallMs})
  --report-only   print the figures; exit 0 even when a goal is missed`;

/** A bad flag or value: the message says which, and how to call the bench. */
export class BenchUsageError extends Error {}

const NUMBER_FLAGS = {
  '--runs': { key: 'runs', valid: (n: number) => Number.isInteger(n) && n >= 1 && n <= 100_000 },
  '--seed': { key: 'seed', valid: (n: number) => Number.isInteger(n) && n >= 0 },
  '--rate': { key: 'rate', valid: (n: number) => n >= 0 && n <= 1 },
  '--stall-ms': { key: 'stallMs', valid: (n: number) => Number.isInteger(n) && n >= 0 },
} as const;

/** The options after `--` on the command line (`vitest run --config … -- --runs 50`). */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const at = argv.indexOf('--');
  const args = at < 0 ? [] : argv.slice(at + 1);
  const options = { ...DEFAULT_BENCH_OPTIONS };
  for (let i = 0; i < args.length; i++) {
    const [flag = '', inline] = (args[i] ?? '').split('=', 2);
    if (flag === '--report-only' && inline === undefined) {
      options.reportOnly = true;
      continue;
    }
    const spec = NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS];
    if (!spec) throw new BenchUsageError(`unknown option ${JSON.stringify(args[i])}`);
    const text = inline ?? args[++i];
    const value = Number(text);
    if (text === undefined || text.trim() === '' || !spec.valid(value)) {
      throw new BenchUsageError(`${flag} needs a valid value, got ${JSON.stringify(text ?? '')}`);
    }
    options[spec.key] = value;
  }
  return options;
}

declare module 'vitest' {
  interface ProvidedContext {
    faultBench: BenchOptions;
  }
}
