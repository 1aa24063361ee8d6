import { defineConfig } from 'vitest/config';
import { GradeReporter } from '../../../../src/report/grade-reporter.js';
import { agentsProject } from '../../../../src/vitest/config.js';

export default defineConfig({
  test: {
    reporters: ['verbose', new GradeReporter()],
    projects: [agentsProject({ models: ['gpt-5-mini'], judge: 'openai:gpt-5-nano' })],
  },
});
