import { emptyUsage } from '../../records/agent-run.js';
import type {
  Availability,
  CompletionRequest,
  CompletionResult,
  Provider,
} from '../provider-types.js';

/** A tool result as a reference answer function sees it. */
export interface ReferenceToolResult {
  name: string;
  ok: boolean;
  content: string;
}

/**
 * A case's gold solution: the tool calls a perfect agent makes (in order, in one turn) and its
 * final answer — a string, or computed from the tool results it got back.
 */
export interface ReferenceSolution {
  toolCalls?: { name: string; args: Record<string, unknown> }[];
  answer: string | ((results: ReferenceToolResult[]) => string);
}

const ALWAYS: Availability = { available: true };

function answer(content: string): CompletionResult {
  return {
    message: { role: 'assistant', content, toolCalls: [] },
    usage: emptyUsage(),
    stopReason: 'end',
  };
}

/**
 * The `reference` built-in: replays a gold solution through the real agent loop, so its tool
 * calls meet the real tools and sandbox. No network, no tokens, no cost.
 */
export function createReferenceProvider(solution: ReferenceSolution): Provider {
  const calls = solution.toolCalls ?? [];
  return {
    name: 'reference',
    availability: async () => ALWAYS,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      request.signal?.throwIfAborted();
      const answered = request.messages.some((message) => message.role === 'assistant');
      if (!answered && calls.length > 0) {
        return {
          message: {
            role: 'assistant',
            content: '',
            toolCalls: calls.map((call, index) => ({
              id: `reference_${index + 1}`,
              name: call.name,
              arguments: JSON.stringify(call.args),
            })),
          },
          usage: emptyUsage(),
          stopReason: 'tool_calls',
        };
      }
      const results = request.messages.flatMap((message) =>
        message.role === 'tool'
          ? [{ name: message.name, ok: !message.isError, content: message.content }]
          : [],
      );
      return answer(
        typeof solution.answer === 'string' ? solution.answer : solution.answer(results),
      );
    },
  };
}

/** The `null` built-in: answers nothing and calls no tool — the checks of a sound case fail on it. */
export function createNullProvider(): Provider {
  return {
    name: 'null',
    availability: async () => ALWAYS,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      request.signal?.throwIfAborted();
      return answer('');
    },
  };
}
