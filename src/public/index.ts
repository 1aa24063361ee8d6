/**
 * `nanograde`: agent tests for Vitest — `agentTest`, the matchers, and the records they produce.
 * Importing it registers the matchers on Vitest's `expect`; a script that only runs the agent
 * imports `nanograde/agent` instead, which loads no Vitest.
 */

export {
  type CustomTool,
  type ToolContext,
  type ToolDefinition,
  type ToolParameters,
  tool,
} from '../agent/custom-tool.js';
export { ToolsetError } from '../agent/toolset.js';
export type {
  AgentAnswer,
  AgentContext,
  AgentModel,
  CustomAgent,
} from '../cassettes/run-custom-agent.js';
export type { RunBars } from '../gates/bars-schema.js';
export type { ReferenceSolution, ReferenceToolResult } from '../providers/builtin/adapter.js';
export type { ModelOptions } from '../providers/provider-types.js';
export {
  type AgentRun,
  AgentRunSchema,
  type Limits,
  type LimitsInput,
  type ProviderErrorKind,
  type RunError,
  type ToolCallRecord,
  type TranscriptMessage,
  type Usage,
} from '../records/agent-run.js';
export type { BarCheck, RepeatInfo } from '../records/bar-check.js';
export {
  type AgentInfo,
  type CaseRecord,
  CaseRecordSchema,
  type JudgeRecord,
} from '../records/case-record.js';
export { GRADES, type Grade } from '../records/grade.js';
export type { AgentCase, AgentCheck, AgentTestContext } from '../vitest/agent-case.js';
export type { AgentSnapshotOptions } from '../vitest/agent-snapshot-matcher.js';
export { type AgentTestAPI, type AgentTestFunction, agentTest } from '../vitest/agent-test.js';
export type { FileContentMatcher } from '../vitest/matchers/file-matchers.js';
export type { OutputFormat } from '../vitest/matchers/follow-format.js';
export { type NanogradeMatchers, nanogradeMatchers } from '../vitest/matchers/index.js';
export type { JudgeInclude, JudgeOptions, Oracle } from '../vitest/matchers/judge-matcher.js';
export type { ToolCallOptions } from '../vitest/matchers/tool-call-matchers.js';
