export { type RunAgentOptions, runAgent } from './agent/run-agent.js';
export { SYSTEM_PROMPT } from './agent/system-prompt.js';
export { fileToolSchemas } from './agent/tool-schemas.js';
export { prepareWorkspace, type Workspace } from './agent/workspace.js';
export type { NanogradeOptions } from './config/nanograde-options.js';
export * from './models/catalog.js';
export { costOf } from './models/cost.js';
export { defaultMatrix } from './models/default-matrix.js';
export {
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
export * from './records/agent-run.js';
export { type CaseRecord, CaseRecordSchema, type JudgeRecord } from './records/case-record.js';
export { GRADES, type Grade } from './records/grade.js';
export type { AgentCase, AgentCheck, AgentTestContext } from './vitest/agent-case.js';
export { agentTest } from './vitest/agent-test.js';
export {
  type FileContentMatcher,
  type JudgeOptions,
  type NanogradeMatchers,
  nanogradeMatchers,
  type Oracle,
  type OutputFormat,
  type ToolCallOptions,
} from './vitest/matchers/index.js';
