import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/config/agents-project.js';

// The default matrix: every real model (skipped here, with no keys) plus reference and null.
export default defineConfig({ test: { projects: [agentsProject()] } });
