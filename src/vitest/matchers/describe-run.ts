import { formatDuration, formatUsd, plural } from '../../format/format-values.js';
import type { AgentRun, ToolCallRecord } from '../../records/agent-run.js';

// Limits that keep failure messages readable when a model wrote a novel or made 200 calls.
const OUTPUT_HEAD = 500;
const OUTPUT_TAIL = 200;
const ARG_STRING_MAX = 40;
const ARGS_MAX = 160;
const ERROR_MAX = 120;
const CALLS_HEAD = 20;
const CALLS_TAIL = 5;

/** Cuts `text` to `max` characters, saying how much was cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(+${text.length - max} chars)`;
}

/** A tool call's arguments as one line of JSON, long strings shortened; raw text when not JSON. */
export function formatArgs(args: unknown): string {
  if (typeof args === 'string') return `${JSON.stringify(truncate(args, ARGS_MAX))} (not JSON)`;
  const json = JSON.stringify(args, (_key, value: unknown) =>
    typeof value === 'string' ? truncate(value, ARG_STRING_MAX) : value,
  );
  return truncate(json ?? String(args), ARGS_MAX);
}

/** One tool call as `[turn 2] write_file {"file_path":"a.txt"} ✓` or `… ✗ <error>`. */
export function formatToolCall(call: ToolCallRecord): string {
  const status = call.ok
    ? '✓'
    : `✗ ${truncate((call.error ?? 'failed').split('\n')[0] ?? '', ERROR_MAX)}`;
  return `[turn ${call.turn}] ${call.name} ${formatArgs(call.args)} ${status}`;
}

/** A run's tool calls as a numbered list (long lists keep their start and end). */
export function formatToolCalls(calls: readonly ToolCallRecord[]): string {
  if (calls.length === 0) return 'Tool calls: none';
  const line = (call: ToolCallRecord, index: number) => `  ${index + 1}. ${formatToolCall(call)}`;
  const lines =
    calls.length <= CALLS_HEAD + CALLS_TAIL + 1
      ? calls.map(line)
      : [
          ...calls.slice(0, CALLS_HEAD).map(line),
          `  … ${calls.length - CALLS_HEAD - CALLS_TAIL} calls omitted …`,
          ...calls.slice(-CALLS_TAIL).map((call, i) => line(call, calls.length - CALLS_TAIL + i)),
        ];
  return [`Tool calls (${calls.length}):`, ...lines].join('\n');
}

/** Text as an indented block headed `Label (N chars):`, its middle cut when long. */
export function formatText(label: string, raw: string): string {
  const text = raw.trim();
  if (text === '') return `${label}: (empty)`;
  const shown =
    text.length <= OUTPUT_HEAD + OUTPUT_TAIL
      ? text
      : `${text.slice(0, OUTPUT_HEAD)}\n… [${text.length - OUTPUT_HEAD - OUTPUT_TAIL} chars omitted] …\n${text.slice(-OUTPUT_TAIL)}`;
  const block = shown
    .split('\n')
    .map((line) => `  │ ${line}`)
    .join('\n');
  return `${label} (${text.length} chars):\n${block}`;
}

/** The run's final output as an indented block, its middle cut when long. */
export function formatOutput(output: string): string {
  return formatText('Output', output);
}

/** One line of the run's numbers: model, turns, cost, duration. */
export function formatRunStats(run: AgentRun): string {
  const cost = run.costUsd === null ? 'cost unknown' : formatUsd(run.costUsd);
  return `Run: ${run.model} · ${plural(run.turns, 'turn')} · ${cost} · ${formatDuration(run.durationMs)}`;
}

/** Why the run ended early, or '' when it finished normally. */
export function formatRunError(run: AgentRun): string {
  if (run.error === null) return '';
  return `The run ended with ${run.error.kind}: ${truncate(run.error.message, 300)}`;
}

/** What the model did, for the end of a failure message: stats, early end, tool calls, output. */
export function describeRun(
  run: AgentRun,
  parts: { output?: boolean; toolCalls?: boolean } = {},
): string {
  return [
    formatRunStats(run),
    formatRunError(run),
    parts.toolCalls === false ? '' : formatToolCalls(run.toolCalls),
    parts.output === false ? '' : formatOutput(run.output),
  ]
    .filter((part) => part !== '')
    .join('\n');
}
