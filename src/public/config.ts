/** `nanograde/config`: the Vitest project for agent tests, for vitest.config.ts. */
export type { AgentsProjectOptions } from '../config/check-options.js';
export type { NanogradeOptions, NanogradeOptionsInput } from '../config/nanograde-options.js';
export type { BarsConfig, RunBars, SuiteBars } from '../gates/bars-schema.js';
export { agentsProject } from '../report/agents-project.js';
