import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { cassetteMode } from '../cassettes/cassette-mode.js';
import { failConfiguration, NanogradeConfigError, repeatsFromEnv } from './config-error.js';
import {
  type NanogradeOptions,
  type NanogradeOptionsInput,
  NanogradeOptionsSchema,
} from './nanograde-options.js';

/** Options of the agents project: nanograde's own plus where the agent tests live. */
export interface AgentsProjectOptions extends NanogradeOptionsInput {
  /** Project name (default `agents`). */
  name?: string;
  /** Globs of agent test files (default `agent-tests/**\/*.agent.ts`). */
  include?: string[];
  /**
   * Test files at once, each in its own worker; the provider limits hold across all of them.
   * Default: 4, or with `NANOGRADE_FIXTURES=replay` (CPU-bound) one per core less one.
   */
  maxWorkers?: number;
  /**
   * Vitest's pool for the agent tests (default `threads`: a worker starts faster and takes less
   * memory than a process). `forks` for checks that need a process of their own (`process.chdir`).
   */
  pool?: 'threads' | 'forks';
}

/**
 * Workers for live runs: they mostly wait for models, so more files at once than cores pays,
 * while each worker loads nanograde and the SDKs once (about a second of CPU).
 */
const LIVE_WORKERS = 4;

/**
 * Replays are CPU work: Vitest's own default (a core for the main process, one worker per other
 * core), so on a small machine one shared worker runs every file and loads everything once.
 */
function defaultWorkers(): number {
  let mode: string;
  try {
    mode = cassetteMode();
  } catch {
    mode = 'auto'; // a bad NANOGRADE_FIXTURES is reported where it is used, with the valid values
  }
  return mode === 'replay' ? Math.max(1, availableParallelism() - 1) : LIVE_WORKERS;
}

/**
 * The agents project's own `sequence.groupOrder`: Vitest runs projects with different
 * `maxWorkers` in different groups, so the agent tests run after the other projects' tests.
 */
export const AGENTS_GROUP_ORDER = 1;

/**
 * Vitest's own cap on concurrent tests of a file, set so high it never binds: a test waiting for
 * a provider slot must not take a place that a test of another provider could run in. nanograde
 * bounds the work itself (`maxConcurrency`, after the slot is granted).
 */
const VITEST_CONCURRENCY = 100_000;

/** The global setup that starts the run-wide provider-slot coordinator (.ts in the repo, .js built). */
const COORDINATOR_SETUP = fileURLToPath(
  new URL(`./slot-coordinator-setup${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/**
 * A Vitest project for agent tests, to put in `test.projects` of vitest.config.ts.
 * Test files run in parallel (`maxWorkers` at once) and every model of every case of a file at
 * once, while the provider limits (`concurrency`) hold across the whole run: a coordinator
 * started by the project's global setup hands out provider slots to every worker. Workers are
 * reused across files (`isolate: false`), so nanograde, the SDKs and msw load once per worker.
 * Invalid options (or `NANOGRADE_REPEATS`) fail the run's configuration with exit code 2.
 */
export function agentsProject(options: AgentsProjectOptions = {}): TestProjectInlineConfiguration {
  const {
    name = 'agents',
    include = ['agent-tests/**/*.agent.ts'],
    maxWorkers = defaultWorkers(),
    pool = 'threads',
  } = options;
  const nanograde = checkedOptions(options);
  if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
    failConfiguration(`agentsProject(): maxWorkers must be a whole number ≥ 1, got ${maxWorkers}`);
  }
  return {
    test: {
      name,
      include,
      provide: { nanograde },
      globalSetup: [COORDINATOR_SETUP],
      pool,
      isolate: false,
      maxWorkers,
      sequence: { groupOrder: AGENTS_GROUP_ORDER },
      maxConcurrency: VITEST_CONCURRENCY,
    },
  };
}

/** nanograde's options checked, with `NANOGRADE_REPEATS` and `NANOGRADE_BASELINE` applied. */
function checkedOptions(options: AgentsProjectOptions): NanogradeOptions {
  let repeats: number | undefined;
  try {
    repeats = repeatsFromEnv(process.env.NANOGRADE_REPEATS) ?? options.repeats;
  } catch (error) {
    if (error instanceof NanogradeConfigError) failConfiguration(error.message);
    throw error;
  }
  const baseline = process.env.NANOGRADE_BASELINE?.trim() || options.baseline;
  // Everything but the project's own fields; the schema drops what it does not know.
  const {
    name: _name,
    include: _include,
    maxWorkers: _maxWorkers,
    pool: _pool,
    ...nanograde
  } = options;
  const parsed = NanogradeOptionsSchema.safeParse({ ...nanograde, repeats, baseline });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`)
    .join('; ');
  return failConfiguration(`agentsProject(): invalid nanograde options — ${problems}`);
}
