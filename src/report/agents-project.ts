import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { type AgentsProjectOptions, checkProjectOptions } from '../config/check-options.js';
import { agentsPlugin } from './agents-plugin.js';

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

/** The global setup that starts (or joins) the run-wide provider-slot coordinator (.ts in the repo, .js built). */
const COORDINATOR_SETUP = fileURLToPath(
  new URL(
    `../config/slot-coordinator-setup${extname(fileURLToPath(import.meta.url))}`,
    import.meta.url,
  ),
);

/**
 * A Vitest project for agent tests, to put in `test.projects` of vitest.config.ts. It brings
 * its own plugin, which attaches the grade table and report files whatever `--reporter` says
 * (see agents-plugin.ts). Test files run in parallel (`maxWorkers` at once) and every model of
 * every case of a file at once, while the provider limits (`concurrency`) hold across the whole
 * run: a coordinator started by the global setup hands out provider slots to every worker, one
 * coordinator for all the agents projects of the run (the strictest limits where they differ).
 * Workers are reused across files (`isolate: false`), so nanograde, the SDKs and msw load
 * once per worker. Invalid options fail the run's configuration with exit code 2.
 */
export function agentsProject(options: AgentsProjectOptions = {}): TestProjectInlineConfiguration {
  const { name, include, maxWorkers, pool, nanograde } = checkProjectOptions(options);
  return {
    plugins: [agentsPlugin(name)],
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
