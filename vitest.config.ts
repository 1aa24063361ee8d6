import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { agentsProject } from './src/public/config.js';
import { ISOLATED_TESTS } from './test/isolated-tests.js';

/**
 * `nanograde` and `nanograde/<entry>` resolve to src/public/ inside this repository, so the
 * README's examples (`import { agentTest } from 'nanograde'`) run as written without a build.
 * tsconfig.json's `paths` say the same to TypeScript.
 */
const selfReference = {
  alias: [
    {
      find: /^nanograde$/,
      replacement: fileURLToPath(new URL('./src/public/index.ts', import.meta.url)),
    },
    {
      find: /^nanograde\/(agent|catalog|config|reporter)$/,
      replacement: fileURLToPath(new URL('./src/public/$1.ts', import.meta.url)),
    },
  ],
};

const agents = agentsProject();

/** What the repository's own tests (projects unit, unit-isolated and slow) share. */
const repositoryTests = {
  // Model lifecycles are judged on a fixed day, so no test depends on the calendar (the
  // catalog's own tests pass explicit days). Child processes inherit it.
  env: { NANOGRADE_NOW: '2026-12-06' },
  // Builds the CLI once, for the tests that run the real binary (test/mcp, test/cli).
  globalSetup: ['test/build-dist.global-setup.ts'],
  // Vitest's default on 2 cores is 1 worker, one file at a time; most of a file's time here is
  // spent waiting (for fake servers, child processes and their startup), so 3 keep 2 cores busy.
  maxWorkers: 3,
  // A spy is put back after its test, whichever file runs next in the same worker. (Variables
  // stubbed with vi.stubEnv are put back by each file: some stub them for all its tests.)
  restoreMocks: true,
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: selfReference,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/**/*.slow.test.ts', ...ISOLATED_TESTS],
          testTimeout: 30_000,
          ...repositoryTests,
          // The test files of a worker share its modules: importing the SDKs, msw and Vitest's
          // own modules once per worker instead of once per file saves most of npm test's time.
          isolate: false,
        },
      },
      {
        resolve: selfReference,
        test: {
          name: 'unit-isolated',
          include: ISOLATED_TESTS,
          testTimeout: 30_000,
          ...repositoryTests,
        },
      },
      {
        // The long end-to-end and stress tests (`npm run test:slow`; .ci/run runs them after
        // `npm test`): the package installed from its tarball, the whole example suite, sharding,
        // the sandbox's 100,000-attempt swap race.
        resolve: selfReference,
        test: {
          name: 'slow',
          include: ['test/**/*.slow.test.ts'],
          testTimeout: 600_000,
          ...repositoryTests,
        },
      },
      { ...agents, resolve: selfReference },
      // Your own agent on the matrix: the same task written with the AI SDK, the OpenAI Agents SDK
      // and a plain openai loop (`npx vitest run --project examples`).
      {
        ...agentsProject({ name: 'examples', include: ['examples/**/*.agent.ts'] }),
        resolve: selfReference,
      },
    ],
  },
});
