import { defineConfig } from 'vitest/config';

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
      {
        test: {
          name: 'agents',
          include: ['agent-tests/**/*.agent.ts'],
          testTimeout: 600_000,
        },
      },
    ],
  },
});
