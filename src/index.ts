export { type RunAgentOptions, runAgent } from './agent/run-agent.js';
export * from './agent/run-types.js';
export { SYSTEM_PROMPT } from './agent/system-prompt.js';
export { fileToolSchemas } from './agent/tool-schemas.js';
export { prepareWorkspace, type Workspace } from './agent/workspace.js';
export * from './models/catalog.js';
export { costOf } from './models/cost.js';
export { defaultMatrix } from './models/default-matrix.js';
export { defaultAgentModel } from './models/default-model.js';
export {
  checkModelOptions,
  MIN_OLLAMA_NUM_CTX,
  ModelOptionsError,
  ModelOptionsSchema,
} from './models/model-options.js';
export {
  capabilitiesOf,
  type ResolvedModel,
  RetiredModelError,
  resolveModel,
  UnknownModelError,
} from './models/resolve-model.js';
export { availability } from './providers/availability.js';
export type {
  Availability,
  CompletionRequest,
  CompletionResult,
  ModelOptions,
  Provider,
  ToolSchema,
} from './providers/provider-types.js';
export { ProviderError } from './providers/provider-types.js';
export {
  type AgentCase,
  type AgentCheck,
  type AgentTestContext,
  agentTest,
} from './vitest/agent-test.js';
export {
  type CaseRecord,
  CaseRecordSchema,
  GRADES,
  type Grade,
  type JudgeRecord,
} from './vitest/case-record.js';
export {
  type FileContentMatcher,
  type JudgeOptions,
  type NanogradeMatchers,
  nanogradeMatchers,
  type Oracle,
  type OutputFormat,
  type ToolCallOptions,
} from './vitest/matchers/index.js';
export type { NanogradeOptions } from './vitest/nanograde-options.js';
