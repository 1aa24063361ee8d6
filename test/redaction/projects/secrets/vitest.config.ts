import { basename, join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';
import { GradeReporter } from '../../../../src/public/reporter.js';

// The test gives the folders: SECRETS_OUT (reports and JUnit), SECRETS_SNAPSHOTS (snapshots);
// NANOGRADE_FIXTURES_DIR holds the cassettes.
const out = process.env.SECRETS_OUT ?? '.';
export default defineConfig({
  test: {
    reporters: ['default', new GradeReporter(), ['junit', { outputFile: join(out, 'junit.xml') }]],
    resolveSnapshotPath: (testPath, extension) =>
      join(process.env.SECRETS_SNAPSHOTS ?? '.', `${basename(testPath)}${extension}`),
    // What a real model says back is under test; the built-ins would only add passing tests.
    projects: [
      agentsProject({ models: ['gpt-5-mini'], judge: 'openai:gpt-5-nano', builtins: false }),
    ],
  },
});
