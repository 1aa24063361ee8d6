import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../src/public/config.js';
import { ProgressReporter } from './progress-reporter.js';

// The fault benchmark's child project: the matrix comes from NANOGRADE_MODELS, each case names
// its one model. Every test may wait for its provider slot at once (maxConcurrency), so the
// providers' own limits (Ollama 1, cloud 8) are what bounds the traffic the bench measures.
export default defineConfig({
  test: {
    // The grade table comes with agentsProject() (its plugin attaches the reporter).
    reporters: ['default', new ProgressReporter()],
    projects: [agentsProject({ maxConcurrency: 1024 })],
  },
});
