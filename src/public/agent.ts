/**
 * `nanograde/agent`: the nano agent on its own, for a plain Node script — run it, prepare its
 * workspace, check whether a model can run here, or plug in a provider. It loads neither Vitest
 * nor msw.
 */
export {
  type CustomTool,
  type ToolContext,
  type ToolDefinition,
  type ToolParameters,
  tool,
} from '../agent/custom-tool.js';
export { describeProgress } from '../agent/describe-progress.js';
export { type RunAgentOptions, type RunProgressEvent, runAgent } from '../agent/run-agent.js';
export { SYSTEM_PROMPT } from '../agent/system-prompt.js';
export { fileToolSchemas } from '../agent/tool-schemas.js';
export { ToolsetError, type ToolsetOptions } from '../agent/toolset.js';
export {
  type PrepareWorkspaceOptions,
  prepareWorkspace,
  type Workspace,
} from '../agent/workspace.js';
export { type AvailabilityOptions, availability } from '../providers/availability.js';
export {
  type Availability,
  type CompletionRequest,
  type CompletionResult,
  type ModelOptions,
  type Provider,
  ProviderError,
  type StopReason,
  type ToolSchema,
} from '../providers/provider-types.js';
export type {
  AgentRun,
  Limits,
  LimitsInput,
  ProviderErrorKind,
  RunError,
  ToolCallRecord,
  TranscriptMessage,
  Usage,
} from '../records/agent-run.js';
