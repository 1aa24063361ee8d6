/**
 * A strict fake of a local Ollama server: POST /api/chat (NDJSON stream, or stream:false), POST /api/show,
 * GET /api/tags, GET /.
 * It decodes requests the way Ollama's Go server does (type errors as Go's json errors, 400),
 * answers an unknown model with 404, checks `think` like Ollama (levels only for gpt-oss,
 * `true` only for thinking models) and answers in Ollama's shapes, errors included
 * (`{"error": "..."}`; unknown routes get Gin's plain-text 404).
 * Its context window works like Ollama's (ollama/ollama server/prompt.go, sched.go): `num_ctx`
 * from the request, else the server's default for its GPU memory (4,096 under 23 GiB); above the
 * model's own context length it is clamped; a prompt too long for it loses its earliest
 * non-system messages, whole, with no error, and `prompt_eval_count` says what was kept. A
 * changed `num_ctx` reloads the model (counted in `reloads`).
 * Beyond what Ollama itself checks, it rejects what is certainly an adapter bug: tools not in
 * the nested `{type:'function', function:{name,…}}` shape, tool results that answer no tool
 * call of the assistant message before them (by `tool_name`), and non-integer `num_predict`.
 */
import { createHash } from 'node:crypto';
import type {
  Brain,
  BrainTurn,
  ConversationView,
  FakeHandler,
  FakeLog,
  FakeRequest,
  FakeResponse,
  FakeUsage,
  ViewMessage,
} from './fake-types.js';
import { delay } from './serve-fake.js';
import { chatCompletionStream, ollamaStream } from './stream-wire.js';

export interface OllamaFakeOptions {
  brain: Brain;
  /** Pulled models, as `ollama pull` names them (default ['gpt-oss:20b']). */
  models?: string[];
  /** The server's GPU memory, which sets its default context (default 16 GiB: 4,096 tokens). */
  gpuMemoryGiB?: number;
}

/** What `ollama show` reports of a model: architecture and trained context length. */
const MODEL_INFO: [RegExp, { architecture: string; contextLength: number }][] = [
  // "architecture gptoss · parameters 20.9B · context length 131072"
  [/^gpt-oss:/, { architecture: 'gptoss', contextLength: 131_072 }],
  [/^qwen3:/, { architecture: 'qwen3', contextLength: 40_960 }],
  [/^llama3\.2:/, { architecture: 'llama', contextLength: 131_072 }],
];

function modelInfoOf(name: string) {
  return (
    MODEL_INFO.find(([pattern]) => pattern.test(name))?.[1] ?? {
      architecture: 'llama',
      contextLength: 8_192,
    }
  );
}

/** Ollama's default context when a request sets no num_ctx (server/routes.go: 47/23 GiB). */
function defaultContext(gpuMemoryGiB: number): number {
  if (gpuMemoryGiB >= 47) return 262_144;
  if (gpuMemoryGiB >= 23) return 32_768;
  return 4_096;
}

/** The fake's tokenizer: four characters a token. */
const tokensOf = (text: string) => Math.ceil(text.length / 4);

/** A message's share of the prompt, as the chat template renders it. */
function messageTokens(message: WireMessage): number {
  return (
    4 +
    tokensOf(message.content) +
    tokensOf(message.thinking ?? '') +
    tokensOf(message.tool_calls ? JSON.stringify(message.tool_calls) : '')
  );
}

type ThinkLevel = 'low' | 'medium' | 'high';
const THINK_LEVELS: readonly string[] = ['low', 'medium', 'high'];
const ROLES: readonly string[] = ['system', 'user', 'assistant', 'tool'];
/** Model families that have Ollama's "thinking" capability. */
const THINKING_FAMILIES = /^(gpt-oss|qwen3|deepseek-r1|magistral)/;

interface WireToolCall {
  function: { name: string; arguments: Record<string, unknown> };
}

interface WireMessage {
  role: string;
  content: string;
  thinking?: string;
  tool_calls?: WireToolCall[];
  tool_name?: string;
}

interface WireTool {
  type: string;
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

interface ChatBody {
  model: string;
  messages: WireMessage[];
  tools: WireTool[];
  think: boolean | ThinkLevel | undefined;
  stream: boolean | undefined;
  options: Record<string, unknown>;
  /** Structured output as sent (Go: json.RawMessage, read by the runner: see `decodeFormat`). */
  format: unknown;
}

type Json = Record<string, unknown>;
/** `format` once read: JSON mode, a JSON Schema, or unset. */
type StructuredFormat = 'json' | Json | undefined;

/** A request Ollama refuses: answered as `{error}` with this status. */
class OllamaRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A strict fake of Ollama's /api/chat and /api/tags, driven by `brain`. */
export function createOllamaFake(options: OllamaFakeOptions): {
  handler: FakeHandler;
  log: FakeLog;
  /** Each time a request's num_ctx made the server reload a model: `model: before → after`. */
  reloads: string[];
} {
  const pulled = (options.models ?? ['gpt-oss:20b']).map(canonicalName);
  const log: FakeLog = { requests: [] };
  let toolCallCounter = 0;
  let completionCounter = 0;
  const serverContext = defaultContext(options.gpuMemoryGiB ?? 16);
  /** The context each loaded model runs with; a request asking for another reloads it. */
  const loaded = new Map<string, number>();
  const reloads: string[] = [];

  const chat = async (request: FakeRequest, json: unknown): Promise<FakeResponse> => {
    const started = performance.now();
    const body = decodeChatBody(json);
    if (body.model === '') throw new OllamaRefusal(400, 'model is required');
    if (!pulled.includes(canonicalName(body.model))) {
      throw new OllamaRefusal(404, `model "${body.model}" not found, try pulling it first`);
    }
    // Ollama streams (NDJSON) unless told `stream: false`.
    const answer = (reply: unknown) =>
      body.stream === false ? ok(reply) : ollamaStream(reply as Record<string, unknown>);
    checkThink(body);
    checkOptions(body.options);
    checkTools(body.tools);
    const format = decodeFormat(body.format);
    const name = canonicalName(body.model);
    const trained = modelInfoOf(name).contextLength;
    const asked = typeof body.options.num_ctx === 'number' ? body.options.num_ctx : serverContext;
    // "num_ctx above the model's training context is clamped" (sched.go effectiveContext).
    const context = Math.min(asked, trained);
    const before = loaded.get(name);
    if (before !== undefined && before !== context) reloads.push(`${name}: ${before} → ${context}`);
    loaded.set(name, context);
    if (body.messages.length === 0) {
      // Ollama loads the model and says so when there is nothing to answer.
      return answer(
        chatAnswer(body.model, { role: 'assistant', content: '' }, 'load', {}, started),
      );
    }
    // The whole conversation must be well formed; the model then sees what fits its window.
    conversationView(body, json as Record<string, unknown>);
    const window = fitToContext(body, context);
    const view = conversationView(
      { ...body, messages: window.messages },
      json as Record<string, unknown>,
      true,
    );
    const turn = await options.brain(view);
    if (turn.delayMs) {
      try {
        await delay(turn.delayMs, request.signal);
      } catch (error) {
        // What Ollama answers when the client goes away (nobody reads it).
        if (request.signal?.aborted) throw new OllamaRefusal(499, 'request canceled');
        throw error;
      }
    }
    if (turn.error) {
      return {
        status: turn.error.status,
        ...(turn.error.headers ? { headers: turn.error.headers } : {}),
        body: { error: turn.error.message },
      };
    }
    if (format !== undefined) checkStructuredReply(turn, body, format);
    const toolCalls = (turn.toolCalls ?? []).map((call, index) => ({
      // Newer Ollama servers send random ids; clients must not need them.
      id: `call_${(++toolCallCounter).toString(36).padStart(8, '0')}`,
      function: { index, name: call.name, arguments: argumentsObject(call.arguments) },
    }));
    const message = {
      role: 'assistant',
      content: turn.text ?? '',
      ...(turn.reasoning ? { thinking: turn.reasoning } : {}),
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    };
    const counts = tokenCounts(turn, window.promptTokens, message);
    const usage: FakeUsage = {
      freshInput: counts.prompt_eval_count ?? 0,
      cachedInput: 0,
      cacheWrite: 0,
      output: counts.eval_count ?? 0,
      reasoning: 0,
    };
    return {
      ...answer(
        chatAnswer(body.model, message, turn.truncated ? 'length' : 'stop', counts, started),
      ),
      usage,
    };
  };

  /** POST /api/show: the model's details, its architecture and its trained context length. */
  const show = (json: unknown): FakeResponse => {
    const model = isObject(json) ? (json.model ?? json.name) : undefined;
    if (typeof model !== 'string' || model === '')
      throw new OllamaRefusal(400, 'model is required');
    const name = canonicalName(model);
    if (!pulled.includes(name)) throw new OllamaRefusal(404, `model '${model}' not found`);
    const info = modelInfoOf(name);
    const thinking = THINKING_FAMILIES.test(name);
    return ok({
      license: '',
      modelfile: `FROM ${name}`,
      parameters: 'temperature 1',
      template: '{{- range .Messages }}…{{ end }}',
      details: tagEntry(name).details,
      model_info: {
        'general.architecture': info.architecture,
        'general.parameter_count': 20_914_757_184,
        [`${info.architecture}.context_length`]: info.contextLength,
        [`${info.architecture}.embedding_length`]: 2880,
      },
      capabilities: ['completion', 'tools', ...(thinking ? ['thinking'] : [])],
      modified_at: '2025-08-06T09:12:44.123456789Z',
    });
  };

  const handler: FakeHandler = async (request) => {
    let json: unknown;
    const respond = async (): Promise<FakeResponse> => {
      const route = `${request.method} ${request.url.pathname.replace(/\/+$/, '') || '/'}`;
      switch (route) {
        case 'GET /':
        case 'HEAD /':
          return { status: 200, body: 'Ollama is running' };
        case 'GET /api/version':
          return ok({ version: '0.12.6' });
        case 'GET /api/tags':
          return ok({ models: pulled.map(tagEntry) });
        case 'GET /v1/models':
          return ok({ object: 'list', data: pulled.map(openAIModel) });
        case 'POST /v1/chat/completions': {
          const body = parseOpenAIBody(request.bodyText);
          json = body;
          return openAIChat(request, body);
        }
        case 'POST /api/chat':
        case 'POST /api/show': {
          if (request.bodyText.trim() === '') throw new OllamaRefusal(400, 'missing request body');
          try {
            json = JSON.parse(request.bodyText);
          } catch {
            throw new OllamaRefusal(400, 'invalid character looking for beginning of value');
          }
          return route === 'POST /api/show' ? show(json) : chat(request, json);
        }
        default:
          if (request.method === 'GET' && route.startsWith('GET /v1/models/')) {
            const name = decodeURIComponent(route.slice('GET /v1/models/'.length));
            if (!pulled.includes(canonicalName(name))) {
              throw new OpenAIRefusal(404, `model "${name}" not found`, 'invalid_request_error');
            }
            return ok(openAIModel(name));
          }
          // Gin's answer for a route Ollama does not have.
          return {
            status: 404,
            headers: { 'content-type': 'text/plain' },
            body: '404 page not found',
          };
      }
    };
    let response: FakeResponse;
    try {
      response = await respond();
    } catch (error) {
      if (error instanceof OpenAIRefusal) {
        response = {
          status: error.status,
          body: { error: { message: error.message, type: error.type, param: null, code: null } },
        };
      } else if (error instanceof OllamaRefusal) {
        response = { status: error.status, body: { error: error.message } };
      } else {
        throw error;
      }
    }
    log.requests.push({ request, json, response });
    return response;
  };

  /**
   * POST /v1/chat/completions, Ollama's OpenAI compatibility: the request is turned into an
   * /api/chat request the way Ollama's middleware does it (tool call arguments parsed, a tool
   * result named after the call it answers, max_tokens as num_predict, reasoning_effort as
   * think), answered by /api/chat itself, and given back as a chat completion — streamed (with
   * usage only on `stream_options.include_usage`) when asked. Errors in OpenAI's shape.
   */
  async function openAIChat(request: FakeRequest, json: Json): Promise<FakeResponse> {
    let native: FakeResponse;
    try {
      native = await chat(request, nativeChatRequest(json));
    } catch (error) {
      if (!(error instanceof OllamaRefusal)) throw error;
      throw new OpenAIRefusal(
        error.status,
        error.message,
        error.status === 404 ? 'invalid_request_error' : 'api_error',
      );
    }
    if (native.status !== 200) {
      const said = (native.body as { error?: string }).error ?? 'error';
      throw new OpenAIRefusal(
        native.status,
        said,
        native.status === 404 ? 'invalid_request_error' : 'api_error',
      );
    }
    const completion = openAICompletion(native.body as Json, ++completionCounter);
    const usage = native.usage ? { usage: native.usage } : {};
    if (json.stream === true) {
      const options = isObject(json.stream_options) ? json.stream_options : {};
      return {
        ...chatCompletionStream(completion, { includeUsage: options.include_usage === true }),
        ...usage,
      };
    }
    return { ...ok(completion), ...usage };
  }

  return { handler, log, reloads };
}

/**
 * The messages that fit `context`, as Ollama's chatPrompt keeps them: system messages and the
 * latest message always; the earliest others dropped, whole, until the rest fit. A latest message
 * too long on its own is cut in the middle (context shift): the prompt then fills the window.
 */
function fitToContext(
  body: ChatBody,
  context: number,
): { messages: WireMessage[]; promptTokens: number } {
  const tools = tokensOf(body.tools.length > 0 ? JSON.stringify(body.tools) : '');
  const messages = [...body.messages];
  const total = () => tools + messages.reduce((sum, message) => sum + messageTokens(message), 0);
  let prompt = total();
  while (prompt > context) {
    const first = messages.findIndex(
      (message, index) => message.role !== 'system' && index < messages.length - 1,
    );
    if (first === -1) return { messages, promptTokens: context };
    messages.splice(first, 1);
    prompt = total();
  }
  return { messages, promptTokens: prompt };
}

/** A request Ollama's OpenAI-compatible API refuses: answered in OpenAI's error shape. */
class OpenAIRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = 'invalid_request_error',
  ) {
    super(message);
  }
}

function parseOpenAIBody(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OpenAIRefusal(400, 'invalid character looking for beginning of value');
  }
  if (!isObject(parsed)) {
    throw new OpenAIRefusal(
      400,
      'json: cannot unmarshal into Go value of type openai.ChatCompletionRequest',
    );
  }
  return parsed;
}

function openAIModel(name: string) {
  return { id: name, object: 'model', created: 1754425777, owned_by: 'library' };
}

/** The text of a message's content: a string, or text parts. */
function openAIText(content: unknown): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new OpenAIRefusal(400, 'invalid message content type');
  return content
    .map((part) => {
      if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') {
        throw new OpenAIRefusal(400, 'invalid message format');
      }
      return part.text;
    })
    .join('');
}

/** What Ollama's middleware makes of a chat completion request: an /api/chat body. */
function nativeChatRequest(json: Json): Json {
  if (typeof json.model !== 'string') throw new OpenAIRefusal(400, 'model is required');
  if (!Array.isArray(json.messages)) throw new OpenAIRefusal(400, "[] is too short - 'messages'");
  const names = new Map<string, string>();
  const messages = json.messages.map((raw) => {
    if (!isObject(raw)) throw new OpenAIRefusal(400, 'invalid message format');
    const role = stringField(raw.role, 'messages.role');
    if (role === 'tool') {
      const id = stringField(raw.tool_call_id, 'messages.tool_call_id');
      return { role, content: openAIText(raw.content), tool_name: names.get(id) ?? '' };
    }
    const calls = Array.isArray(raw.tool_calls) ? raw.tool_calls : [];
    const toolCalls = calls.map((call) => {
      const fn = isObject(call) && isObject(call.function) ? call.function : {};
      const name = stringField(fn.name, 'messages.tool_calls.function.name');
      if (isObject(call) && typeof call.id === 'string') names.set(call.id, name);
      let args: unknown;
      try {
        args = JSON.parse(
          stringField(fn.arguments, 'messages.tool_calls.function.arguments') || '{}',
        );
      } catch {
        throw new OpenAIRefusal(400, `invalid tool call arguments for ${name}`);
      }
      return { function: { name, arguments: args } };
    });
    return {
      role,
      content: openAIText(raw.content),
      ...(typeof raw.reasoning === 'string' ? { thinking: raw.reasoning } : {}),
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    };
  });
  const effort =
    typeof json.reasoning_effort === 'string'
      ? json.reasoning_effort
      : isObject(json.reasoning) && typeof json.reasoning.effort === 'string'
        ? json.reasoning.effort
        : undefined;
  const maxTokens = json.max_completion_tokens ?? json.max_tokens;
  return {
    model: json.model,
    messages,
    ...(Array.isArray(json.tools) ? { tools: json.tools } : {}),
    ...(effort === undefined ? {} : { think: effort === 'none' ? false : effort }),
    stream: false,
    options: {
      ...(typeof maxTokens === 'number' ? { num_predict: maxTokens } : {}),
      ...(typeof json.temperature === 'number' ? { temperature: json.temperature } : {}),
    },
  };
}

/** An /api/chat answer as Ollama's OpenAI API returns it: a chat completion. */
function openAICompletion(answer: Json, counter: number): Json {
  const message = answer.message as Json;
  const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as Json[]) : [];
  const prompt = (answer.prompt_eval_count as number | undefined) ?? 0;
  const completion = (answer.eval_count as number | undefined) ?? 0;
  return {
    id: `chatcmpl-${counter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: answer.model,
    system_fingerprint: 'fp_ollama',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: message.content,
          ...(typeof message.thinking === 'string' ? { reasoning: message.thinking } : {}),
          ...(calls.length > 0
            ? {
                tool_calls: calls.map((call, index) => {
                  const fn = call.function as Json;
                  return {
                    id: call.id,
                    index,
                    type: 'function',
                    function: { name: fn.name, arguments: JSON.stringify(fn.arguments) },
                  };
                }),
              }
            : {}),
        },
        finish_reason:
          calls.length > 0 ? 'tool_calls' : answer.done_reason === 'length' ? 'length' : 'stop',
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    },
  };
}

function ok(body: unknown): FakeResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}

/** Ollama's comparison form: lower case, no default registry/namespace, ':latest' by default. */
function canonicalName(name: string): string {
  const bare = name
    .toLowerCase()
    .replace(/^registry\.ollama\.ai\//, '')
    .replace(/^library\//, '');
  return bare.slice(bare.lastIndexOf('/') + 1).includes(':') ? bare : `${bare}:latest`;
}

/** One /api/tags entry, with details in Ollama's shape. */
function tagEntry(name: string) {
  const family = name.startsWith('gpt-oss') ? 'gptoss' : (name.split(/[:.\d-]/)[0] ?? name);
  const sizeTag = /:(\d+(?:\.\d+)?)b$/.exec(name)?.[1];
  const billions = sizeTag === undefined ? 7 : Number(sizeTag);
  return {
    name,
    model: name,
    modified_at: '2025-08-06T09:12:44.123456789Z',
    size: Math.round(billions * 0.66e9),
    digest: createHash('sha256').update(name).digest('hex'),
    details: {
      parent_model: '',
      format: 'gguf',
      family,
      families: [family],
      parameter_size: `${billions}B`,
      quantization_level: family === 'gptoss' ? 'MXFP4' : 'Q4_K_M',
    },
  };
}

// --- decoding: Go's encoding/json errors for wrong JSON types ---

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // string | number | object
}

function typeError(value: unknown, field: string, goType: string): OllamaRefusal {
  return new OllamaRefusal(
    400,
    `json: cannot unmarshal ${jsonKind(value)} into Go struct field ChatRequest.${field} of type ${goType}`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A string field (null and absent mean ''), as Go decodes it. */
function stringField(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw typeError(value, field, 'string');
  return value;
}

function arrayField(value: unknown, field: string, goType: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw typeError(value, field, goType);
  return value;
}

function decodeChatBody(json: unknown): ChatBody {
  if (!isObject(json)) {
    throw new OllamaRefusal(
      400,
      `json: cannot unmarshal ${jsonKind(json)} into Go value of type api.ChatRequest`,
    );
  }
  const stream = json.stream;
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw typeError(stream, 'stream', 'bool');
  }
  const options = json.options ?? {};
  if (!isObject(options)) throw typeError(options, 'options', 'map[string]interface {}');
  return {
    model: stringField(json.model, 'model'),
    messages: arrayField(json.messages, 'messages', '[]api.Message').map(decodeMessage),
    tools: arrayField(json.tools, 'tools', 'api.Tools').map(decodeTool),
    think: decodeThink(json.think),
    stream: stream ?? undefined,
    options,
    format: json.format,
  };
}

/**
 * `format` as the runner reads it: null and "" mean unset, "json" is JSON mode, an object is a
 * JSON Schema; anything else fails the completion (a 500, as Ollama reports runner errors).
 */
function decodeFormat(value: unknown): StructuredFormat {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'json' || isObject(value)) return value;
  throw new OllamaRefusal(
    500,
    `invalid format: ${JSON.stringify(JSON.stringify(value))}; expected "json" or a valid JSON Schema object`,
  );
}

function decodeMessage(value: unknown): WireMessage {
  if (!isObject(value)) throw typeError(value, 'messages', 'api.Message');
  const toolCalls = arrayField(value.tool_calls, 'messages.tool_calls', '[]api.ToolCall').map(
    (call): WireToolCall => {
      if (!isObject(call)) throw typeError(call, 'messages.tool_calls', 'api.ToolCall');
      const fn = call.function ?? {};
      if (!isObject(fn)) {
        throw typeError(fn, 'messages.tool_calls.function', 'api.ToolCallFunction');
      }
      const args = fn.arguments ?? {};
      // Ollama takes arguments as a JSON object only; a JSON string of one is refused.
      if (!isObject(args)) {
        throw typeError(args, 'messages.tool_calls.function.arguments', 'map[string]interface {}');
      }
      return {
        function: {
          name: stringField(fn.name, 'messages.tool_calls.function.name'),
          arguments: args,
        },
      };
    },
  );
  const thinking = stringField(value.thinking, 'messages.thinking');
  const toolName = stringField(value.tool_name, 'messages.tool_name');
  return {
    role: stringField(value.role, 'messages.role'),
    content: stringField(value.content, 'messages.content'),
    ...(thinking ? { thinking } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    ...(toolName ? { tool_name: toolName } : {}),
  };
}

function decodeTool(value: unknown): WireTool {
  if (!isObject(value)) throw typeError(value, 'tools', 'api.Tool');
  const fn = value.function ?? {};
  if (!isObject(fn)) throw typeError(fn, 'tools.function', 'api.ToolFunction');
  const parameters =
    fn.parameters === undefined || fn.parameters === null
      ? undefined
      : decodeParameters(fn.parameters);
  const description = stringField(fn.description, 'tools.function.description');
  return {
    type: stringField(value.type, 'tools.type'),
    function: {
      name: stringField(fn.name, 'tools.function.name'),
      ...(description ? { description } : {}),
      ...(parameters ? { parameters } : {}),
    },
  };
}

/**
 * A tool's parameters as Go decodes them into api.ToolFunctionParameters: `type`, `required` and
 * `properties` (each an api.ToolProperty: anyOf, type as a string or a list, description, enum,
 * properties, items) must have their Go types; every other keyword is dropped without an error.
 */
function decodeParameters(parameters: unknown): Record<string, unknown> {
  const field = 'tools.function.parameters';
  if (!isObject(parameters)) throw typeError(parameters, field, 'api.ToolFunctionParameters');
  stringField(parameters.type, `${field}.type`);
  arrayField(parameters.required, `${field}.required`, '[]string').forEach((key) => {
    stringField(key, `${field}.required`);
  });
  decodeProperties(parameters.properties, `${field}.properties`);
  return parameters;
}

function decodeProperties(properties: unknown, field: string): void {
  if (properties === undefined || properties === null) return;
  if (!isObject(properties)) throw typeError(properties, field, 'api.ToolPropertiesMap');
  for (const property of Object.values(properties)) decodeProperty(property, field);
}

function decodeProperty(property: unknown, field: string): void {
  if (!isObject(property)) throw typeError(property, field, 'api.ToolProperty');
  const type = property.type;
  const typeNames = Array.isArray(type) ? type : [type];
  if (type !== undefined && type !== null && typeNames.some((name) => typeof name !== 'string')) {
    // PropertyType takes a string or a list of strings; anything else fails its UnmarshalJSON.
    throw new OllamaRefusal(
      400,
      `json: cannot unmarshal ${jsonKind(Array.isArray(type) ? typeNames.find((name) => typeof name !== 'string') : type)} into Go value of type ${Array.isArray(type) ? 'string' : '[]string'}`,
    );
  }
  stringField(property.description, `${field}.description`);
  arrayField(property.enum, `${field}.enum`, '[]interface {}');
  arrayField(property.anyOf, `${field}.anyOf`, '[]api.ToolProperty').forEach((branch) => {
    decodeProperty(branch, `${field}.anyOf`);
  });
  decodeProperties(property.properties, `${field}.properties`);
}

/** Ollama's ThinkValue: a boolean or one of the levels. */
function decodeThink(value: unknown): ChatBody['think'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && THINK_LEVELS.includes(value)) return value as ThinkLevel;
  throw new OllamaRefusal(
    400,
    `invalid think value: ${JSON.stringify(value)} (must be "high", "medium", "low", true, or false)`,
  );
}

// --- validation of a decoded request ---

function checkThink(body: ChatBody): void {
  const name = canonicalName(body.model);
  const gptOss = name.startsWith('gpt-oss');
  if (!THINKING_FAMILIES.test(name) && body.think === true) {
    throw new OllamaRefusal(400, `"${body.model}" does not support thinking`);
  }
  // Levels are a harmony (gpt-oss) feature; for gpt-oss, booleans are accepted and ignored.
  if (typeof body.think === 'string' && !gptOss) {
    throw new OllamaRefusal(400, `think value "${body.think}" is not supported for this model`);
  }
}

function checkOptions(options: Record<string, unknown>): void {
  for (const key of ['num_predict', 'num_ctx']) {
    const value = options[key];
    if (value !== undefined && value !== null && !Number.isInteger(value)) {
      throw new OllamaRefusal(400, `option "${key}" must be of type integer`);
    }
  }
  const temperature = options.temperature;
  if (temperature !== undefined && temperature !== null && typeof temperature !== 'number') {
    throw new OllamaRefusal(400, 'option "temperature" must be of type float32');
  }
}

function checkTools(tools: WireTool[]): void {
  tools.forEach((tool, index) => {
    if (tool.type !== 'function' || tool.function.name === '') {
      throw new OllamaRefusal(
        400,
        `tools[${index}]: expected {"type":"function","function":{"name":…,"description":…,"parameters":…}}`,
      );
    }
  });
}

/**
 * Validates the message sequence and turns it into the brain's neutral view. `truncated`: the
 * messages are what was left of it after the context window dropped the earliest ones, so a
 * tool result may have lost the call it answers.
 */
function conversationView(
  body: ChatBody,
  raw: Record<string, unknown>,
  truncated = false,
): ConversationView {
  const systems: string[] = [];
  const messages: ViewMessage[] = [];
  let turn = 0;
  // The tool calls of the latest assistant message that tool results may still answer.
  let open: { id: string; name: string }[] = [];
  let afterAssistantCalls = false;
  body.messages.forEach((message, index) => {
    if (!ROLES.includes(message.role)) {
      throw new OllamaRefusal(
        400,
        `messages[${index}]: invalid role "${message.role}" (expected system, user, assistant or tool)`,
      );
    }
    if (message.role === 'system') {
      systems.push(message.content);
      return;
    }
    if (message.role === 'user') {
      messages.push({ role: 'user', content: message.content });
      afterAssistantCalls = false;
      return;
    }
    if (message.role === 'assistant') {
      turn += 1;
      const toolCalls = (message.tool_calls ?? []).map((call, callIndex) => ({
        id: `call_${turn}_${callIndex}`,
        name: call.function.name,
        arguments: call.function.arguments,
      }));
      messages.push({ role: 'assistant', content: message.content, toolCalls });
      open = toolCalls.map(({ id, name }) => ({ id, name }));
      afterAssistantCalls = toolCalls.length > 0;
      return;
    }
    if (!afterAssistantCalls && truncated) {
      messages.push({
        role: 'tool',
        toolCallId: 'dropped',
        ...(message.tool_name ? { name: message.tool_name } : {}),
        content: message.content,
        isError: /^error\b/i.test(message.content),
      });
      return;
    }
    if (!afterAssistantCalls) {
      throw new OllamaRefusal(
        400,
        `messages[${index}]: a tool message must follow an assistant message with tool_calls`,
      );
    }
    const answered = open.findIndex(
      (call) => !message.tool_name || call.name === message.tool_name,
    );
    const call = open[answered];
    if (call === undefined) {
      throw new OllamaRefusal(
        400,
        `messages[${index}]: tool result for "${message.tool_name ?? ''}" answers no open tool call of the assistant message before it`,
      );
    }
    open.splice(answered, 1);
    messages.push({
      role: 'tool',
      toolCallId: call.id,
      name: call.name,
      content: message.content,
      // Ollama has no error flag: a failed tool says so in its text.
      isError: /^error\b/i.test(message.content),
    });
  });
  const lastAssistant = messages.map((message) => message.role).lastIndexOf('assistant');
  const predict = body.options.num_predict;
  return {
    model: body.model,
    system: systems.join('\n\n'),
    messages,
    toolNames: body.tools.map((tool) => tool.function.name),
    maxOutputTokens: typeof predict === 'number' ? predict : undefined,
    turn,
    lastToolResults: messages
      .slice(lastAssistant + 1)
      .filter(
        (message): message is Extract<ViewMessage, { role: 'tool' }> => message.role === 'tool',
      ),
    raw,
  };
}

/**
 * With `format`, the runner's grammar only lets the model write JSON (of the schema): a finished
 * reply is JSON, only a truncated one can be cut short. A brain that breaks that is a broken test.
 */
function checkStructuredReply(turn: BrainTurn, body: ChatBody, schema: 'json' | Json): void {
  if (turn.truncated || turn.error) return;
  const fail = (why: string) =>
    new Error(`ollama fake: format constrains the reply to JSON, but the brain ${why}`);
  if (turn.toolCalls?.length && body.tools.length === 0) throw fail('called a tool no one offered');
  if (turn.toolCalls?.length) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(turn.text ?? '');
  } catch {
    throw fail(`answered ${JSON.stringify(turn.text ?? '')}`);
  }
  if (schema === 'json') return;
  if (schema.type === 'object' && !isObject(parsed)) throw fail('answered JSON that is no object');
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const missing = required.find((key) => !isObject(parsed) || !(key in parsed));
  if (missing !== undefined) throw fail(`left out the required "${missing}"`);
  // The grammar also holds each top-level property to its type, enum and length.
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, rule] of Object.entries(properties)) {
    const value = isObject(parsed) ? parsed[key] : undefined;
    if (value === undefined || !isObject(rule)) continue;
    if (rule.type === 'string' && typeof value !== 'string')
      throw fail(`gave a non-string "${key}"`);
    if (Array.isArray(rule.enum) && !rule.enum.includes(value)) {
      throw fail(`gave "${key}" the value ${JSON.stringify(value)}, outside its enum`);
    }
    const maxLength = rule.maxLength;
    if (typeof maxLength === 'number' && typeof value === 'string' && value.length > maxLength) {
      throw fail(`gave "${key}" ${value.length} characters, over its maxLength ${maxLength}`);
    }
  }
}

// --- rendering ---

/** Tool arguments as Ollama sends them: always an object. */
function argumentsObject(args: string | Record<string, unknown>): Record<string, unknown> {
  if (typeof args !== 'string') return args;
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch (error) {
    throw new OllamaRefusal(500, `error parsing tool call: raw='${args}', err=${String(error)}`);
  }
  if (!isObject(parsed)) {
    throw new OllamaRefusal(500, `error parsing tool call: raw='${args}', err=not a JSON object`);
  }
  return parsed;
}

interface TokenCounts {
  prompt_eval_count?: number;
  eval_count?: number;
}

/**
 * Prompt tokens — what the window kept, cached ones included (`CacheN + PromptN`) — and generated
 * tokens (thinking included). A brain's usage, when it sets one, wins.
 */
function tokenCounts(turn: BrainTurn, keptPrompt: number, message: object): TokenCounts {
  const usage = turn.usage;
  const prompt = usage
    ? (usage.freshInput ?? 0) + (usage.cachedInput ?? 0) + (usage.cacheWrite ?? 0)
    : keptPrompt;
  const generated = usage
    ? (usage.output ?? 0) + (usage.reasoning ?? 0)
    : Math.max(1, Math.ceil(JSON.stringify(message).length / 4));
  // Go's omitempty: Ollama leaves zero counts out.
  return {
    ...(prompt > 0 ? { prompt_eval_count: prompt } : {}),
    ...(generated > 0 ? { eval_count: generated } : {}),
  };
}

/** A complete non-streamed /api/chat answer; durations are nanoseconds. */
function chatAnswer(
  model: string,
  message: object,
  doneReason: 'stop' | 'length' | 'load',
  counts: TokenCounts,
  started: number,
) {
  const loadDuration = 41_000_000;
  const promptEvalDuration = (counts.prompt_eval_count ?? 0) * 250_000; // 4,000 tokens/s
  const evalDuration = (counts.eval_count ?? 0) * 20_000_000; // 50 tokens/s
  const elapsed = Math.round((performance.now() - started) * 1e6);
  return {
    model,
    created_at: new Date().toISOString(),
    message,
    done: true,
    done_reason: doneReason,
    total_duration: loadDuration + promptEvalDuration + evalDuration + elapsed,
    load_duration: loadDuration,
    ...(counts.prompt_eval_count ? { prompt_eval_count: counts.prompt_eval_count } : {}),
    ...(promptEvalDuration ? { prompt_eval_duration: promptEvalDuration } : {}),
    ...(counts.eval_count ? { eval_count: counts.eval_count } : {}),
    ...(evalDuration ? { eval_duration: evalDuration } : {}),
  };
}
