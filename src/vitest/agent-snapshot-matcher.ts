import { type MatcherState, Snapshots } from 'vitest';
import { sortKeys } from '../cassettes/normalise-request.js';
import type { AgentRun } from '../records/agent-run.js';
import { redactJson } from '../redaction/redact-secrets.js';
import type { MatcherOutcome } from './matchers/matcher-outcome.js';
import { expectAgentRun, kindOf } from './matchers/received-values.js';

/** Options of `toMatchAgentSnapshot`. */
export interface AgentSnapshotOptions {
  /** Also snapshot the tool-call sequence (names and arguments, in order). */
  toolCalls?: boolean;
}

/** What `toMatchAgentSnapshot` stores: the normalised answer and, if asked, the tool calls. */
export interface AgentSnapshot {
  output: string;
  toolCalls?: { name: string; args: unknown }[];
}

/** The final answer with line endings normalised and surrounding whitespace trimmed. */
export function normaliseAnswer(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** The snapshot of a run: its normalised answer and, optionally, its tool calls (keys sorted). */
export function agentSnapshot(run: AgentRun, options: AgentSnapshotOptions = {}): AgentSnapshot {
  return {
    output: normaliseAnswer(run.output),
    ...(options.toolCalls
      ? { toolCalls: run.toolCalls.map((call) => ({ name: call.name, args: sortKeys(call.args) })) }
      : {}),
  };
}

function expectOptions(options: unknown): AgentSnapshotOptions {
  if (options === undefined) return {};
  const valid =
    typeof options === 'object' &&
    options !== null &&
    Object.keys(options).every((key) => key === 'toolCalls') &&
    ['boolean', 'undefined'].includes(typeof (options as AgentSnapshotOptions).toolCalls);
  if (!valid) {
    throw new TypeError(
      `toMatchAgentSnapshot takes { toolCalls?: boolean }, got ${JSON.stringify(options) ?? kindOf(options)}`,
    );
  }
  return options as AgentSnapshotOptions;
}

/**
 * The run's normalised final answer (and with `{ toolCalls: true }` its tool-call sequence)
 * matches the stored snapshot, through Vitest's own snapshot machinery: written on first run,
 * updated with `vitest -u`, kept in the test file's __snapshots__.
 */
export function toMatchAgentSnapshot(
  this: MatcherState,
  received: unknown,
  options?: AgentSnapshotOptions,
): MatcherOutcome {
  const run = expectAgentRun('toMatchAgentSnapshot', received);
  // Snapshots are committed files: no key the run read may reach them.
  const snapshot = redactJson(agentSnapshot(run, expectOptions(options)));
  return Snapshots.toMatchSnapshot.call(this, snapshot) as MatcherOutcome;
}
