import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// The e2e tests choose the matrix with NANOGRADE_MODELS.
export default defineConfig({ test: { projects: [agentsProject()] } });
