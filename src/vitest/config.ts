import type { TestProjectInlineConfiguration } from 'vitest/config';
import { type NanogradeOptions, NanogradeOptionsSchema } from './nanograde-options.js';

/** Options of the agents project: nanograde's own plus where the agent tests live. */
export interface AgentsProjectOptions extends NanogradeOptions {
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
 */
export function agentsProject(options: AgentsProjectOptions = {}): TestProjectInlineConfiguration {
  const { name = 'agents', include = ['agent-tests/**/*.agent.ts'], maxConcurrency = 32 } = options;
  const nanograde = NanogradeOptionsSchema.parse({
    models: options.models,
    concurrency: options.concurrency,
    require: options.require,
    keepWorkspaces: options.keepWorkspaces,
    judge: options.judge,
    catalog: options.catalog,
  });
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
