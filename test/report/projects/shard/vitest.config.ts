import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// The shard test picks the matrix with NANOGRADE_MODELS and the report folder with NANOGRADE_OUT.
export default defineConfig({
  test: {
    projects: [agentsProject()],
  },
});
