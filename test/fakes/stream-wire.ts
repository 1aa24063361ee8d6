/**
 * The providers' streaming wire formats, for the fakes: a finished answer (the object the fake
 * would have sent unstreamed) rendered as the event or chunk sequence the real API sends, in
 * the order and shapes the official SDKs' stream readers expect (openai's ResponseStream and
 * ChatCompletionStream, @anthropic-ai/sdk's MessageStream, ollama's NDJSON reader, the AI SDK's
 * chunk schemas). Texts are sent in two pieces, so a reader that keeps only one delta fails.
 */
import { randomBytes } from 'node:crypto';
import type { FakeResponse } from './fake-types.js';

type Json = Record<string, unknown>;

/** A text in two deltas (one when it is too short to split). */
function pieces(text: string): string[] {
  if (text.length < 2) return [text];
  const half = Math.ceil(text.length / 2);
  return [text.slice(0, half), text.slice(half)];
}

/** One server-sent event as the wire carries it. */
const sseEvent = (data: unknown, event?: string) =>
  `${event === undefined ? '' : `event: ${event}\n`}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** A `text/event-stream` answer. */
export function sseResponse(events: string[]): FakeResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    body: events.join(''),
  };
}

// ------------------------------------------------------------------- OpenAI Responses

/**
 * A Responses API object as its event stream: `response.created` and `.in_progress` (the
 * response without output or usage), each output item added, filled by its deltas and done, then
 * `response.completed` (or `.incomplete`) with the whole response. Every event carries its
 * `sequence_number`; text and argument deltas carry `obfuscation` padding unless the request
 * turned it off (`stream_options.include_obfuscation: false`), as the API does.
 */
export function responsesStream(response: Json, obfuscate: boolean): FakeResponse {
  let sequence = 0;
  const events: string[] = [];
  const emit = (type: string, fields: Json) => {
    events.push(sseEvent({ type, sequence_number: sequence++, ...fields }, type));
  };
  const padding = () => (obfuscate ? { obfuscation: randomBytes(6).toString('base64url') } : {});
  const opening = {
    ...response,
    status: 'in_progress',
    output: [],
    usage: null,
    incomplete_details: null,
  };
  emit('response.created', { response: opening });
  emit('response.in_progress', { response: opening });
  (response.output as Json[]).forEach((item, outputIndex) => {
    const itemId = item.id as string;
    const at = { item_id: itemId, output_index: outputIndex };
    if (item.type === 'message') {
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', content: [] },
      });
      (item.content as Json[]).forEach((part, contentIndex) => {
        const where = { ...at, content_index: contentIndex };
        emit('response.content_part.added', { ...where, part: { ...part, text: '' } });
        for (const delta of pieces(part.text as string)) {
          emit('response.output_text.delta', { ...where, delta, logprobs: [], ...padding() });
        }
        emit('response.output_text.done', { ...where, text: part.text, logprobs: [] });
        emit('response.content_part.done', { ...where, part });
      });
    } else if (item.type === 'function_call') {
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      for (const delta of pieces(item.arguments as string)) {
        emit('response.function_call_arguments.delta', { ...at, delta, ...padding() });
      }
      emit('response.function_call_arguments.done', {
        ...at,
        name: item.name,
        arguments: item.arguments,
      });
    } else if (item.type === 'reasoning') {
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { ...item, summary: [] },
      });
      (item.summary as Json[]).forEach((part, summaryIndex) => {
        const where = { ...at, summary_index: summaryIndex };
        emit('response.reasoning_summary_part.added', { ...where, part: { ...part, text: '' } });
        for (const delta of pieces(part.text as string)) {
          emit('response.reasoning_summary_text.delta', { ...where, delta, ...padding() });
        }
        emit('response.reasoning_summary_text.done', { ...where, text: part.text });
        emit('response.reasoning_summary_part.done', { ...where, part });
      });
    }
    emit('response.output_item.done', { output_index: outputIndex, item });
  });
  emit(response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', {
    response,
  });
  return sseResponse(events);
}

// ------------------------------------------------------------------- Chat Completions

/**
 * A `chat.completion` as its chunk stream: a first chunk with the role, the text (and a local
 * server's reasoning field) in deltas, each tool call opened with its id and name and then its
 * arguments, a last chunk with the finish reason, then — only with `include_usage` — a chunk with
 * empty `choices` and the usage (every other chunk then says `usage: null`), then `[DONE]`.
 */
export function chatCompletionStream(
  completion: Json,
  options: { includeUsage: boolean; obfuscate?: boolean },
): FakeResponse {
  const [choice] = completion.choices as Json[];
  const message = (choice?.message ?? {}) as Json;
  const base = {
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    ...(completion.service_tier === undefined ? {} : { service_tier: completion.service_tier }),
    system_fingerprint: completion.system_fingerprint ?? null,
  };
  const events: string[] = [];
  const chunk = (delta: Json, finishReason: string | null = null) => {
    events.push(
      sseEvent({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        ...(options.includeUsage ? { usage: null } : {}),
        ...(options.obfuscate ? { obfuscation: randomBytes(4).toString('base64url') } : {}),
      }),
    );
  };
  chunk({ role: 'assistant', content: '', refusal: null });
  for (const field of ['reasoning', 'reasoning_content']) {
    if (typeof message[field] === 'string') {
      for (const delta of pieces(message[field] as string)) chunk({ [field]: delta });
    }
  }
  if (typeof message.content === 'string' && message.content !== '') {
    for (const delta of pieces(message.content)) chunk({ content: delta });
  }
  ((message.tool_calls ?? []) as Json[]).forEach((call, index) => {
    const fn = call.function as Json;
    chunk({
      tool_calls: [
        { index, id: call.id, type: 'function', function: { name: fn.name, arguments: '' } },
      ],
    });
    for (const delta of pieces(fn.arguments as string)) {
      chunk({ tool_calls: [{ index, function: { arguments: delta } }] });
    }
  });
  chunk({}, (choice?.finish_reason as string | undefined) ?? 'stop');
  if (options.includeUsage) {
    events.push(sseEvent({ ...base, choices: [], usage: completion.usage }));
  }
  events.push(sseEvent('[DONE]'));
  return sseResponse(events);
}

// ------------------------------------------------------------------- Anthropic Messages

/**
 * A Messages API message as its event stream: `message_start` (no content; the input usage and
 * the output tokens so far), each block started, filled (text and thinking in deltas, the
 * thinking's signature, a tool's input as partial JSON) and stopped, a `ping`, `message_delta`
 * with the stop reason and the cumulative final usage, `message_stop`.
 */
export function messagesStream(message: Json): FakeResponse {
  const events: string[] = [];
  const emit = (type: string, fields: Json) => events.push(sseEvent({ type, ...fields }, type));
  const usage = message.usage as Json;
  emit('message_start', {
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  emit('ping', {});
  (message.content as Json[]).forEach((block, index) => {
    if (block.type === 'text') {
      emit('content_block_start', { index, content_block: { ...block, text: '' } });
      for (const text of pieces(block.text as string)) {
        emit('content_block_delta', { index, delta: { type: 'text_delta', text } });
      }
    } else if (block.type === 'thinking') {
      emit('content_block_start', {
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
      for (const thinking of pieces(block.thinking as string)) {
        emit('content_block_delta', { index, delta: { type: 'thinking_delta', thinking } });
      }
      emit('content_block_delta', {
        index,
        delta: { type: 'signature_delta', signature: block.signature },
      });
    } else if (block.type === 'tool_use') {
      emit('content_block_start', { index, content_block: { ...block, input: {} } });
      for (const partial of pieces(JSON.stringify(block.input))) {
        emit('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: partial },
        });
      }
    }
    emit('content_block_stop', { index });
  });
  emit('message_delta', {
    delta: {
      stop_reason: message.stop_reason,
      stop_sequence: message.stop_sequence ?? null,
      stop_details: null,
    },
    usage: {
      input_tokens: usage.input_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      output_tokens: usage.output_tokens,
      output_tokens_details: usage.output_tokens_details ?? null,
      server_tool_use: null,
    },
  });
  emit('message_stop', {});
  return sseResponse(events);
}

// ------------------------------------------------------------------- Ollama

/**
 * An /api/chat answer as Ollama streams it (NDJSON, `application/x-ndjson`): thinking and text in
 * chunks (`done: false`), tool calls in a chunk of their own, then a last chunk with empty
 * content, `done: true`, the stop reason, durations and token counts.
 */
export function ollamaStream(answer: Json): FakeResponse {
  const message = answer.message as Json;
  const head = { model: answer.model, created_at: answer.created_at };
  const lines: Json[] = [];
  const chunk = (fields: Json) =>
    lines.push({ ...head, message: { role: 'assistant', content: '', ...fields }, done: false });
  if (typeof message.thinking === 'string') {
    for (const thinking of pieces(message.thinking)) chunk({ thinking });
  }
  if (typeof message.content === 'string' && message.content !== '') {
    for (const content of pieces(message.content)) chunk({ content });
  }
  if (Array.isArray(message.tool_calls)) chunk({ tool_calls: message.tool_calls });
  const { message: _whole, ...final } = answer;
  lines.push({ ...final, message: { role: 'assistant', content: '' } });
  return {
    status: 200,
    headers: { 'content-type': 'application/x-ndjson' },
    body: `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`,
  };
}
