import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import repoConfig from '../../vitest.config.js';

/**
 * A compatibility lane's tests (scripts/ci/compat-lane.sh): the repository's `unit` project —
 * its alias, environment, global set-up and timeouts, read from vitest.config.ts so the two
 * cannot drift — narrowed to the tests that prove nanograde on one Node and Vitest major.
 */
const LANE_TESTS = [
  // The package test, and the example suite installed from the packed tarball.
  'test/package/pack.slow.test.ts',
  'test/package/installed-example-suite.lane.ts',
  // The reporter: grade table, report files, the plugin that attaches it, shards and blob merge.
  'test/report/**/*.test.ts',
  // Annotations, reporter flags, watch triggers, snapshots and the matchers at run time.
  'test/e2e/vitest-fit.test.ts',
  'test/e2e/watch-cache.test.ts',
  'test/vitest/agent-snapshot.test.ts',
  'test/vitest/matcher-types.test.ts',
  // agentTest.skip/.only/.todo/.skipIf/.runIf: Vitest's own modes and test meta, and their types.
  'test/e2e/test-modes.test.ts',
  'test/vitest/agent-test-types.test.ts',
  // The bundled binary (what it loads), and the MCP server on both protocol generations.
  'test/package/cli-bundle.test.ts',
  'test/mcp/mcp-modern.test.ts',
  'test/mcp/mcp-stdio.test.ts',
];

// A renamed or moved test must not drop out of the lanes unnoticed.
const missing = LANE_TESTS.filter(
  (path) =>
    !path.includes('*') && !existsSync(fileURLToPath(new URL(`../../${path}`, import.meta.url))),
);
if (missing.length > 0)
  throw new Error(`scripts/ci/lane.config.ts names missing tests: ${missing.join(', ')}`);

function isInlineProject(project: unknown): project is TestProjectInlineConfiguration {
  return typeof project === 'object' && project !== null && 'test' in project;
}

const unit = repoConfig.test?.projects?.find(
  (project) => isInlineProject(project) && project.test?.name === 'unit',
);
if (!isInlineProject(unit)) throw new Error("vitest.config.ts has no inline 'unit' project");

export default defineConfig({
  test: {
    projects: [{ ...unit, test: { ...unit.test, name: 'lane', include: LANE_TESTS, exclude: [] } }],
  },
});
