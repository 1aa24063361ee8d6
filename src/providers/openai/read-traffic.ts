import { z } from 'zod';
import type { AssistantMessage, TranscriptMessage } from '../../records/agent-run.js';
import { ProviderError } from '../provider-types.js';
import { parseServerSentEvents } from '../server-sent-events.js';
import { fromResponse } from './adapter.js';

/**
 * Reading Responses API traffic that someone else's agent sent (the wire meter): the request's
 * conversation in neutral form, and the answer — JSON or a server-sent event stream — through
 * the adapter's own `fromResponse`.
 */

const TextPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });
const ContentSchema = z.union([z.string(), z.array(TextPartSchema)]);
const InputItemSchema = z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  content: ContentSchema.optional(),
  call_id: z.string().optional(),
  name: z.string().optional(),
  arguments: z.string().optional(),
  output: z.unknown().optional(),
});
const RequestSchema = z.looseObject({
  instructions: z.string().nullish(),
  input: z.union([z.string(), z.array(z.unknown())]).nullish(),
});

const textOf = (content: z.infer<typeof ContentSchema> | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');

/** The conversation a Responses request carries: instructions, input messages, calls, outputs. */
export function readResponsesRequest(body: unknown): TranscriptMessage[] {
  const request = RequestSchema.safeParse(body);
  if (!request.success) return [];
  const messages: TranscriptMessage[] = [];
  if (request.data.instructions) {
    messages.push({ role: 'system', content: request.data.instructions });
  }
  const input = request.data.input;
  if (typeof input === 'string') return [...messages, { role: 'user', content: input }];
  let assistant: AssistantMessage | undefined;
  const openAssistant = () => {
    if (!assistant) {
      assistant = { role: 'assistant', content: '', toolCalls: [] };
      messages.push(assistant);
    }
    return assistant;
  };
  for (const raw of input ?? []) {
    const parsed = InputItemSchema.safeParse(raw);
    if (!parsed.success) continue;
    const item = parsed.data;
    const type = item.type ?? 'message';
    if (type === 'message' && item.role === 'assistant') {
      openAssistant().content += textOf(item.content);
    } else if (type === 'message') {
      assistant = undefined;
      const role = item.role === 'user' ? 'user' : 'system';
      messages.push({ role, content: textOf(item.content) });
    } else if (type === 'function_call') {
      openAssistant().toolCalls.push({
        id: item.call_id ?? '',
        name: item.name ?? '',
        arguments: item.arguments ?? '',
      });
    } else if (type === 'function_call_output') {
      assistant = undefined;
      messages.push({
        role: 'tool',
        toolCallId: item.call_id ?? '',
        name: '',
        content: typeof item.output === 'string' ? item.output : JSON.stringify(item.output),
        isError: false,
      });
    } else if (type === 'reasoning') {
      openAssistant();
    }
  }
  return messages;
}

const StreamEventSchema = z.looseObject({
  type: z.string(),
  response: z.unknown().optional(),
  item: z.looseObject({ type: z.string() }).optional(),
  message: z.string().optional(),
  code: z.string().nullish(),
});

const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * A streamed response rebuilt as the response object: the terminal event (`response.completed`,
 * `.incomplete`, `.failed`) carries it whole, usage included. A stream cut before it is rebuilt
 * from the finished output items, with no usage.
 */
function streamedResponse(text: string): { body: unknown; usageKnown: boolean } {
  const items: unknown[] = [];
  for (const { data } of parseServerSentEvents(text)) {
    if (data === '[DONE]') continue;
    const event = StreamEventSchema.safeParse(JSON.parse(data));
    if (!event.success) continue;
    if (TERMINAL_EVENTS.has(event.data.type) && event.data.response !== undefined) {
      const usage = (event.data.response as { usage?: unknown }).usage;
      return { body: event.data.response, usageKnown: usage !== undefined && usage !== null };
    }
    if (event.data.type === 'error') {
      throw new ProviderError(
        'server',
        event.data.message ?? 'the response stream reported an error',
      );
    }
    if (event.data.type === 'response.output_item.done' && event.data.item) {
      items.push(event.data.item);
    }
  }
  return { body: { status: 'incomplete', output: items }, usageKnown: false };
}

/** A Responses API answer (JSON, or an event stream) as a neutral turn; `usageKnown` false when it carried none. */
export function readResponsesBody(
  text: string,
  streamed: boolean,
): { result: ReturnType<typeof fromResponse>; usageKnown: boolean } {
  if (streamed) {
    const { body, usageKnown } = streamedResponse(text);
    return { result: fromResponse(body), usageKnown };
  }
  const body = JSON.parse(text) as { usage?: unknown };
  return {
    result: fromResponse(body),
    usageKnown: body.usage !== undefined && body.usage !== null,
  };
}
