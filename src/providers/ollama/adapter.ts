import type { ChatRequest, Message, Ollama, Tool } from 'ollama';
import { z } from 'zod';
import { MIN_OLLAMA_NUM_CTX, nanogradeVariable } from '../../env/nanograde-env.js';
import type { Capabilities } from '../../models/capabilities.js';
import type { AssistantMessage, TranscriptMessage, Usage } from '../../records/agent-run.js';
import { forcedTool } from '../forced-tool.js';
import {
  type CompletionRequest,
  type CompletionResult,
  type ModelOptions,
  type Provider,
  ProviderError,
  type StopReason,
  type ToolSchema,
} from '../provider-types.js';
import { ollamaParameters } from '../tool-parameters.js';
import { ollamaAvailability } from './availability.js';
import { classifyError } from './errors.js';
import { canonicalOllamaModel, ollamaClient, resolveOllamaHost } from './ollama-client.js';

/**
 * The environment variable that caps the context window nanograde asks Ollama for
 * (`options.num_ctx`), like `modelOptions.numCtx`: a whole number of at least 32,768.
 */
export const OLLAMA_NUM_CTX_ENV = 'NANOGRADE_OLLAMA_NUM_CTX';

export interface OllamaProviderOptions {
  /** Base URL or OLLAMA_HOST-style value ("127.0.0.1:11434", ":11434", "https://host"). */
  host?: string;
  /** The most context (num_ctx) to ask for, unless a request's modelOptions.numCtx says otherwise. */
  numCtx?: number;
}

/** Provider for a local Ollama server. Default host: OLLAMA_HOST, else http://127.0.0.1:11434. */
export function createOllamaProvider(options: OllamaProviderOptions = {}): Provider {
  const host = resolveOllamaHost(options.host ?? process.env.OLLAMA_HOST);
  // Read through src/env: one schema, one message, the same as the start-up check's.
  const numCtxCap = options.numCtx ?? nanogradeVariable(OLLAMA_NUM_CTX_ENV);
  return {
    name: 'ollama',
    complete: (request) => completeOnOllama(host, numCtxCap, request),
    availability: (model) => ollamaAvailability(model, host),
  };
}

async function completeOnOllama(
  host: string,
  numCtxCap: number | undefined,
  request: CompletionRequest,
): Promise<CompletionResult> {
  const { signal } = request;
  signal?.throwIfAborted();
  const turn = request.messages.filter((message) => message.role === 'assistant').length + 1;
  let response: unknown;
  forcedTool(request);
  const seen: { headers?: Headers } = {};
  try {
    const client = ollamaClient(host, signal, seen);
    const window = await contextWindow(client, host, request, numCtxCap);
    response = await client.chat(toRequest(request, window.numCtx));
    const parsed = parseChatResponse(response);
    const truncated = truncation(parsed, window, request.messages);
    if (truncated !== undefined) throw new ProviderError('context_length', truncated);
    return fromResponse(parsed, turn, request.responseFormat !== undefined, window);
  } catch (error) {
    // The abort wins over whatever the fetch made of it: the loop classifies it as timeout/abort.
    if (signal?.aborted) throw signal.reason;
    if (error instanceof ProviderError) throw error;
    throw classifyError(error, request.model, host, seen.headers);
  }
}

/** The context a request runs with: what it asks for (num_ctx), and what the model holds. */
export interface ContextWindow {
  /** Sent as `options.num_ctx`: the same for every request of a model, so it is never reloaded. */
  numCtx: number;
  /** The window the server actually uses: num_ctx, clamped to the model's own context length. */
  tokens: number;
}

// Per host and model: /api/show is asked once; a failure is not kept (the next request asks again).
const contextLengths = new Map<string, Promise<number | null>>();

/**
 * The model's trained context length from POST /api/show: `model_info["<arch>.context_length"]`
 * where `<arch>` is `model_info["general.architecture"]` (gpt-oss: "gptoss"); null when absent.
 */
function contextLengthOf(client: Ollama, host: string, model: string): Promise<number | null> {
  const key = `${host} ${canonicalOllamaModel(model)}`;
  let known = contextLengths.get(key);
  if (known === undefined) {
    known = client.show({ model }).then((shown) => {
      const info = (shown as { model_info?: unknown }).model_info;
      const fields =
        typeof info === 'object' && info !== null ? (info as Record<string, unknown>) : {};
      const arch = fields['general.architecture'];
      const length = typeof arch === 'string' ? fields[`${arch}.context_length`] : undefined;
      return typeof length === 'number' && Number.isInteger(length) && length > 0 ? length : null;
    });
    contextLengths.set(key, known);
    known.catch(() => contextLengths.delete(key));
  }
  return known;
}

/**
 * num_ctx for a request: the model's own context length (from /api/show, else its catalog
 * record), capped by modelOptions.numCtx or NANOGRADE_OLLAMA_NUM_CTX, and never below 32,768 —
 * without it Ollama sizes the window from GPU memory (4,096 tokens under 24 GiB) and drops the
 * start of the conversation silently.
 */
async function contextWindow(
  client: Ollama,
  host: string,
  request: CompletionRequest,
  cap: number | undefined,
): Promise<ContextWindow> {
  const shown = await contextLengthOf(client, host, request.model);
  const modelContext = shown ?? request.capabilities.contextWindow;
  const wanted = Math.min(
    modelContext ?? Number.POSITIVE_INFINITY,
    request.options?.numCtx ?? cap ?? Number.POSITIVE_INFINITY,
  );
  const numCtx = Number.isFinite(wanted)
    ? Math.max(MIN_OLLAMA_NUM_CTX, wanted)
    : MIN_OLLAMA_NUM_CTX;
  // Ollama clamps a num_ctx above the model's context length to that length.
  return { numCtx, tokens: Math.min(numCtx, modelContext ?? numCtx) };
}

/** What an assistant message keeps in `native`: the prompt tokens Ollama kept for that turn. */
const OllamaNativeSchema = z.object({
  ollama: z.object({ promptEvalCount: z.number().int().nonnegative() }),
});

/** The prompt tokens of the latest earlier turn, as recorded on its assistant message. */
function previousPromptTokens(messages: readonly TranscriptMessage[]): number | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role !== 'assistant') continue;
    const native = OllamaNativeSchema.safeParse(message.native);
    return native.success ? native.data.ollama.promptEvalCount : undefined;
  }
  return undefined;
}

/**
 * Why a turn's prompt was cut, or undefined. Ollama says nothing when a prompt does not fit: it
 * drops the earliest messages, whole (the system prompt and the latest message stay), and
 * `prompt_eval_count` counts what it kept — which can end well below num_ctx. So a cut shows as
 * the window filled, or as a prompt no longer than the turn before although the conversation
 * only grew.
 */
function truncation(
  response: ChatResponseFields,
  window: ContextWindow,
  messages: readonly TranscriptMessage[],
): string | undefined {
  const prompt = response.prompt_eval_count ?? 0;
  const output = response.eval_count ?? 0;
  const advice = `raise modelOptions.numCtx or ${OLLAMA_NUM_CTX_ENV} (num_ctx was ${window.numCtx}; the model holds ${window.tokens}), or give the agent less to read at once`;
  if (prompt > 0 && prompt + output >= window.tokens) {
    return `the prompt (${prompt} tokens) and the reply (${output}) filled Ollama's context window of ${window.tokens} tokens, so the conversation was cut; ${advice}`;
  }
  const previous = previousPromptTokens(messages);
  if (prompt > 0 && previous !== undefined && prompt <= previous) {
    return `Ollama dropped the start of the conversation to fit its context window of ${window.tokens} tokens: it kept ${prompt} prompt tokens, after ${previous} on the turn before, although the conversation grew; ${advice}`;
  }
  return undefined;
}

/**
 * The /api/chat request for one neutral turn. `responseFormat` becomes `format` (the reply is
 * JSON of that schema, after a thinking model's thinking) and no tools are offered. Ollama has
 * no tool_choice: a forced tool call is refused here, before any request.
 */
export function toRequest(
  request: CompletionRequest,
  numCtx: number,
): ChatRequest & { stream: false } {
  // /api/chat has no tool_choice: Ollama's records never take `tool`, so this refuses it.
  forcedTool(request);
  const think = thinkFor(request.capabilities, request.options);
  const temperature = request.options?.temperature;
  return {
    model: request.model,
    messages: [
      ...(request.system === '' ? [] : [{ role: 'system', content: request.system }]),
      ...request.messages.map(toMessage),
    ],
    ...(request.responseFormat
      ? { format: request.responseFormat.schema }
      : { tools: request.tools.map(toTool) }),
    ...(think === undefined ? {} : { think }),
    stream: false,
    options: {
      num_ctx: numCtx,
      num_predict: request.maxOutputTokens,
      ...(temperature === undefined ? {} : { temperature }),
    },
  };
}

/**
 * The `think` value, from the model's capability record. A model with effort values (gpt-oss:
 * low, medium, high; booleans are ignored for it) gets the effort asked, else its default sent
 * explicitly — Ollama's default for gpt-oss today, and saying so keeps runs comparable across
 * Ollama versions. A model with thinking modes gets `true`/`false` when a mode is asked. Others
 * get none (levels are a 400 for them: "think value … is not supported for this model").
 */
export function thinkFor(capabilities: Capabilities, options?: ModelOptions): ChatRequest['think'] {
  if (capabilities.effort.values.length > 0) {
    const level = options?.effort ?? capabilities.effort.default ?? undefined;
    if (level === undefined) return undefined;
    return level === 'none' ? false : (level as Exclude<ChatRequest['think'], boolean>);
  }
  if (capabilities.thinking !== null && options?.thinking !== undefined) {
    return options.thinking !== 'disabled';
  }
  return undefined;
}

function toTool(tool: ToolSchema): Tool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      // The client's type is narrower than JSON Schema; the server takes any schema object.
      parameters: ollamaParameters(tool.parameters) as NonNullable<Tool['function']['parameters']>,
    },
  };
}

function toMessage(message: TranscriptMessage): Message {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        // gpt-oss needs its chain of thought back after tool calls; Ollama renders it in the prompt.
        ...(message.reasoning ? { thinking: message.reasoning } : {}),
        ...(message.toolCalls.length === 0
          ? {}
          : {
              tool_calls: message.toolCalls.map((call) => ({
                function: { name: call.name, arguments: argumentsObject(call.arguments) },
              })),
            }),
      };
    case 'tool':
      // The agent loop already starts a failed result's text with "Error:" (Ollama has no flag).
      return { role: 'tool', content: message.content, tool_name: message.name };
  }
}

/** Ollama rejects string arguments; this adapter wrote them with JSON.stringify of an object. */
function argumentsObject(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON: fall through. Only a hand-made transcript can get here.
  }
  return {};
}

/** The fields of an /api/chat answer this adapter reads; anything else is ignored. */
const ChatResponseSchema = z.object({
  message: z.object({
    content: z.string().nullish(),
    thinking: z.string().nullish(),
    tool_calls: z
      .array(
        z.object({
          function: z.object({
            name: z.string(),
            arguments: z.record(z.string(), z.unknown()).nullish(),
          }),
        }),
      )
      .nullish(),
  }),
  done_reason: z.string().nullish(),
  prompt_eval_count: z.number().int().nonnegative().nullish(),
  eval_count: z.number().int().nonnegative().nullish(),
});
type ChatResponseFields = z.infer<typeof ChatResponseSchema>;

/** An /api/chat answer checked: the fields this adapter reads, or a `server` ProviderError. */
export function parseChatResponse(response: unknown): ChatResponseFields {
  const parsed = ChatResponseSchema.safeParse(response);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ProviderError(
    'bad_response',
    `Ollama sent an unexpected /api/chat answer (${issues.join('; ')})`,
  );
}

/**
 * The neutral result of an /api/chat answer; `turn` numbers the generated tool call ids. With
 * `structured` (a `format` request) the reply's text is the JSON asked for, verbatim: it may be
 * cut or invalid, and the caller validates it. The assistant message keeps the prompt tokens
 * Ollama kept (`native`), so the next turn can tell whether the conversation was cut.
 */
export function fromResponse(
  response: ChatResponseFields,
  turn: number,
  structured = false,
  window?: ContextWindow,
): CompletionResult {
  const { message } = response;
  // Ollama's tool calls carry no usable ids (newer servers send random ones the client types
  // do not know): stable ids per turn keep transcripts and replays deterministic.
  const toolCalls = structured
    ? []
    : (message.tool_calls ?? []).map((call, index) => ({
        id: `call_${turn}_${index}`,
        name: call.function.name,
        arguments: JSON.stringify(call.function.arguments ?? {}),
      }));
  const promptEvalCount = response.prompt_eval_count ?? 0;
  const assistant: AssistantMessage = {
    role: 'assistant',
    content: message.content ?? '',
    ...(message.thinking ? { reasoning: message.thinking } : {}),
    toolCalls,
    ...(window !== undefined && promptEvalCount > 0
      ? { native: { ollama: { promptEvalCount } } }
      : {}),
  };
  return {
    message: assistant,
    usage: toUsage(response),
    stopReason: toStopReason(response.done_reason, toolCalls.length > 0),
  };
}

/**
 * done_reason is 'stop' even when tools were called, so tool calls decide a clean stop; a turn
 * cut at num_predict ('length') is cut whatever it holds.
 */
function toStopReason(doneReason: string | null | undefined, calledTools: boolean): StopReason {
  if (doneReason === 'length') return 'max_tokens';
  if (calledTools) return 'tool_calls';
  if (doneReason === 'stop' || doneReason == null) return 'end';
  return 'other';
}

/**
 * Ollama reports prompt and generated token counts only: eval_count includes the thinking
 * tokens (Ollama does not split them out, so reasoningTokens stays 0) and there is no cache
 * accounting. Missing counts (older servers omit zeros) are 0.
 */
function toUsage(response: ChatResponseFields): Usage {
  return {
    inputTokens: response.prompt_eval_count ?? 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: response.eval_count ?? 0,
    reasoningTokens: 0,
  };
}
