import { z } from 'zod';
import type { TranscriptMessage } from '../../records/agent-run.js';
import { ProviderError } from '../provider-types.js';
import { parseJsonLines } from '../server-sent-events.js';
import { fromResponse, parseChatResponse } from './adapter.js';

/**
 * Reading Ollama /api/chat traffic that someone else's agent sent (the wire meter): the
 * request's conversation, and the answer — one JSON object, or an NDJSON stream — through the
 * adapter's own parsing.
 */

const MessageSchema = z.looseObject({
  role: z.string(),
  content: z.string().nullish(),
  tool_name: z.string().nullish(),
  tool_calls: z
    .array(
      z.looseObject({
        function: z.looseObject({ name: z.string(), arguments: z.unknown().optional() }),
      }),
    )
    .nullish(),
});
const RequestSchema = z.looseObject({ messages: z.array(z.unknown()) });

/**
 * The conversation an /api/chat request carries. Ollama's tool results have no call id, only the
 * tool's name (`tool_name`): the meter pairs them with the calls they answer.
 */
export function readOllamaRequest(body: unknown): TranscriptMessage[] {
  const request = RequestSchema.safeParse(body);
  if (!request.success) return [];
  return request.data.messages.flatMap((raw): TranscriptMessage[] => {
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success) return [];
    const { role, content = '', tool_name: toolName, tool_calls: calls } = parsed.data;
    const text = content ?? '';
    if (role === 'system' || role === 'user') return [{ role, content: text }];
    if (role === 'tool') {
      return [
        { role: 'tool', toolCallId: '', name: toolName ?? '', content: text, isError: false },
      ];
    }
    if (role !== 'assistant') return [];
    return [
      {
        role: 'assistant',
        content: text,
        toolCalls: (calls ?? []).map((call, index) => ({
          id: `call_${index}`,
          name: call.function.name,
          arguments: JSON.stringify(call.function.arguments ?? {}),
        })),
      },
    ];
  });
}

const ChunkSchema = z.looseObject({
  error: z.string().optional(),
  done: z.boolean().optional(),
  message: z
    .looseObject({
      content: z.string().nullish(),
      thinking: z.string().nullish(),
      tool_calls: z.array(z.unknown()).nullish(),
    })
    .optional(),
});

/**
 * A streamed answer rebuilt as one: the chunks' text, thinking and tool calls joined; the last
 * chunk (`done: true`) brings the stop reason and the token counts. A chunk `{"error": …}` is the
 * server's failure mid-stream.
 */
function streamedAnswer(text: string): { body: Record<string, unknown>; usageKnown: boolean } {
  let content = '';
  let thinking = '';
  const toolCalls: unknown[] = [];
  let final: Record<string, unknown> = {};
  let done = false;
  for (const line of parseJsonLines(text)) {
    const chunk = ChunkSchema.safeParse(line);
    if (!chunk.success) continue;
    if (chunk.data.error !== undefined) throw new ProviderError('server', chunk.data.error);
    content += chunk.data.message?.content ?? '';
    thinking += chunk.data.message?.thinking ?? '';
    toolCalls.push(...(chunk.data.message?.tool_calls ?? []));
    if (chunk.data.done) {
      done = true;
      final = line as Record<string, unknown>;
    }
  }
  const message = {
    role: 'assistant',
    content,
    ...(thinking ? { thinking } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return { body: { ...final, message }, usageKnown: done };
}

/** An /api/chat answer (JSON, or an NDJSON stream) as a neutral turn; `turn` numbers its call ids. */
export function readOllamaBody(
  text: string,
  streamed: boolean,
  turn: number,
): { result: ReturnType<typeof fromResponse>; usageKnown: boolean } {
  const { body, usageKnown } = streamed
    ? streamedAnswer(text)
    : { body: JSON.parse(text) as Record<string, unknown>, usageKnown: true };
  return { result: fromResponse(parseChatResponse(body), turn), usageKnown };
}
