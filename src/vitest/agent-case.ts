import type { ExpectStatic } from 'vitest';
import type { CustomTool } from '../agent/custom-tool.js';
import type { CustomAgent } from '../cassettes/run-custom-agent.js';
import type { RunBars } from '../gates/bars-schema.js';
import type { ReferenceSolution } from '../providers/builtin/adapter.js';
import type { ModelOptions } from '../providers/provider-types.js';
import type { AgentRun, LimitsInput } from '../records/agent-run.js';
import type { CaseRecord } from '../records/case-record.js';

/** One agent task: what the agent is asked, where it works, and what it may spend. */
export interface AgentCase {
  prompt: string;
  /** A workspace seed folder (relative to the Vitest root, or absolute), copied fresh for every run. */
  workspace?: string;
  /** Narrows the model matrix to these models. */
  models?: string[];
  limits?: LimitsInput;
  modelOptions?: ModelOptions;
  /** The expected answer and the grading rubric, for the judge and the report. */
  expected?: string;
  rubric?: string;
  /**
   * The gold solution, run by the built-in `reference` model through the real loop and tools.
   * A sound case passes its checks on it and fails them on the built-in `null` model.
   */
  reference?: ReferenceSolution;
  /** Run each model this many times (default: `NANOGRADE_REPEATS`, the project's `repeats`, 1). */
  repeats?: number;
  /** How many of the repeats must pass (default: all); fewer failures are tolerated and reported. */
  minPass?: number;
  /** This case's bars (minimum grade, maximum cost and time per run); the project's `bars.cases` win. */
  bars?: RunBars;
  /** Custom tools for the nano agent, by name, each made by `tool()`; offered after the file tools. */
  tools?: Record<string, CustomTool>;
  /** The nano agent's file tools: all five (`true`, the default), none (`false`), or these by name. */
  fileTools?: boolean | string[];
  /** Replaces the nano agent's system prompt. */
  system?: string;
  /**
   * Your own agent instead of the nano agent: `async ({ prompt, workspace, model, signal }) =>
   * answer`. It runs on every model of the matrix; `model` holds what its SDK needs (`name`,
   * `baseURL`, `apiKey`, `fetch`), and its provider traffic is metered at the wire (turns, usage,
   * cost, tool calls, transcript) and recorded or replayed like the nano agent's.
   */
  agent?: CustomAgent;
}

/** What an agent test's check receives. */
export interface AgentTestContext {
  /** The finished run. */
  run: AgentRun;
  /** The folder the agent worked in (a fresh copy of the case's workspace). */
  workspace: string;
  /** The canonical model id, e.g. `openai:gpt-5-mini`. */
  model: string;
  /** The test's own expect, with nanograde's matchers. */
  expect: ExpectStatic;
  signal: AbortSignal;
}

/** Checks one model's run; throws (through `expect`) when the model did not do the job. */
export type AgentCheck = (context: AgentTestContext) => void | Promise<void>;

declare module 'vitest' {
  interface TaskMeta {
    /** What an agent test recorded for reporters: plain JSON (see CaseRecord). */
    nanograde?: CaseRecord;
    /** The case's workspace seed (an absolute path), so watch mode re-runs its file when it changes. */
    nanogradeWorkspace?: string;
  }
}
