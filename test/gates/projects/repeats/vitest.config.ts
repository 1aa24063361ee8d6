import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// Cloud models must reach B and cost at most $0.001 a run: claude-haiku-4-5 ($0.0015 a run)
// breaks the cost bar in "budget"; gpt-5-mini ($0.00045) holds it.
export default defineConfig({
  test: {
    projects: [
      agentsProject({
        models: ['gpt-5-mini', 'claude-haiku-4-5'],
        // The bars and repeats of real models are under test.
        builtins: false,
        bars: {
          models: { cloud: { minGrade: 'B', maxCostUsd: 0.001 }, local: { minGrade: 'C' } },
          suite: { minPassRate: 0.5 },
        },
      }),
    ],
  },
});
