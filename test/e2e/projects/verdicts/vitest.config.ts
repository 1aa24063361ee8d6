import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// The matrix comes from the project config here (no NANOGRADE_MODELS in the child's env); the
// verdicts of real models are under test, so the built-ins are left out.
export default defineConfig({
  test: {
    projects: [agentsProject({ models: ['gpt-5-mini', 'claude-haiku-4-5'], builtins: false })],
  },
});
