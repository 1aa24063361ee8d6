import { defineConfig } from 'vitest/config';
import { GradeReporter } from '../../../../src/report/grade-reporter.js';
import { agentsProject } from '../../../../src/vitest/config.js';

// The shard test picks the matrix with NANOGRADE_MODELS and the report folder with NANOGRADE_OUT.
export default defineConfig({
  test: {
    reporters: ['default', new GradeReporter()],
    projects: [agentsProject()],
  },
});
