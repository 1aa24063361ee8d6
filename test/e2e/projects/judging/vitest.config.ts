import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';
import { GradeReporter } from '../../../../src/public/reporter.js';

export default defineConfig({
  test: {
    reporters: ['verbose', new GradeReporter()],
    projects: [agentsProject({ models: ['gpt-5-mini'], judge: 'openai:gpt-5-nano' })],
  },
});
