import { type AgentRun, AgentRunSchema, type ToolCallRecord } from '../../src/records/agent-run.js';

/** A tool call record as the agent writes it; successful, in turn 1, unless told otherwise. */
export function toolCall(
  name: string,
  args: unknown,
  overrides: Partial<ToolCallRecord> = {},
): ToolCallRecord {
  return { name, args, ok: true, durationMs: 3, turn: 1, ...overrides };
}

/** A finished run that is valid against AgentRunSchema (checked, so a test cannot build a bogus one). */
export function makeRun(overrides: Partial<AgentRun> = {}): AgentRun {
  const output = overrides.output ?? 'Done.';
  return AgentRunSchema.parse({
    model: 'openai:gpt-5-mini',
    output,
    turns: 2,
    toolCalls: [],
    usage: {
      inputTokens: 1200,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 80,
      reasoningTokens: 0,
    },
    costUsd: 0.00046,
    durationMs: 4200,
    transcript: [
      { role: 'system', content: 'You are the nano agent.' },
      { role: 'user', content: 'Do the task.' },
      { role: 'assistant', content: output, toolCalls: [] },
    ],
    error: null,
    ...overrides,
  });
}
