import { z } from 'zod';
import type { TranscriptMessage } from '../../records/agent-run.js';
import { ProviderError } from '../provider-types.js';
import { parseServerSentEvents } from '../server-sent-events.js';
import { fromResponse } from './adapter.js';

/**
 * Reading Chat Completions traffic that someone else's agent sent (the wire meter), from OpenAI,
 * Anthropic's OpenAI SDK compatibility endpoint, Ollama's /v1 or any compatible server: the
 * request's conversation, and the answer — JSON or a chunk stream — through the adapter's own
 * `fromResponse`.
 */

const ContentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
]);
const MessageSchema = z.looseObject({
  role: z.string(),
  content: ContentSchema.nullish(),
  tool_call_id: z.string().optional(),
  tool_calls: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        function: z.looseObject({ name: z.string(), arguments: z.string().optional() }),
      }),
    )
    .nullish(),
});
const RequestSchema = z.looseObject({ messages: z.array(z.unknown()) });

const textOf = (content: z.infer<typeof ContentSchema> | null | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');

/** The conversation a Chat Completions request carries. */
export function readChatRequest(body: unknown): TranscriptMessage[] {
  const request = RequestSchema.safeParse(body);
  if (!request.success) return [];
  return request.data.messages.flatMap((raw): TranscriptMessage[] => {
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success) return [];
    const message = parsed.data;
    const content = textOf(message.content);
    switch (message.role) {
      case 'system':
      case 'developer':
        return [{ role: 'system', content }];
      case 'user':
        return [{ role: 'user', content }];
      case 'assistant':
        return [
          {
            role: 'assistant',
            content,
            toolCalls: (message.tool_calls ?? []).map((call) => ({
              id: call.id ?? '',
              name: call.function.name,
              arguments: call.function.arguments ?? '',
            })),
          },
        ];
      case 'tool':
        return [
          {
            role: 'tool',
            toolCallId: message.tool_call_id ?? '',
            name: '',
            content,
            isError: false,
          },
        ];
      default:
        return [];
    }
  });
}

const ChunkSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        index: z.number().optional(),
        finish_reason: z.string().nullish(),
        delta: z
          .looseObject({
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            reasoning: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number(),
                  id: z.string().nullish(),
                  type: z.string().nullish(),
                  function: z
                    .looseObject({ name: z.string().nullish(), arguments: z.string().nullish() })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
  usage: z.unknown().optional(),
  error: z.looseObject({ message: z.string().optional() }).nullish(),
});

interface StreamedCall {
  id: string;
  type: string;
  function: { name: string; arguments: string };
}

/**
 * A streamed completion rebuilt as one `chat.completion`: the first choice's deltas joined (text,
 * reasoning, refusal, each tool call's arguments by its index), its finish reason, and the usage
 * of the last chunk — present only when the client asked with `stream_options.include_usage`.
 */
function streamedCompletion(text: string): { body: unknown; usageKnown: boolean } {
  let content = '';
  let reasoning = '';
  let refusal = '';
  let finishReason: string | null = null;
  let usage: unknown = null;
  const calls: StreamedCall[] = [];
  for (const { data } of parseServerSentEvents(text)) {
    if (data === '[DONE]') continue;
    const chunk = ChunkSchema.safeParse(JSON.parse(data));
    if (!chunk.success) continue;
    if (chunk.data.error) {
      throw new ProviderError(
        'server',
        chunk.data.error.message ?? 'the completion stream reported an error',
      );
    }
    if (chunk.data.usage !== undefined && chunk.data.usage !== null) usage = chunk.data.usage;
    const choice = chunk.data.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    if (!choice) continue;
    if (choice.finish_reason) finishReason = choice.finish_reason;
    const delta = choice.delta;
    if (!delta) continue;
    content += delta.content ?? '';
    refusal += delta.refusal ?? '';
    reasoning += delta.reasoning ?? delta.reasoning_content ?? '';
    for (const part of delta.tool_calls ?? []) {
      const call = calls[part.index] ?? {
        id: '',
        type: 'function',
        function: { name: '', arguments: '' },
      };
      calls[part.index] = call;
      if (part.id) call.id = part.id;
      if (part.type) call.type = part.type;
      call.function.name += part.function?.name ?? '';
      call.function.arguments += part.function?.arguments ?? '';
    }
  }
  const message = {
    role: 'assistant',
    content,
    ...(refusal ? { refusal } : {}),
    ...(reasoning ? { reasoning } : {}),
    ...(calls.length > 0 ? { tool_calls: calls.filter(Boolean) } : {}),
  };
  return {
    body: { choices: [{ finish_reason: finishReason, message }], usage },
    usageKnown: usage !== null,
  };
}

/** A Chat Completions answer (JSON, or a chunk stream) as a neutral turn; `usageKnown` false when it carried none. */
export function readChatBody(
  text: string,
  streamed: boolean,
): { result: ReturnType<typeof fromResponse>; usageKnown: boolean } {
  if (streamed) {
    const { body, usageKnown } = streamedCompletion(text);
    return { result: fromResponse(body), usageKnown };
  }
  const body = JSON.parse(text) as { usage?: unknown };
  return {
    result: fromResponse(body),
    usageKnown: body.usage !== undefined && body.usage !== null,
  };
}
