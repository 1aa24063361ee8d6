/** runAgent's `onProgress` hook, which MCP progress notifications and the CLI's log are built on. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunProgressEvent, runAgent } from '../../src/agent/run-agent.js';
import type {
  CompletionRequest,
  CompletionResult,
  Provider,
} from '../../src/providers/provider-types.js';

const usage = (input: number, output: number) => ({
  inputTokens: input,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: output,
  reasoningTokens: 0,
});

/** A provider that plays fixed turns: two tool calls (one fails), then an answer. */
function scriptedProvider(): Provider {
  const turns: CompletionResult[] = [
    {
      message: {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'c1', name: 'read_file', arguments: '{"file_path":"a.txt"}' },
          { id: 'c2', name: 'read_file', arguments: '{"file_path":"nope.txt"}' },
        ],
      },
      usage: usage(100, 10),
      stopReason: 'tool_calls',
    },
    {
      message: { role: 'assistant', content: 'a.txt says hello', toolCalls: [] },
      usage: usage(150, 5),
      stopReason: 'end',
    },
  ];
  let next = 0;
  return {
    name: 'scripted',
    availability: async () => ({ available: true }),
    async complete(_request: CompletionRequest) {
      const turn = turns[next++];
      if (!turn) throw new Error('no more turns');
      return turn;
    },
  };
}

describe('runAgent onProgress', () => {
  let workspace: string;
  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'nanograde-progress-'));
    await writeFile(join(workspace, 'a.txt'), 'hello\n');
  });
  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('reports each turn as it ends and each tool call as it is executed, in order', async () => {
    const events: RunProgressEvent[] = [];
    const run = await runAgent({
      model: 'openai:gpt-5-mini',
      prompt: 'What does a.txt say?',
      workspace,
      provider: scriptedProvider(),
      onProgress: (event) => events.push(event),
    });
    expect(run.error).toBeNull();
    expect(events.map((event) => [event.type, event.turn])).toEqual([
      ['turn', 1],
      ['tool_call', 1],
      ['tool_call', 1],
      ['turn', 2],
    ]);
    expect(events[0]).toEqual({
      type: 'turn',
      turn: 1,
      toolCalls: ['read_file', 'read_file'],
      usage: usage(100, 10),
    });
    // The tool-call events carry the same records the run ends with.
    expect(events.slice(1, 3)).toEqual(
      run.toolCalls.map((call) => ({ type: 'tool_call', turn: 1, call })),
    );
    expect(run.toolCalls.map((call) => call.ok)).toEqual([true, false]);
    expect(events[3]).toEqual({ type: 'turn', turn: 2, toolCalls: [], usage: usage(150, 5) });
  });

  it('keeps running when a listener throws', async () => {
    let calls = 0;
    const run = await runAgent({
      model: 'openai:gpt-5-mini',
      prompt: 'What does a.txt say?',
      workspace,
      provider: scriptedProvider(),
      onProgress: () => {
        calls += 1;
        throw new Error('listener bug');
      },
    });
    expect(calls).toBe(4);
    expect(run.error).toBeNull();
    expect(run.output).toBe('a.txt says hello');
  });
});
