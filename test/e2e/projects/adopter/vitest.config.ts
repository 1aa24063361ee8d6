import { defineConfig } from 'vitest/config';
import { type AgentsProjectOptions, agentsProject } from '../../../../src/public/config.js';
import { GradeReporter } from '../../../../src/public/reporter.js';

// A user's project, set up as the README says. The tests hand agentsProject() its options as
// JSON (TEST_AGENTS_OPTIONS), typos included; with TEST_NAME_REPORTER=1 the user also lists the
// grade reporter themselves, as an instance and by path.
const options = JSON.parse(process.env.TEST_AGENTS_OPTIONS ?? '{}') as AgentsProjectOptions;
const named = process.env.TEST_NAME_REPORTER === '1';

export default defineConfig({
  test: {
    ...(named
      ? {
          reporters: [
            'default',
            new GradeReporter(),
            new URL('../../../../src/public/reporter.ts', import.meta.url).pathname,
          ],
        }
      : {}),
    projects: [agentsProject(options)],
  },
});
