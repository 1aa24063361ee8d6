import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';

// The default matrix: every real model (skipped here, with no keys) plus reference and null.
export default defineConfig({ test: { projects: [agentsProject()] } });
