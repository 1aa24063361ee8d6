import type { MatcherState } from 'vitest';
import { z } from 'zod';
import type { ToolCallRecord } from '../../records/agent-run.js';
import { describeRun, formatToolCall, truncate } from './describe-run.js';
import { parseMatcherOptions } from './matcher-options.js';
import { type MatcherOutcome, outcome } from './matcher-outcome.js';
import { MatcherUsageError } from './matcher-usage-error.js';
import { expectAgentRun, kindOf } from './received-values.js';

/** Options of `toHaveCalledTool`. */
export interface ToolCallOptions {
  /** Count calls whose tool failed (`ok: false`) too; by default only successful calls count. */
  includeFailed?: boolean;
}

const ToolCallOptionsSchema = z.strictObject({ includeFailed: z.boolean().optional() });

const FAILED_NOTE =
  'only successful calls count; pass { includeFailed: true } to count failed ones';

function expectToolName(matcher: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw new MatcherUsageError(
      `${matcher} expects a tool name (a non-empty string), got ${kindOf(name)}`,
    );
  }
  return name;
}

/** Lists the names of calls with their numbers in the run's call list. */
function numbered(calls: readonly { call: ToolCallRecord; index: number }[]): string {
  return truncate(calls.map(({ call, index }) => `${index + 1}. ${call.name}`).join(', '), 400);
}

/**
 * Checks that the run called a tool, optionally with arguments containing `args`: a deep partial
 * match with `toMatchObject` semantics (nested objects may have more keys, arrays must match in
 * length, asymmetric matchers such as `expect.stringContaining` work). Only successful calls
 * count unless `{ includeFailed: true }`.
 */
export function toHaveCalledTool(
  this: MatcherState,
  received: unknown,
  name: string,
  args?: Record<string, unknown>,
  options?: ToolCallOptions,
): MatcherOutcome {
  const run = expectAgentRun('toHaveCalledTool', received);
  expectToolName('toHaveCalledTool', name);
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
    throw new MatcherUsageError(
      `toHaveCalledTool expects the arguments to match as an object, got ${kindOf(args)}`,
    );
  }
  const { includeFailed = false } = parseMatcherOptions(
    'toHaveCalledTool',
    ToolCallOptionsSchema,
    options,
  );
  const testers = [...this.customTesters, this.utils.iterableEquality, this.utils.subsetEquality];
  const argsMatch = (call: ToolCallRecord) =>
    args === undefined || this.equals(call.args, args, testers);

  const counted = run.toolCalls.filter((call) => includeFailed || call.ok);
  const sameName = counted.filter((call) => call.name === name);
  const matching = sameName.filter(argsMatch);
  const wanted = `call ${name}${args === undefined ? '' : ` with args matching ${truncate(this.utils.stringify(args, 10, { min: true }), 200)}`}`;
  const note = includeFailed ? 'failed calls count too' : FAILED_NOTE;

  const why = (): string => {
    if (run.toolCalls.length === 0) return 'it made no tool calls';
    const kind = includeFailed ? '' : 'successful ';
    if (sameName.length === 1) return `its one ${kind}${name} call had other args`;
    if (sameName.length > 1) {
      return `none of its ${sameName.length} ${kind}${name} calls had matching args`;
    }
    const failed = run.toolCalls.filter((call) => !call.ok && call.name === name).length;
    if (failed > 0) {
      return failed === 1
        ? `its one ${name} call failed`
        : `all ${failed} of its ${name} calls failed`;
    }
    const called = [...new Set(run.toolCalls.map((call) => call.name))].join(', ');
    return `it never called ${name} (it called ${called})`;
  };

  return outcome(
    matching.length > 0,
    () => `expected the run to ${wanted}, but ${why()} (${note})\n${describeRun(run)}`,
    () => {
      const first = matching[0];
      const more = matching.length > 1 ? ` (and ${matching.length - 1} more)` : '';
      const shown = first === undefined ? '' : formatToolCall(first);
      return `expected the run NOT to ${wanted}, but it did: ${shown}${more} (${note})\n${describeRun(run)}`;
    },
  );
}

/**
 * Checks that the run's successful tool calls include `names` in this order, as a subsequence:
 * other calls may come between them. Matching is greedy (each name takes the earliest call after
 * the previous one), which finds the subsequence whenever one exists.
 */
export function toHaveCalledToolsInOrder(
  this: MatcherState,
  received: unknown,
  names: readonly string[],
): MatcherOutcome {
  const run = expectAgentRun('toHaveCalledToolsInOrder', received);
  if (!Array.isArray(names) || names.length === 0) {
    throw new MatcherUsageError(
      `toHaveCalledToolsInOrder expects a non-empty array of tool names, got ${Array.isArray(names) ? 'an empty array' : kindOf(names)}`,
    );
  }
  for (const name of names) expectToolName('toHaveCalledToolsInOrder', name);

  const successful = run.toolCalls
    .map((call, index) => ({ call, index }))
    .filter(({ call }) => call.ok);
  const matched: { call: ToolCallRecord; index: number }[] = [];
  for (const entry of successful) {
    if (matched.length === names.length) break;
    if (entry.call.name === names[matched.length]) matched.push(entry);
  }
  const pass = matched.length === names.length;
  const sequence = names.join(' → ');
  const actual = `Successful calls in order: ${successful.length === 0 ? 'none' : numbered(successful)}`;

  const why = (): string => {
    const missing = names[matched.length] ?? '';
    const step = `${missing} (step ${matched.length + 1} of ${names.length})`;
    const previous = matched.at(-1);
    const after =
      previous === undefined
        ? `there is no successful ${missing} call`
        : `no successful ${missing} call came after ${previous.call.name} (call ${previous.index + 1})`;
    const failed = run.toolCalls.findIndex(
      (call, index) => !call.ok && call.name === missing && index > (previous?.index ?? -1),
    );
    const failedNote =
      failed === -1 ? '' : `; ${missing} was called as call ${failed + 1} but failed`;
    return `the match stopped at ${step}: ${after}${failedNote}`;
  };

  return outcome(
    pass,
    () =>
      `expected the run's successful tool calls to include ${sequence} in this order, but ${why()}\n${actual}\n${describeRun(run)}`,
    () =>
      `expected the run's successful tool calls NOT to include ${sequence} in this order, but they do: ${numbered(matched)}\n${actual}\n${describeRun(run)}`,
  );
}
