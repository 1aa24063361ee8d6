import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { agentsProject } from './src/public/config.js';

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

export default defineConfig({
  test: {
    projects: [
      {
        resolve: selfReference,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/**/*.slow.test.ts'],
          testTimeout: 30_000,
          // Model lifecycles are judged on a fixed day, so no test depends on the calendar
          // (the catalog's own tests pass explicit days). Child processes inherit it.
          env: { NANOGRADE_NOW: '2026-12-06' },
          // Builds the CLI once, for the tests that run the real binary (test/mcp, test/cli).
          globalSetup: ['test/build-dist.global-setup.ts'],
        },
      },
      {
        // Long stress tests (`npm run test:slow`; .ci/run runs them after `npm test`).
        resolve: selfReference,
        test: {
          name: 'slow',
          include: ['test/**/*.slow.test.ts'],
          testTimeout: 600_000,
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
