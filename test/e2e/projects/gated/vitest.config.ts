import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// Two real models and the built-ins (on by default): the built-ins gate each case's paid runs.
export default defineConfig({
  test: { projects: [agentsProject({ models: ['gpt-5-mini', 'gpt-5-nano'] })] },
});
