import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// Two models with different effort ranges: GPT-6.1 Terra takes `none`, GPT-6.1 Sol does not.
export default defineConfig({
  test: {
    projects: [agentsProject({ models: ['gpt-6.1-terra', 'gpt-6.1-sol'] })],
  },
});
