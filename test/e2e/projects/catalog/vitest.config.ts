import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// A model the catalog does not know, added with its price, and a built-in's price overridden.
export default defineConfig({
  test: {
    projects: [
      agentsProject({
        models: ['openai:house-model', 'gpt-5-nano'],
        builtins: false,
        catalog: {
          models: [{ id: 'openai:house-model', price: { input: 4, cachedInput: 0.4, output: 8 } }],
          prices: { 'gpt-5-nano': { input: 1, cachedInput: 0.1, output: 3 } },
        },
      }),
    ],
  },
});
