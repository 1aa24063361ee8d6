import type { TranscriptMessage } from '../records/agent-run.js';
import { readMessagesBody, readMessagesRequest } from './anthropic/read-traffic.js';
import { readOllamaBody, readOllamaRequest } from './ollama/read-traffic.js';
import { readResponsesBody, readResponsesRequest } from './openai/read-traffic.js';
import { readChatBody, readChatRequest } from './openai-compatible/read-traffic.js';
import { type CompletionResult, ProviderError } from './provider-types.js';

/**
 * Reading model traffic at the wire, whoever sent it: which model API a request went to (by its
 * path), the conversation it carried, and its answer as a neutral turn. The wire meter uses it
 * for agents nanograde did not write; each API's reading lives in its adapter folder and ends in
 * the adapter's own `fromResponse`.
 */

/** The model APIs nanograde reads: a request to one is a model turn. */
export type ModelApi = 'responses' | 'chat-completions' | 'messages' | 'ollama-chat';

const MODEL_ROUTES: readonly [suffix: string, api: ModelApi][] = [
  ['/responses', 'responses'],
  ['/chat/completions', 'chat-completions'],
  ['/messages', 'messages'],
  ['/api/chat', 'ollama-chat'],
];

/** Routes where the providers list or describe models (SDKs and probes ask them). */
const MODEL_INFO_ROUTE = /(\/models(\/[^/]+)?|\/api\/(tags|version|show))$/;

const trimmed = (path: string) => path.replace(/\/+$/, '');

/** The model API a request path goes to (`/v1/chat/completions` → chat-completions), or undefined. */
export function modelApiOf(path: string): ModelApi | undefined {
  const route = trimmed(path);
  return MODEL_ROUTES.find(([suffix]) => route.endsWith(suffix))?.[1];
}

/** Whether a path is a provider's API (a model turn or a model listing), not, say, tracing. */
export function isProviderApiPath(path: string): boolean {
  return modelApiOf(path) !== undefined || MODEL_INFO_ROUTE.test(trimmed(path));
}

/** What a model request asked: the model's name and the conversation, in neutral form. */
export interface ModelRequestReading {
  model: string | undefined;
  messages: TranscriptMessage[];
}

const REQUEST_READERS: Record<ModelApi, (body: unknown) => TranscriptMessage[]> = {
  responses: readResponsesRequest,
  'chat-completions': readChatRequest,
  messages: readMessagesRequest,
  'ollama-chat': readOllamaRequest,
};

/** Reads a model request's JSON body; a body that is not one reads as no conversation. */
export function readModelRequest(api: ModelApi, bodyText: string): ModelRequestReading {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { model: undefined, messages: [] };
  }
  const model = (body as { model?: unknown } | null)?.model;
  return {
    model: typeof model === 'string' ? model : undefined,
    messages: REQUEST_READERS[api](body),
  };
}

/** A model answer as a neutral turn; `usageKnown` is false when the answer carried no usage. */
export interface ModelResponseReading {
  result: CompletionResult;
  usageKnown: boolean;
}

/** Whether an answer is a stream: server-sent events, or Ollama's JSON lines. */
function isStreamed(api: ModelApi, contentType: string, text: string): boolean {
  if (api !== 'ollama-chat') return contentType.includes('text/event-stream');
  return (
    contentType.includes('ndjson') ||
    text
      .trim()
      .split('\n')
      .filter((line) => line !== '').length > 1
  );
}

/**
 * Reads a model's answer — JSON, or a stream (SSE; NDJSON for Ollama) — into a neutral turn,
 * through the adapter of its API. `turn` numbers generated tool call ids where the API has none
 * (Ollama). Throws a `server` ProviderError for an answer that cannot be read.
 */
export function readModelResponse(
  api: ModelApi,
  text: string,
  contentType: string,
  turn: number,
): ModelResponseReading {
  const streamed = isStreamed(api, contentType, text);
  try {
    switch (api) {
      case 'responses':
        return readResponsesBody(text, streamed);
      case 'chat-completions':
        return readChatBody(text, streamed);
      case 'messages':
        return readMessagesBody(text, streamed);
      case 'ollama-chat':
        return readOllamaBody(text, streamed, turn);
    }
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    throw new ProviderError(
      'bad_response',
      `the ${api} answer could not be read (${(error as Error).message})`,
    );
  }
}
