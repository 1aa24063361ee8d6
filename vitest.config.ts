import { defineConfig } from 'vitest/config';
import { agentsProject } from './src/vitest/config.js';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      agentsProject(),
    ],
  },
});
