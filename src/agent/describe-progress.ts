import type { RunProgressEvent } from './run-agent.js';

/** A one-line description of a progress event, for MCP progress notifications and logs. */
export function describeProgress(event: RunProgressEvent): string {
  if (event.type === 'turn') {
    return event.toolCalls.length === 0
      ? `turn ${event.turn}: answered`
      : `turn ${event.turn}: calls ${event.toolCalls.join(', ')}`;
  }
  const { call } = event;
  return call.ok
    ? `turn ${event.turn}: ${call.name} ok`
    : `turn ${event.turn}: ${call.name} failed: ${call.error ?? 'error'}`;
}
