import { z } from 'zod';
import type { TranscriptMessage } from '../../records/agent-run.js';
import { ProviderError } from '../provider-types.js';
import { parseServerSentEvents } from '../server-sent-events.js';
import { fromResponse } from './adapter.js';

/**
 * Reading Messages API traffic that someone else's agent sent (the wire meter): the request's
 * conversation, and the answer — JSON or an event stream — through the adapter's own
 * `fromResponse`.
 */

const BlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  content: z.unknown().optional(),
  is_error: z.boolean().optional(),
});
const RequestSchema = z.looseObject({
  system: z.union([z.string(), z.array(BlockSchema)]).optional(),
  messages: z.array(
    z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(BlockSchema)]) }),
  ),
});

const blockText = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => BlockSchema.safeParse(block))
    .map((block) => (block.success && block.data.type === 'text' ? (block.data.text ?? '') : ''))
    .join('\n');
};

/** The conversation a Messages request carries: system, text, tool_use and tool_result blocks. */
export function readMessagesRequest(body: unknown): TranscriptMessage[] {
  const request = RequestSchema.safeParse(body);
  if (!request.success) return [];
  const messages: TranscriptMessage[] = [];
  const system = blockText(request.data.system);
  if (system) messages.push({ role: 'system', content: system });
  for (const message of request.data.messages) {
    const blocks =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : message.content;
    if (message.role === 'assistant') {
      messages.push({
        role: 'assistant',
        content: blocks
          .flatMap((block) => (block.type === 'text' ? [block.text ?? ''] : []))
          .join('\n'),
        toolCalls: blocks.flatMap((block) =>
          block.type === 'tool_use'
            ? [
                {
                  id: block.id ?? '',
                  name: block.name ?? '',
                  arguments: JSON.stringify(block.input ?? {}),
                },
              ]
            : [],
        ),
      });
      continue;
    }
    const texts: string[] = [];
    for (const block of blocks) {
      if (block.type === 'tool_result') {
        messages.push({
          role: 'tool',
          toolCallId: block.tool_use_id ?? '',
          name: '',
          content: blockText(block.content),
          isError: block.is_error ?? false,
        });
      } else if (block.type === 'text') {
        texts.push(block.text ?? '');
      }
    }
    if (texts.length > 0) messages.push({ role: 'user', content: texts.join('\n') });
  }
  return messages;
}

const EventSchema = z.looseObject({
  type: z.string(),
  message: z
    .looseObject({
      content: z.array(z.unknown()).optional(),
      usage: z.record(z.string(), z.unknown()),
    })
    .optional(),
  index: z.number().optional(),
  content_block: z.looseObject({ type: z.string() }).optional(),
  delta: z
    .looseObject({
      type: z.string().optional(),
      text: z.string().optional(),
      partial_json: z.string().optional(),
      thinking: z.string().optional(),
      signature: z.string().optional(),
      stop_reason: z.string().nullish(),
    })
    .optional(),
  usage: z.record(z.string(), z.unknown()).optional(),
  error: z.looseObject({ type: z.string().optional(), message: z.string().optional() }).optional(),
});

/**
 * A streamed message rebuilt as the message: `message_start` opens it (with the input usage),
 * content blocks are filled from their deltas (tool input from its JSON pieces), and
 * `message_delta` gives the stop reason and the final usage — cumulative, so its counts replace
 * the start's rather than add to them. An `error` event is the provider's failure.
 */
function streamedMessage(text: string): { body: unknown; usageKnown: boolean } {
  let usage: Record<string, unknown> | undefined;
  let stopReason: string | null = null;
  const blocks: Record<string, unknown>[] = [];
  const json: string[] = [];
  for (const { data } of parseServerSentEvents(text)) {
    const event = EventSchema.safeParse(JSON.parse(data));
    if (!event.success) continue;
    const { type, index = 0, delta } = event.data;
    if (type === 'error') {
      throw new ProviderError(
        event.data.error?.type === 'overloaded_error' ? 'overloaded' : 'server',
        event.data.error?.message ?? 'the message stream reported an error',
      );
    }
    if (type === 'message_start' && event.data.message) usage = { ...event.data.message.usage };
    if (type === 'content_block_start' && event.data.content_block) {
      blocks[index] = { ...event.data.content_block };
      json[index] = '';
    }
    const block = blocks[index];
    if (type === 'content_block_delta' && block && delta) {
      if (delta.type === 'text_delta') block.text = `${block.text ?? ''}${delta.text ?? ''}`;
      if (delta.type === 'thinking_delta')
        block.thinking = `${block.thinking ?? ''}${delta.thinking ?? ''}`;
      if (delta.type === 'signature_delta') block.signature = delta.signature ?? '';
      if (delta.type === 'input_json_delta')
        json[index] = `${json[index] ?? ''}${delta.partial_json ?? ''}`;
    }
    if (type === 'content_block_stop' && block?.type === 'tool_use') {
      const pieces = json[index] ?? '';
      if (pieces !== '') block.input = JSON.parse(pieces);
    }
    if (type === 'message_delta') {
      stopReason = delta?.stop_reason ?? stopReason;
      for (const [key, value] of Object.entries(event.data.usage ?? {})) {
        if (value !== null && value !== undefined) usage = { ...usage, [key]: value };
      }
    }
  }
  return {
    body: { content: blocks.filter(Boolean), stop_reason: stopReason, usage: usage ?? {} },
    usageKnown: usage !== undefined,
  };
}

/** A Messages API answer (JSON, or an event stream) as a neutral turn. */
export function readMessagesBody(
  text: string,
  streamed: boolean,
): { result: ReturnType<typeof fromResponse>; usageKnown: boolean } {
  const { body, usageKnown } = streamed
    ? streamedMessage(text)
    : { body: JSON.parse(text) as unknown, usageKnown: true };
  return { result: fromResponse(body), usageKnown };
}
