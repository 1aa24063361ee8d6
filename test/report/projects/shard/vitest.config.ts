import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';
import { GradeReporter } from '../../../../src/public/reporter.js';

// The shard test picks the matrix with NANOGRADE_MODELS and the report folder with NANOGRADE_OUT.
export default defineConfig({
  test: {
    reporters: ['default', new GradeReporter()],
    projects: [agentsProject()],
  },
});
