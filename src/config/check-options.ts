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
  /** How many agent tests of a file may run at once (default 32). */
  maxConcurrency?: number;
}

const AgentsProjectOptionsSchema = NanogradeOptionsSchema.extend({
  name: z.string().min(1).optional(),
  include: z.array(z.string().min(1)).min(1).optional(),
  maxConcurrency: z.number().int().positive().optional(),
});

/** The agents project's options, checked: the project's own, and nanograde's for the workers. */
export interface CheckedProjectOptions {
  name: string;
  include: string[];
  maxConcurrency: number;
  nanograde: NanogradeOptions;
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
    maxConcurrency = 32,
    ...nanograde
  } = parsed.data;
  try {
    checkModelIds(nanograde, env);
    const repeats = env.NANOGRADE_REPEATS ?? nanograde.repeats;
    const baseline = env.NANOGRADE_BASELINE ?? nanograde.baseline;
    return {
      name,
      include,
      maxConcurrency,
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
