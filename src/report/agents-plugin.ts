import { resolve } from 'node:path';
import type { CancelReason } from 'vitest';
import type { Reporter, TestCase, TestModule, Vite, Vitest } from 'vitest/node';
import { RUN_CONTEXT_KEY, type RunContext } from '../config/run-context.js';
import { EXIT_CONFIG_ERROR } from '../env/config-error.js';
import { GradeReporter, isGradeReporter } from './grade-reporter.js';
import { SeedWatch } from './seed-watch.js';

/** Where the development response cache lives, under the Vitest root (never committed). */
export const CACHE_DIR = 'node_modules/.cache/nanograde';

/**
 * The agents project's Vite plugin. Its `configureVitest` hook runs in the main process once
 * the projects are resolved and before the reporters are created, whatever the command line
 * says, so:
 * - the grade reporter is attached even when `--reporter=verbose|junit|json|blob` replaced the
 *   configured reporters — once, also when the user lists it too;
 * - the workers learn what only the main process knows (watch mode, whether the command line
 *   asked for live model calls, where the response cache is);
 * - in watch mode a change in a workspace seed re-runs the test files that use it;
 * - a configuration error found in a test file (an unknown agentTest option, a bad task front
 *   matter) stops the run and exits 2, like one found in the config.
 */
export function agentsPlugin(projectName: string): Vite.Plugin {
  const seeds = new SeedWatch();
  return {
    name: 'nanograde:agents',
    configureVitest({ vitest, project }) {
      // Vitest 5 hands a root-level plugin to every inline project: act for ours only.
      if (project.name !== projectName) return;
      const reporters = vitest.config.reporters as unknown[];
      if (!reporters.some(isGradeReporter)) reporters.push(new GradeReporter());
      reporters.push(new AgentsRunReporter(vitest, seeds));
      project.provide(RUN_CONTEXT_KEY, runContext(vitest, projectName));
      if (vitest.config.watch) seeds.install(vitest);
    },
  };
}

/** The facts the workers get: watch mode, whether live model calls were asked for, the cache. */
export function runContext(
  vitest: Pick<Vitest, 'config'>,
  projectName: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): RunContext {
  const selected = vitest.config.project.length > 0;
  const named = (env.NANOGRADE_MODELS ?? '').trim() !== '';
  return {
    watch: vitest.config.watch,
    live:
      selected || named
        ? { allowed: true }
        : {
            allowed: false,
            reason: `not called: this run did not select the ${projectName} project — live model calls need \`--project ${projectName}\` or NANOGRADE_MODELS`,
          },
    cacheDir: resolve(vitest.config.root, CACHE_DIR),
  };
}

/**
 * Follows the agents project's test files through a run: which workspace seeds they use (for
 * watch re-runs), and whether one failed to load for a configuration error (exit 2).
 */
class AgentsRunReporter implements Reporter {
  private configError = false;

  constructor(
    private readonly vitest: Vitest,
    private readonly seeds: SeedWatch,
  ) {}

  onTestRunStart(): void {
    this.configError = false;
  }

  onTestCaseResult(testCase: TestCase): void {
    const seed = testCase.meta().nanogradeWorkspace;
    if (typeof seed === 'string') this.seeds.note(seed, testCase.module.moduleId);
  }

  onTestModuleEnd(testModule: TestModule): void {
    if (this.configError) return;
    if (!testModule.errors().some((error) => error.name === 'NanogradeConfigError')) return;
    this.configError = true;
    // Files still to run would spend on models while the run is already a failure. Not
    // awaited: the cancellation waits for this very reporter call to return.
    void this.vitest.cancelCurrentRun('nanograde configuration error' as CancelReason);
  }

  onTestRunEnd(): void {
    if (this.configError) process.exitCode = EXIT_CONFIG_ERROR;
  }
}
