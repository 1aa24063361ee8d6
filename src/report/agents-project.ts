import type { TestProjectInlineConfiguration } from 'vitest/config';
import { type AgentsProjectOptions, checkProjectOptions } from '../config/check-options.js';
import { agentsPlugin } from './agents-plugin.js';

/**
 * A Vitest project for agent tests, to put in `test.projects` of vitest.config.ts. It brings
 * its own plugin, which attaches the grade table and report files whatever `--reporter` says
 * (see agents-plugin.ts). Files run one at a time so per-provider limits (Ollama 1, cloud 8)
 * hold across the whole run; within a file every model of every case runs concurrently, up to
 * those limits. Invalid options fail the run's configuration with exit code 2.
 */
export function agentsProject(options: AgentsProjectOptions = {}): TestProjectInlineConfiguration {
  const { name, include, maxConcurrency, nanograde } = checkProjectOptions(options);
  return {
    plugins: [agentsPlugin(name)],
    test: {
      name,
      include,
      provide: { nanograde },
      fileParallelism: false,
      maxConcurrency,
    },
  };
}
