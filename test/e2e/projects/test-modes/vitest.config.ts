import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// Vitest's test modifiers on agentTest; the matrix comes from NANOGRADE_MODELS.
export default defineConfig({ test: { projects: [agentsProject()] } });
