import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { NanogradeConfigError } from '../env/config-error.js';
import { checkNanogradeEnv, type NanogradeEnv } from '../env/nanograde-env.js';
import { createCatalog } from '../models/catalog.js';
import { failConfiguration } from './config-error.js';
import { resolveConfiguredModel, resolveConfiguredModels } from './configured-models.js';
import {
  type NanogradeOptions,
  type NanogradeOptionsInput,
  NanogradeOptionsSchema,
} from './nanograde-options.js';
import { describeOptionIssues } from './option-issues.js';

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

const AgentsProjectOptionsSchema = NanogradeOptionsSchema.extend({
  name: z.string().min(1).optional(),
  include: z.array(z.string().min(1)).min(1).optional(),
  maxWorkers: z.number().int().positive().optional(),
  pool: z.enum(['threads', 'forks']).optional(),
});

/** The agents project's options, checked: the project's own, and nanograde's for the workers. */
export interface CheckedProjectOptions {
  name: string;
  include: string[];
  maxWorkers: number;
  pool: 'threads' | 'forks';
  nanograde: NanogradeOptions;
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
function defaultWorkers(env: NanogradeEnv): number {
  return env.NANOGRADE_FIXTURES === 'replay'
    ? Math.max(1, availableParallelism() - 1)
    : LIVE_WORKERS;
}

/**
 * Checks agentsProject()'s options when Vitest loads the config: an unknown key (with a
 * did-you-mean), a bad value, an unknown model id in `models` or `judge`, in `NANOGRADE_MODELS`
 * or `NANOGRADE_JUDGE`, any bad NANOGRADE_* variable fail the configuration with exit code 2,
 * before any test file is loaded. Applies `NANOGRADE_REPEATS` and `NANOGRADE_BASELINE`.
 */
export function checkProjectOptions(options: AgentsProjectOptions): CheckedProjectOptions {
  let env: NanogradeEnv;
  try {
    env = checkNanogradeEnv(process.env);
  } catch (error) {
    if (error instanceof NanogradeConfigError) failConfiguration(`nanograde: ${error.message}`);
    throw error;
  }
  const parsed = AgentsProjectOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = describeOptionIssues(
      'agentsProject()',
      AgentsProjectOptionsSchema,
      parsed.error,
    );
    return failConfiguration(`invalid options:\n  ${problems.join('\n  ')}`);
  }
  const {
    name = 'agents',
    include = ['agent-tests/**/*.agent.ts'],
    maxWorkers = defaultWorkers(env),
    pool = 'threads',
    ...nanograde
  } = parsed.data;
  try {
    checkModelIds(nanograde, env);
    const repeats = env.NANOGRADE_REPEATS ?? nanograde.repeats;
    const baseline = env.NANOGRADE_BASELINE ?? nanograde.baseline;
    return {
      name,
      include,
      maxWorkers,
      pool,
      nanograde: NanogradeOptionsSchema.parse({ ...nanograde, repeats, baseline }),
    };
  } catch (error) {
    if (error instanceof NanogradeConfigError) failConfiguration(error.message);
    throw error;
  }
}

/**
 * Every model id the configuration names — the matrix and the judge, from the options and from
 * the environment — resolved now, so a typo stops the run before any test file is loaded.
 */
function checkModelIds(options: NanogradeOptions, env: NanogradeEnv): void {
  let catalog: ReturnType<typeof createCatalog>;
  try {
    catalog = createCatalog(options.catalog);
  } catch (error) {
    throw new NanogradeConfigError(`agentsProject() catalog: ${(error as Error).message}`);
  }
  const context = {
    catalog,
    warn: (message: string) => console.warn(`nanograde: ${message}`),
  };
  if (env.NANOGRADE_MODELS)
    resolveConfiguredModels(env.NANOGRADE_MODELS, 'NANOGRADE_MODELS', context);
  if (options.models) resolveConfiguredModels(options.models, 'agentsProject({ models })', context);
  if (env.NANOGRADE_JUDGE) resolveConfiguredModel(env.NANOGRADE_JUDGE, 'NANOGRADE_JUDGE', context);
  if (options.judge) resolveConfiguredModel(options.judge, 'agentsProject({ judge })', context);
}
