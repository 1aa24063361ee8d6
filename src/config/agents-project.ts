import type { TestProjectInlineConfiguration } from 'vitest/config';
import { NanogradeConfigError } from '../env/config-error.js';
import { checkNanogradeEnv, type NanogradeEnv } from '../env/nanograde-env.js';
import { createCatalog } from '../models/catalog.js';
import { BaseURLError, resolveModel, UnknownModelError } from '../models/resolve-model.js';
import { failConfiguration } from './config-error.js';
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
  /** How many agent tests of a file may run at once (default 32). */
  maxConcurrency?: number;
}

/**
 * A Vitest project for agent tests, to put in `test.projects` of vitest.config.ts.
 * Files run one at a time so per-provider limits (Ollama 1, cloud 8) hold across the whole
 * run; within a file every model of every case runs concurrently, up to those limits.
 * Invalid options (or `NANOGRADE_REPEATS`) fail the run's configuration with exit code 2.
 */
export function agentsProject(options: AgentsProjectOptions = {}): TestProjectInlineConfiguration {
  const { name = 'agents', include = ['agent-tests/**/*.agent.ts'], maxConcurrency = 32 } = options;
  const nanograde = checkedOptions(options);
  return {
    test: {
      name,
      include,
      provide: { nanograde },
      fileParallelism: false,
      maxConcurrency,
    },
  };
}

/**
 * nanograde's options checked, with `NANOGRADE_REPEATS` and `NANOGRADE_BASELINE` applied; every
 * NANOGRADE_* variable is checked here too, so a junk value stops the run before any test.
 */
function checkedOptions(options: AgentsProjectOptions): NanogradeOptions {
  let env: NanogradeEnv;
  try {
    env = checkNanogradeEnv(process.env);
  } catch (error) {
    if (error instanceof NanogradeConfigError) failConfiguration(`nanograde: ${error.message}`);
    throw error;
  }
  const repeats = env.NANOGRADE_REPEATS ?? options.repeats;
  const baseline = env.NANOGRADE_BASELINE ?? options.baseline;
  // Everything but the project's own fields; the schema drops what it does not know.
  const { name: _name, include: _include, maxConcurrency: _maxConcurrency, ...nanograde } = options;
  const parsed = NanogradeOptionsSchema.safeParse({ ...nanograde, repeats, baseline });
  if (parsed.success) {
    checkModelIds(env, parsed.data);
    return parsed.data;
  }
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`)
    .join('; ');
  return failConfiguration(`agentsProject(): invalid nanograde options — ${problems}`);
}

/** The model ids NANOGRADE_MODELS and NANOGRADE_JUDGE name exist in the project's catalog. */
function checkModelIds(env: NanogradeEnv, options: NanogradeOptions): void {
  const catalog = createCatalog(options.catalog);
  const named: [string, string][] = [
    ...(env.NANOGRADE_MODELS ?? []).map((id): [string, string] => ['NANOGRADE_MODELS', id]),
    ...(env.NANOGRADE_JUDGE ? [['NANOGRADE_JUDGE', env.NANOGRADE_JUDGE] as [string, string]] : []),
  ];
  const problems: string[] = [];
  for (const [variable, id] of named) {
    try {
      resolveModel(id, catalog);
    } catch (error) {
      if (!(error instanceof UnknownModelError || error instanceof BaseURLError)) throw error;
      problems.push(`  ${variable}: ${error.message}`);
    }
  }
  if (problems.length > 0) {
    failConfiguration(`nanograde: invalid environment:\n${problems.join('\n')}`);
  }
}
