import { type ChatRequest, type Message, Ollama, type Tool } from 'ollama';
import { z } from 'zod';
import type { AssistantMessage, TranscriptMessage, Usage } from '../../records/agent-run.js';
import { providerFetch } from '../provider-fetch.js';
import {
  type Availability,
  type CompletionRequest,
  type CompletionResult,
  type ModelOptions,
  type Provider,
  ProviderError,
  type StopReason,
  type ToolSchema,
} from '../provider-types.js';
import { classifyError, describeFetchError, isResponseError } from './errors.js';

/** Where Ollama listens when OLLAMA_HOST is unset. */
export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/** How long `availability` waits for GET /api/tags before calling the server unreachable. */
const AVAILABILITY_TIMEOUT_MS = 10_000;

export interface OllamaProviderOptions {
  /** Base URL or OLLAMA_HOST-style value ("127.0.0.1:11434", ":11434", "https://host"). */
  host?: string;
}

/** Provider for a local Ollama server. Default host: OLLAMA_HOST, else http://127.0.0.1:11434. */
export function createOllamaProvider(options: OllamaProviderOptions = {}): Provider {
  const host = resolveOllamaHost(options.host ?? process.env.OLLAMA_HOST);
  return {
    name: 'ollama',
    complete: (request) => completeOnOllama(host, request),
    availability: (model) => availabilityOf(host, model),
  };
}

/**
 * Resolves an OLLAMA_HOST value to a base URL the way Ollama's own CLI does: quotes and spaces
 * trimmed; no scheme means http with port 11434; an explicit http/https scheme without a port
 * means 80/443; ":port" means 127.0.0.1; a path is kept; empty means the default.
 */
export function resolveOllamaHost(raw: string | undefined): string {
  const value = (raw ?? '').trim().replace(/^["']+|["']+$/g, '');
  if (value === '') return DEFAULT_OLLAMA_HOST;
  const schemeEnd = value.indexOf('://');
  const scheme = schemeEnd === -1 ? 'http' : value.slice(0, schemeEnd).toLowerCase();
  const rest = schemeEnd === -1 ? value : value.slice(schemeEnd + 3);
  const defaultPort = schemeEnd === -1 ? '11434' : scheme === 'https' ? '443' : '80';
  const slash = rest.indexOf('/');
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash).replace(/\/+$/, '');
  // A bracketed IPv6 address or a plain name, then an optional :port.
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  const hostname = match?.[1] || '127.0.0.1';
  const port = match?.[2] || defaultPort;
  return `${scheme}://${hostname}:${port}${path}`;
}

/**
 * A model name in the form Ollama compares names: lower case, without the default registry and
 * namespace, with ":latest" when no tag is given ("gpt-oss" and "library/gpt-oss:latest" match).
 */
export function canonicalOllamaModel(name: string): string {
  const bare = name
    .trim()
    .toLowerCase()
    .replace(/^registry\.ollama\.ai\//, '')
    .replace(/^library\//, '');
  const lastSegment = bare.slice(bare.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? bare : `${bare}:latest`;
}

/** Whether `model` is a gpt-oss build, whose `think` takes a level rather than a boolean. */
export function isGptOss(model: string): boolean {
  return /(^|\/)gpt-oss/.test(canonicalOllamaModel(model));
}

/** An Ollama client whose requests carry `signal`: the client itself has none for non-streamed calls. */
function ollamaClient(host: string, signal?: AbortSignal): Ollama {
  const base = providerFetch('ollama');
  const fetchWithSignal: typeof fetch = (input, init) =>
    base(input, {
      ...init,
      signal:
        signal && init?.signal ? AbortSignal.any([signal, init.signal]) : (signal ?? init?.signal),
    });
  return new Ollama({ host, fetch: signal ? fetchWithSignal : base });
}

async function completeOnOllama(
  host: string,
  request: CompletionRequest,
): Promise<CompletionResult> {
  const { signal } = request;
  signal?.throwIfAborted();
  const turn = request.messages.filter((message) => message.role === 'assistant').length + 1;
  let response: unknown;
  const chatRequest = toRequest(request);
  try {
    response = await ollamaClient(host, signal).chat(chatRequest);
  } catch (error) {
    // The abort wins over whatever the fetch made of it: the loop classifies it as timeout/abort.
    if (signal?.aborted) throw signal.reason;
    throw classifyError(error, request.model, host);
  }
  return fromResponse(parseChatResponse(response), turn, request.toolChoice?.name);
}

/**
 * The tool a forced `toolChoice` names. Ollama has no tool_choice, so the adapter checks what the
 * other APIs check server-side: the forced tool must be one of the request's tools.
 */
function forcedTool(request: CompletionRequest): ToolSchema | undefined {
  const choice = request.toolChoice;
  if (!choice) return undefined;
  const tool = request.tools.find((candidate) => candidate.name === choice.name);
  if (!tool) {
    const offered = request.tools.map((candidate) => candidate.name).join(', ') || 'none';
    throw new ProviderError(
      'bad_request',
      `toolChoice names the tool "${choice.name}", which is not among the request's tools (${offered})`,
    );
  }
  return tool;
}

/**
 * The /api/chat request for one neutral turn. A forced `toolChoice` becomes structured output:
 * `format` is the tool's JSON Schema and no tools are offered, so the model can only answer with
 * that JSON (Ollama applies the schema after a thinking model's thinking).
 */
export function toRequest(request: CompletionRequest): ChatRequest & { stream: false } {
  const think = thinkFor(request.model, request.options);
  const temperature = request.options?.temperature;
  const forced = forcedTool(request);
  return {
    model: request.model,
    messages: [
      ...(request.system === '' ? [] : [{ role: 'system', content: request.system }]),
      ...request.messages.map(toMessage),
    ],
    ...(forced ? { format: forced.parameters } : { tools: request.tools.map(toTool) }),
    ...(think === undefined ? {} : { think }),
    stream: false,
    options: {
      num_predict: request.maxOutputTokens,
      ...(temperature === undefined ? {} : { temperature }),
    },
  };
}

/**
 * The `think` value for a model. gpt-oss always thinks and takes a level (booleans are ignored
 * by Ollama): minimal has no gpt-oss equivalent, so it maps to low; with no effort asked we send
 * 'medium' explicitly — it is Ollama's default for gpt-oss today, and saying so keeps runs
 * comparable across Ollama versions. Other models get `think: true` only when asked; levels
 * are rejected for them ("think value … is not supported for this model").
 */
export function thinkFor(model: string, options?: ModelOptions): ChatRequest['think'] {
  const effort = options?.reasoningEffort;
  if (isGptOss(model)) {
    if (effort === undefined) return 'medium';
    return effort === 'minimal' ? 'low' : effort;
  }
  return effort === undefined ? undefined : true;
}

function toTool(tool: ToolSchema): Tool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      // The client's type is narrower than JSON Schema; the server takes any schema object.
      parameters: tool.parameters as NonNullable<Tool['function']['parameters']>,
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

function parseChatResponse(response: unknown): ChatResponseFields {
  const parsed = ChatResponseSchema.safeParse(response);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ProviderError(
    'server',
    `Ollama sent an unexpected /api/chat answer (${issues.join('; ')})`,
  );
}

/**
 * The neutral result of an /api/chat answer; `turn` numbers the generated tool call ids. With
 * `forcedTool` (a structured-output request standing in for a forced tool call) the reply's text
 * becomes the arguments of one call to that tool, verbatim: like any model's arguments it may be
 * invalid JSON, and the caller validates it.
 */
export function fromResponse(
  response: ChatResponseFields,
  turn: number,
  forcedTool?: string,
): CompletionResult {
  const { message } = response;
  // Ollama's tool calls carry no usable ids (newer servers send random ones the client types
  // do not know): stable ids per turn keep transcripts and replays deterministic.
  const toolCalls = (message.tool_calls ?? []).map((call, index) => ({
    id: `call_${turn}_${index}`,
    name: call.function.name,
    arguments: JSON.stringify(call.function.arguments ?? {}),
  }));
  const forcedReply = forcedTool !== undefined && toolCalls.length === 0;
  if (forcedReply) {
    toolCalls.push({
      id: `call_${turn}_0`,
      name: forcedTool,
      arguments: (message.content ?? '').trim(),
    });
  }
  const assistant: AssistantMessage = {
    role: 'assistant',
    content: forcedReply ? '' : (message.content ?? ''),
    ...(message.thinking ? { reasoning: message.thinking } : {}),
    toolCalls,
  };
  return {
    message: assistant,
    usage: toUsage(response),
    stopReason: toStopReason(response.done_reason, toolCalls.length > 0),
  };
}

/** done_reason is 'stop' even when tools were called, so the tool calls decide first. */
function toStopReason(doneReason: string | null | undefined, calledTools: boolean): StopReason {
  if (calledTools) return 'tool_calls';
  if (doneReason === 'length') return 'max_tokens';
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

const TagsSchema = z.object({
  models: z.array(z.object({ name: z.string(), model: z.string().optional() })).nullish(),
});

async function availabilityOf(host: string, model: string): Promise<Availability> {
  const unreachable = (detail: string): Availability => ({
    available: false,
    reason: 'unreachable',
    message: `Ollama is not reachable at ${host}; start it with \`ollama serve\` or set OLLAMA_HOST (${detail})`,
  });
  let listed: unknown;
  try {
    listed = await ollamaClient(host, AbortSignal.timeout(AVAILABILITY_TIMEOUT_MS)).list();
  } catch (error) {
    if (isResponseError(error)) {
      return unreachable(`GET /api/tags answered HTTP ${error.status_code}: ${error.error}`);
    }
    if (error instanceof Error && error.name === 'TimeoutError') {
      return unreachable(`no answer within ${AVAILABILITY_TIMEOUT_MS / 1000} s`);
    }
    return unreachable(describeFetchError(error));
  }
  const tags = TagsSchema.safeParse(listed);
  if (!tags.success) return unreachable('GET /api/tags did not answer like Ollama');
  const wanted = canonicalOllamaModel(model);
  const pulled = (tags.data.models ?? []).some(
    (entry) =>
      canonicalOllamaModel(entry.name) === wanted ||
      (entry.model !== undefined && canonicalOllamaModel(entry.model) === wanted),
  );
  if (pulled) return { available: true };
  return {
    available: false,
    reason: 'not_pulled',
    message: `${model} is not pulled on the Ollama server at ${host}; run \`ollama pull ${model}\``,
  };
}
