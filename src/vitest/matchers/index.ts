/**
 * nanograde's custom matchers. Register them with `expect.extend(nanogradeMatchers)`; importing
 * this module also adds their types to Vitest's `expect(…)`.
 *
 * One module per matcher family; a new family (e.g. the LLM judge's `toJudgeAtLeast`) is one more
 * module, one more entry in `nanogradeMatchers` and one more line in `NanogradeMatchers`.
 */

import type { Grade } from '../../records/grade.js';
import { type AgentSnapshotOptions, toMatchAgentSnapshot } from '../agent-snapshot-matcher.js';
import { toCostAtMost, toFinishWithin, toUseAtMostTurns } from './budget-matchers.js';
import { type FileContentMatcher, toHaveFile } from './file-matchers.js';
import { type OutputFormat, toFollowFormat } from './follow-format.js';
import { type JudgeOptions, toJudgeAtLeast } from './judge-matcher.js';
import { redacting } from './matcher-outcome.js';
import {
  type ToolCallOptions,
  toHaveCalledTool,
  toHaveCalledToolsInOrder,
} from './tool-call-matchers.js';

/** The matchers, for `expect.extend(nanogradeMatchers)`. */
// Their messages show the run's answer and tool calls: every outcome is redacted (toJudgeAtLeast
// redacts its own, inside the judgement it tracks).
export const nanogradeMatchers = {
  toFollowFormat: redacting(toFollowFormat),
  toHaveCalledTool: redacting(toHaveCalledTool),
  toHaveCalledToolsInOrder: redacting(toHaveCalledToolsInOrder),
  toUseAtMostTurns: redacting(toUseAtMostTurns),
  toCostAtMost: redacting(toCostAtMost),
  toFinishWithin: redacting(toFinishWithin),
  toHaveFile: redacting(toHaveFile),
  toJudgeAtLeast,
  toMatchAgentSnapshot: redacting(toMatchAgentSnapshot),
};

/** The matchers as `expect(…)` sees them; `R` is what each returns (Vitest's assertion type). */
export interface NanogradeMatchers<R = unknown> {
  /** The run's final output matches a RegExp, follows a `{{slot}}` template, or holds JSON matching a zod schema. */
  toFollowFormat(format: OutputFormat): R;
  /** The run called `name` (successfully, unless `includeFailed`), with args containing `args` if given. */
  toHaveCalledTool(name: string, args?: Record<string, unknown>, options?: ToolCallOptions): R;
  /** The run's successful tool calls include `names` in this order (others may come between). */
  toHaveCalledToolsInOrder(names: readonly string[]): R;
  /** The run took at most `maxTurns` model turns. */
  toUseAtMostTurns(maxTurns: number): R;
  /** The run cost at most `maxUsd` US dollars; an unknown price fails, with or without `.not`. */
  toCostAtMost(maxUsd: number): R;
  /** The run took at most `maxMs` milliseconds. */
  toFinishWithin(maxMs: number): R;
  /** The workspace folder has `relativePath`, with content matching `content` if given. */
  toHaveFile(relativePath: string, content?: FileContentMatcher): R;
  /**
   * A judge model (or `oracle`) grades the run at least `bar` on S > A > B > C > D > F. Async:
   * `await expect(run).toJudgeAtLeast('B')`. Unscored runs fail; built-ins without an oracle pass ungraded.
   */
  toJudgeAtLeast(bar: Grade, options?: JudgeOptions): Promise<R>;
  /** The run's normalised final answer (with `{ toolCalls: true }` also its tool calls) matches the stored snapshot; `-u` updates it. */
  toMatchAgentSnapshot(options?: AgentSnapshotOptions): R;
}

declare module 'vitest' {
  // Without type parameters, this merges with Vitest 4's `Matchers<T = any>` and with Vitest 5's
  // declaration alike (repeating 4's `<T = any>` is error TS2428 under 5). Vitest ignores what a
  // matcher returns, so `void` is honest; only toJudgeAtLeast's Promise must be awaited.
  interface Matchers extends NanogradeMatchers<void> {}
}
