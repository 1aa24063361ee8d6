/**
 * A strict fake of OpenAI's HTTP API: POST /v1/responses, POST /v1/chat/completions,
 * GET /v1/models and GET /v1/models/{id}. It checks requests the way the real API does (auth,
 * unknown and unsupported parameters, item and message shapes, call ids that must match, the
 * encrypted reasoning that stateless requests must echo back) and answers with real-looking
 * response objects and OpenAI's own error shape, so a provider that passes here speaks the real wire
 * format. The same fake serves OpenAI-compatible local servers (see `chatReasoningField`).
 */
import { randomBytes } from 'node:crypto';
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
import { openAIContext, openAISchemaProblem } from './json-schema-rules.js';
import { type Effort, type GptRules, gptRules } from './openai-models.js';
import { delay } from './serve-fake.js';
import { chatCompletionStream, responsesStream } from './stream-wire.js';

export interface OpenAIFakeOptions {
  brain: Brain;
  /** The key every request must carry as `Authorization: Bearer <key>` (default 'sk-test'). */
  apiKey?: string;
  /** The models the fake serves (default: the GPT-5 family, gpt-4.1, gpt-4.1-mini, gpt-4o-mini). */
  models?: string[];
  /**
   * Chat Completions only: the message field that carries the brain's reasoning, as local servers
   * send it (vLLM, llama.cpp: `reasoning_content`; Ollama, OpenRouter: `reasoning`). OpenAI sends none.
   */
  chatReasoningField?: 'reasoning_content' | 'reasoning';
  /** Chat Completions only: send prompt/completion token details (OpenAI does, many local servers don't). */
  chatUsageDetails?: boolean;
  /** Chat Completions only: send `usage` at all (some servers and proxies leave it out). */
  chatUsage?: boolean;
}

/** The models the fake serves unless told otherwise. */
export const DEFAULT_OPENAI_FAKE_MODELS = [
  'gpt-6.2-astra',
  'gpt-6.2-sol',
  'gpt-6-astra',
  'gpt-6.1-sol',
  'gpt-6.1-terra',
  'gpt-6-luna',
  'gpt-5',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4o-mini',
];

type Json = Record<string, unknown>;

/** Reasoning models return reasoning items and take an effort (see openai-models.ts). */
const isReasoningModel = (model: string) => gptRules(model).reasoning;

/** OpenAI's words for an effort a model does not take. */
function unsupportedEffort(model: string, value: unknown, supported: Effort[], param: string) {
  const list = supported.map((effort) => `'${effort}'`);
  const spoken =
    list.length > 1 ? `${list.slice(0, -1).join(', ')}, and ${list.at(-1)}` : (list[0] ?? '');
  return new ApiError(
    400,
    `Unsupported value: '${String(value)}' is not supported with the '${model}' model. Supported values are: ${spoken}.`,
    param,
    'unsupported_value',
  );
}

/** The effort a request runs at: the one it sends, else the model's default. */
const effectiveEffort = (rules: GptRules, sent: unknown) =>
  (typeof sent === 'string' ? sent : null) ?? rules.defaultEffort;

/**
 * temperature / top_p / top_logprobs as the model takes them: GPT-5 only at the default 1; GPT-6
 * only at effort none ("When reasoning effort is not none, remove temperature, top_p, and
 * top_logprobs").
 */
function checkSampling(body: Json, rules: GptRules, effort: unknown): void {
  for (const key of ['temperature', 'top_p', 'top_logprobs']) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    const allowed =
      rules.sampling === 'any' ||
      (rules.sampling === 'default_only' && key !== 'top_logprobs' && value === 1) ||
      (rules.sampling === 'effort_none' && effectiveEffort(rules, effort) === 'none');
    if (!allowed) {
      throw new ApiError(
        400,
        `Unsupported value: '${key}' does not support ${String(value)} with this model. Only the default (${key === 'top_logprobs' ? 0 : 1}) value is supported.`,
        key,
        'unsupported_value',
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Errors in OpenAI's shape

/** A request the fake rejects, rendered as `{error:{message,type,param,code}}`. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type: string = 'invalid_request_error',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const missingParameter = (path: string) =>
  new ApiError(400, `Missing required parameter: '${path}'.`, path, 'missing_required_parameter');

const unknownParameter = (path: string) =>
  new ApiError(400, `Unknown parameter: '${path}'.`, path, 'unknown_parameter');

const invalidValue = (path: string, value: unknown, supported: readonly string[]) =>
  new ApiError(
    400,
    `Invalid value: '${String(value)}'. Supported values are: ${supported.map((s) => `'${s}'`).join(', ')}.`,
    path,
    'invalid_value',
  );

const modelNotFound = (model: string) =>
  new ApiError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    null,
    'model_not_found',
  );

type JsonKind = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

/** How OpenAI names a value's type in its error messages. */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return 'an object';
}

function isKind(value: unknown, kind: JsonKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

const ARTICLE: Record<JsonKind, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
};

/** Throws OpenAI's invalid_type error unless `value` is of `kind`. */
function expectKind(value: unknown, kind: JsonKind, path: string): void {
  if (!isKind(value, kind)) {
    throw new ApiError(
      400,
      `Invalid type for '${path}': expected ${ARTICLE[kind]}, but got ${describeType(value)} instead.`,
      path,
      'invalid_type',
    );
  }
}

/** Reads `obj[key]`: throws when it is required and absent, or present with the wrong type. */
function field(obj: Json, key: string, kind: JsonKind, path: string, required: true): unknown;
function field(obj: Json, key: string, kind: JsonKind, path: string): unknown;
function field(obj: Json, key: string, kind: JsonKind, path: string, required = false): unknown {
  const value = obj[key];
  if (value === undefined || (value === null && !required)) {
    if (required) throw missingParameter(path);
    return undefined;
  }
  expectKind(value, kind, path);
  return value;
}

/** Rejects keys outside `allowed`, as the API does. */
function onlyKeys(obj: Json, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw unknownParameter(prefix ? `${prefix}.${key}` : key);
  }
}

/** The OpenAI `{type, code}` for an error a brain asks for (its `type` may name an OpenAI code). */
function errorTypeAndCode(status: number, type?: string): { type: string; code: string | null } {
  switch (type) {
    case 'insufficient_quota':
      return { type: 'insufficient_quota', code: 'insufficient_quota' };
    case 'context_length_exceeded':
      return { type: 'invalid_request_error', code: 'context_length_exceeded' };
    case 'rate_limit_exceeded':
      return { type: 'requests', code: 'rate_limit_exceeded' };
    case 'invalid_api_key':
    case 'model_not_found':
      return { type: 'invalid_request_error', code: type };
    case undefined:
      break;
    default:
      return { type, code: null };
  }
  if (status === 401) return { type: 'invalid_request_error', code: 'invalid_api_key' };
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  if (status >= 500) return { type: 'server_error', code: null };
  return { type: 'invalid_request_error', code: null };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const alnum = (length: number) =>
  randomBytes(length * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length);

/** Tool arguments as the brain sees them: parsed JSON, or the raw text when it is not JSON. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const argumentsText = (args: string | Record<string, unknown>) =>
  typeof args === 'string' ? args : JSON.stringify(args);

/** Rough token estimate (4 characters a token) for usage a brain does not set. */
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

function fullUsage(turn: BrainTurn, bodyText: string, reasoningModel: boolean): FakeUsage {
  const visible =
    (turn.text ?? '') + (turn.toolCalls ?? []).map((c) => argumentsText(c.arguments)).join('');
  return {
    freshInput: estimateTokens(bodyText),
    cachedInput: 0,
    cacheWrite: 0,
    output: Math.max(1, estimateTokens(visible)),
    reasoning: reasoningModel ? estimateTokens(turn.reasoning ?? '') : 0,
    ...turn.usage,
  };
}

/** Function-tool names must match this (the API's own rule). */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

// ---------------------------------------------------------------------------------------------
// tool_choice

/** What `tool_choice` asks of the model: a mode, and the one tool it must call when forced. */
interface ToolChoiceRule {
  mode: 'auto' | 'none' | 'required';
  /** Set when one function is forced. */
  name?: string;
}

const TOOL_CHOICE_MODES = ['none', 'auto', 'required'];
/** tool_choice types the real APIs know but this fake does not model (it has no hosted tools). */
const UNMODELLED_CHOICES = [
  'allowed_tools',
  'custom',
  'mcp',
  'file_search',
  'web_search_preview',
  'computer_use_preview',
  'code_interpreter',
  'image_generation',
  'apply_patch',
  'shell',
];

/** A `tool_choice` string: one of the modes. */
function toolChoiceMode(choice: string): ToolChoiceRule {
  if (!TOOL_CHOICE_MODES.includes(choice)) {
    throw invalidValue('tool_choice', choice, TOOL_CHOICE_MODES);
  }
  return { mode: choice as ToolChoiceRule['mode'] };
}

/** The `type` of a `tool_choice` object, which must be 'function' here. */
function checkToolChoiceType(choice: Json): void {
  if (choice.type === undefined) throw missingParameter('tool_choice.type');
  if (choice.type === 'function') return;
  if (UNMODELLED_CHOICES.includes(choice.type as string)) {
    throw new ApiError(
      400,
      `This fake does not model tool_choice of type '${String(choice.type)}'.`,
      'tool_choice',
    );
  }
  throw invalidValue('tool_choice.type', choice.type, ['function', ...UNMODELLED_CHOICES]);
}

/** Responses `tool_choice`: a mode, or the flat `{type:'function', name}` naming one of `tools`. */
function checkResponsesToolChoice(body: Json, toolNames: string[]): ToolChoiceRule {
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) return { mode: 'auto' };
  if (typeof choice === 'string') return toolChoiceMode(choice);
  expectKind(choice, 'object', 'tool_choice');
  const object = choice as Json;
  checkToolChoiceType(object);
  // The nested Chat Completions shape has `function` here, and no `name`.
  onlyKeys(object, ['type', 'name'], 'tool_choice');
  const name = field(object, 'name', 'string', 'tool_choice.name', true) as string;
  if (!toolNames.includes(name)) {
    throw new ApiError(400, `Tool choice '${name}' not found in 'tools' parameter.`, 'tool_choice');
  }
  return { mode: 'required', name };
}

/** Chat `tool_choice`: a mode, or the nested `{type:'function', function:{name}}`; needs tools. */
function checkChatToolChoice(body: Json, toolNames: string[]): ToolChoiceRule {
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) return { mode: 'auto' };
  if (toolNames.length === 0) {
    throw new ApiError(
      400,
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
    );
  }
  if (typeof choice === 'string') return toolChoiceMode(choice);
  expectKind(choice, 'object', 'tool_choice');
  const object = choice as Json;
  checkToolChoiceType(object);
  // The flat Responses shape has `name` here, and no `function`.
  onlyKeys(object, ['type', 'function'], 'tool_choice');
  const fn = field(object, 'function', 'object', 'tool_choice.function', true) as Json;
  onlyKeys(fn, ['name'], 'tool_choice.function');
  const name = field(fn, 'name', 'string', 'tool_choice.function.name', true) as string;
  if (!toolNames.includes(name)) {
    throw new ApiError(
      400,
      `Invalid value for 'tool_choice': function '${name}' not found in 'tools'.`,
      'tool_choice',
    );
  }
  return { mode: 'required', name };
}

/**
 * The turn as the API produces it under `rule`. Constrained decoding makes a forced call certain
 * and leaves no room for text, so a brain that breaks the rule is a broken test, not a reply.
 */
function obeyToolChoice(turn: BrainTurn, rule: ToolChoiceRule): BrainTurn {
  const calls = turn.toolCalls ?? [];
  if (rule.mode === 'none' && calls.length > 0) {
    throw new Error("openai fake: tool_choice 'none' forbids tool calls, but the brain made some");
  }
  if (rule.mode !== 'required') return turn;
  const stray = calls.find((call) => rule.name !== undefined && call.name !== rule.name);
  if (calls.length === 0 || stray) {
    throw new Error(
      `openai fake: tool_choice forces a call to ${rule.name ?? 'a tool'}, but the brain answered ${stray ? `with ${stray.name}` : 'without one'}; a real model cannot`,
    );
  }
  return { ...turn, text: undefined };
}

/** Strict mode (the Responses default) needs closed objects with every property required. */
function checkStrictSchema(schema: unknown, toolName: string, param: string, context = ''): void {
  if (!isKind(schema, 'object')) return;
  const node = schema as Json;
  const fail = (why: string) =>
    new ApiError(
      400,
      `Invalid schema for function '${toolName}': In context=(${context}), ${why}`,
      param,
      'invalid_function_parameters',
    );
  if (node.type === 'object') {
    if (node.additionalProperties !== false) {
      throw fail(`'additionalProperties' is required to be supplied and to be false.`);
    }
    const properties = isKind(node.properties, 'object') ? (node.properties as Json) : {};
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = Object.keys(properties).filter((key) => !required.includes(key));
    if (missing.length > 0) {
      throw fail(
        `'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`,
      );
    }
    for (const [key, child] of Object.entries(properties)) {
      checkStrictSchema(child, toolName, param, context ? `${context}, '${key}'` : `'${key}'`);
    }
  }
  if (node.type === 'array') checkStrictSchema(node.items, toolName, param, context);
}

/** Checks a function's JSON Schema parameters the way both APIs do. */
function checkParametersSchema(
  parameters: unknown,
  toolName: string,
  param: string,
  strict: boolean,
): void {
  if (parameters === undefined || parameters === null) return;
  expectKind(parameters, 'object', param);
  const type = (parameters as Json).type;
  if (type !== 'object') {
    throw new ApiError(
      400,
      `Invalid schema for function '${toolName}': schema must be a JSON Schema of 'type: "object"', got 'type: "${String(type)}"'.`,
      param,
      'invalid_function_parameters',
    );
  }
  if (strict) checkStrictSchema(parameters, toolName, param);
  // Strict or not, the schema is validated (meta-schema, plus OpenAI's own object/array rules).
  const problem = openAISchemaProblem(parameters);
  if (problem) {
    throw new ApiError(
      400,
      `Invalid schema for function '${toolName}': In context=(${openAIContext(problem.context)}), ${problem.why}`,
      param,
      'invalid_function_parameters',
    );
  }
}

/** `stream` is a boolean; `stream_options` only comes with `stream: true`, with known keys. */
function checkStreamOptions(body: Json, allowed: readonly string[]): void {
  const stream = field(body, 'stream', 'boolean', 'stream') as boolean | undefined;
  const options = field(body, 'stream_options', 'object', 'stream_options') as Json | undefined;
  if (options === undefined) return;
  if (stream !== true) {
    throw new ApiError(
      400,
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
    );
  }
  onlyKeys(options, allowed, 'stream_options');
  for (const key of allowed) field(options, key, 'boolean', `stream_options.${key}`);
}

/** Builds the neutral view's derived fields from its messages. */
function finishView(base: Omit<ConversationView, 'turn' | 'lastToolResults'>): ConversationView {
  const turn = base.messages.filter((m) => m.role === 'assistant').length;
  let lastAssistant = -1;
  base.messages.forEach((m, i) => {
    if (m.role === 'assistant') lastAssistant = i;
  });
  const lastToolResults = base.messages
    .slice(lastAssistant + 1)
    .filter((m): m is Extract<ViewMessage, { role: 'tool' }> => m.role === 'tool');
  return { ...base, turn, lastToolResults };
}

// ---------------------------------------------------------------------------------------------
// The fake

/** Creates the strict OpenAI fake: one handler for /v1/responses, /v1/chat/completions and /v1/models. */
export function createOpenAIFake(options: OpenAIFakeOptions): {
  handler: FakeHandler;
  log: FakeLog;
} {
  const apiKey = options.apiKey ?? 'sk-test';
  const models = options.models ?? DEFAULT_OPENAI_FAKE_MODELS;
  const log: FakeLog = { requests: [] };
  const chatUsageDetails = options.chatUsageDetails ?? true;
  const chatUsage = options.chatUsage ?? true;
  /** The usage each answered request reported, for the log. */
  const answeredUsage = new WeakMap<FakeRequest, FakeUsage>();

  /** Encrypted reasoning this fake issued, to its reasoning item id. */
  const issuedReasoning = new Map<string, string>();
  /** Items of stored responses (store ≠ false), by item id; and whole conversations by response id. */
  const storedItems = new Map<string, Json>();
  const storedConversations = new Map<string, Json[]>();

  function checkAuth(headers: Headers): void {
    const authorization = headers.get('authorization');
    if (!authorization) {
      throw new ApiError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
      );
    }
    const key = authorization.replace(/^Bearer\s+/i, '');
    if (!/^Bearer\s+/i.test(authorization) || key !== apiKey) {
      const masked = key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(8)}${key.slice(-4)}` : '***';
      throw new ApiError(
        401,
        `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        null,
        'invalid_api_key',
      );
    }
  }

  function parseBody(bodyText: string): Json {
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      throw new ApiError(
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      );
    }
    if (!isKind(body, 'object')) {
      throw new ApiError(
        400,
        `Invalid type for body: expected an object, but got ${describeType(body)} instead.`,
      );
    }
    return body as Json;
  }

  function checkModel(body: Json, missingMessage?: string): string {
    if (body.model === undefined || body.model === null) {
      if (missingMessage) throw new ApiError(400, missingMessage);
      throw missingParameter('model');
    }
    expectKind(body.model, 'string', 'model');
    const model = body.model as string;
    if (!models.includes(model)) throw modelNotFound(model);
    return model;
  }

  async function askBrain(view: ConversationView, signal?: AbortSignal): Promise<BrainTurn> {
    const turn = await options.brain(view);
    if (turn.delayMs) await delay(turn.delayMs, signal);
    if (turn.error) {
      const { type, code } = errorTypeAndCode(turn.error.status, turn.error.type);
      throw new ApiError(
        turn.error.status,
        turn.error.message,
        null,
        code,
        type,
        turn.error.headers,
      );
    }
    return turn;
  }

  // ------------------------------------------------------------------ /v1/responses

  const RESPONSES_PARAMS = [
    'background',
    'context_management',
    'conversation',
    'include',
    'input',
    'instructions',
    'max_output_tokens',
    'max_tool_calls',
    'metadata',
    'model',
    'moderation',
    'parallel_tool_calls',
    'previous_response_id',
    'prompt',
    'prompt_cache_key',
    'prompt_cache_options',
    'prompt_cache_retention',
    'reasoning',
    'safety_identifier',
    'service_tier',
    'store',
    'stream',
    'stream_options',
    'temperature',
    'text',
    'tool_choice',
    'tools',
    'top_logprobs',
    'top_p',
    'truncation',
    'user',
  ];
  const INCLUDABLE = [
    'file_search_call.results',
    'web_search_call.results',
    'web_search_call.action.sources',
    'message.input_image.image_url',
    'computer_call_output.output.image_url',
    'code_interpreter_call.outputs',
    'reasoning.encrypted_content',
    'message.output_text.logprobs',
  ];
  const INPUT_ITEM_TYPES = [
    'message',
    'function_call',
    'function_call_output',
    'reasoning',
    'item_reference',
  ];

  /** The text of a message's content (a string or content parts), checking the parts. */
  function responsesMessageText(item: Json, path: string): string {
    const role = item.role as string;
    const content = item.content;
    if (content === undefined) throw missingParameter(`${path}.content`);
    if (typeof content === 'string') return content;
    expectKind(content, 'array', `${path}.content`);
    const allowed =
      role === 'assistant'
        ? ['output_text', 'refusal']
        : ['input_text', 'input_image', 'input_file'];
    const texts: string[] = [];
    (content as unknown[]).forEach((part, j) => {
      const partPath = `${path}.content[${j}]`;
      expectKind(part, 'object', partPath);
      const p = part as Json;
      if (!allowed.includes(p.type as string))
        throw invalidValue(`${partPath}.type`, p.type, allowed);
      if (p.type === 'input_text' || p.type === 'output_text') {
        texts.push(field(p, 'text', 'string', `${partPath}.text`, true) as string);
      } else if (p.type === 'refusal') {
        texts.push(field(p, 'refusal', 'string', `${partPath}.refusal`, true) as string);
      }
    });
    return texts.join('');
  }

  /** Validates one input item's own shape; returns it with its type made explicit. */
  function checkInputItem(raw: unknown, path: string, store: boolean): Json {
    expectKind(raw, 'object', path);
    const item = raw as Json;
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    if (type === undefined) throw missingParameter(`${path}.type`);
    if (!INPUT_ITEM_TYPES.includes(type as string)) {
      throw invalidValue(`${path}.type`, type, INPUT_ITEM_TYPES);
    }
    switch (type) {
      case 'message': {
        onlyKeys(item, ['type', 'role', 'content', 'status', 'id', 'phase'], path);
        const roles = ['user', 'assistant', 'system', 'developer'];
        if (item.role === undefined) throw missingParameter(`${path}.role`);
        if (!roles.includes(item.role as string))
          throw invalidValue(`${path}.role`, item.role, roles);
        responsesMessageText(item, path);
        if (item.id !== undefined && item.role === 'assistant') {
          expectKind(item.id, 'string', `${path}.id`);
          if (!(item.id as string).startsWith('msg')) {
            throw new ApiError(
              400,
              `Invalid '${path}.id': '${item.id}'. Expected an ID that begins with 'msg'.`,
              `${path}.id`,
              'invalid_value',
            );
          }
        }
        return { ...item, type };
      }
      case 'function_call': {
        onlyKeys(
          item,
          ['type', 'id', 'call_id', 'name', 'arguments', 'status', 'namespace', 'caller'],
          path,
        );
        field(item, 'call_id', 'string', `${path}.call_id`, true);
        field(item, 'name', 'string', `${path}.name`, true);
        field(item, 'arguments', 'string', `${path}.arguments`, true);
        const id = field(item, 'id', 'string', `${path}.id`) as string | undefined;
        if (id !== undefined && !id.startsWith('fc')) {
          throw new ApiError(
            400,
            `Invalid '${path}.id': '${id}'. Expected an ID that begins with 'fc'.`,
            `${path}.id`,
            'invalid_value',
          );
        }
        return item;
      }
      case 'function_call_output': {
        onlyKeys(item, ['type', 'id', 'call_id', 'output', 'status', 'caller'], path);
        field(item, 'call_id', 'string', `${path}.call_id`, true);
        if (item.output === undefined) throw missingParameter(`${path}.output`);
        if (typeof item.output !== 'string') expectKind(item.output, 'array', `${path}.output`);
        return item;
      }
      case 'reasoning': {
        onlyKeys(item, ['type', 'id', 'summary', 'content', 'encrypted_content', 'status'], path);
        const summary = field(item, 'summary', 'array', `${path}.summary`, true) as unknown[];
        summary.forEach((part, j) => {
          expectKind(part, 'object', `${path}.summary[${j}]`);
          const p = part as Json;
          if (p.type !== 'summary_text') {
            throw invalidValue(`${path}.summary[${j}].type`, p.type, ['summary_text']);
          }
          field(p, 'text', 'string', `${path}.summary[${j}].text`, true);
        });
        const id = field(item, 'id', 'string', `${path}.id`) as string | undefined;
        const encrypted = field(item, 'encrypted_content', 'string', `${path}.encrypted_content`) as
          | string
          | undefined;
        if (encrypted !== undefined) {
          const issuedFor = issuedReasoning.get(encrypted);
          if (issuedFor === undefined || (id !== undefined && id !== issuedFor)) {
            throw new ApiError(
              400,
              `The encrypted content for item ${id ?? path} could not be verified.`,
              null,
              'invalid_encrypted_content',
            );
          }
        } else if (id === undefined || !storedItems.has(id)) {
          // Without encrypted content the API looks the item up, which only works when stored.
          throw new ApiError(
            404,
            store
              ? `Item with id '${id ?? ''}' not found.`
              : `Item with id '${id ?? ''}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
            'input',
          );
        }
        return item;
      }
      default: {
        // item_reference: only stored items can be referenced.
        onlyKeys(item, ['type', 'id'], path);
        const id = field(item, 'id', 'string', `${path}.id`, true) as string;
        const stored = storedItems.get(id);
        if (!stored) {
          throw new ApiError(
            404,
            `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
            'input',
          );
        }
        return stored;
      }
    }
  }

  /** Checks what only the whole input can tell: calls and outputs pair up, reasoning is followed. */
  function checkInputSequence(items: Json[]): void {
    const calls = new Set<string>();
    const answered = new Set<string>();
    items.forEach((item, i) => {
      if (item.type === 'function_call') calls.add(item.call_id as string);
      if (item.type === 'function_call_output') {
        const callId = item.call_id as string;
        if (!calls.has(callId)) {
          throw new ApiError(
            400,
            `No tool call found for function call output with call_id ${callId}.`,
            'input',
          );
        }
        answered.add(callId);
      }
      if (item.type === 'reasoning') {
        const next = items[i + 1];
        const followed =
          next !== undefined &&
          (next.type === 'function_call' ||
            next.type === 'reasoning' ||
            (next.type === 'message' && next.role === 'assistant'));
        if (!followed) {
          throw new ApiError(
            400,
            `Item '${String(item.id ?? `input[${i}]`)}' of type 'reasoning' was provided without its required following item.`,
            'input',
          );
        }
      }
    });
    for (const callId of calls) {
      if (!answered.has(callId)) {
        throw new ApiError(400, `No tool output found for function call ${callId}.`, 'input');
      }
    }
  }

  function checkResponsesTools(body: Json): string[] {
    const tools = field(body, 'tools', 'array', 'tools') as unknown[] | undefined;
    if (!tools) return [];
    return tools.map((raw, i) => {
      const path = `tools[${i}]`;
      expectKind(raw, 'object', path);
      const tool = raw as Json;
      if (tool.type === undefined) throw missingParameter(`${path}.type`);
      if (tool.type !== 'function') {
        throw invalidValue(`${path}.type`, tool.type, [
          'function',
          'file_search',
          'web_search',
          'custom',
        ]);
      }
      // The Chat Completions shape nests the function: its name is then missing here.
      const name = field(tool, 'name', 'string', `${path}.name`, true) as string;
      onlyKeys(
        tool,
        [
          'type',
          'name',
          'description',
          'parameters',
          'strict',
          'defer_loading',
          'output_schema',
          'allowed_callers',
        ],
        path,
      );
      if (!TOOL_NAME.test(name)) {
        throw new ApiError(
          400,
          `Invalid '${path}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
          `${path}.name`,
          'invalid_value',
        );
      }
      field(tool, 'description', 'string', `${path}.description`);
      if (tool.parameters === undefined) throw missingParameter(`${path}.parameters`);
      const strict = field(tool, 'strict', 'boolean', `${path}.strict`) as boolean | undefined;
      // Responses functions are strict unless told otherwise.
      checkParametersSchema(tool.parameters, name, `${path}.parameters`, strict !== false);
      return name;
    });
  }

  function checkResponsesSettings(body: Json, model: string): void {
    const maxOutput = field(body, 'max_output_tokens', 'integer', 'max_output_tokens') as
      | number
      | undefined;
    if (maxOutput !== undefined && maxOutput < 16) {
      throw new ApiError(
        400,
        `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${maxOutput} instead.`,
        'max_output_tokens',
        'integer_below_min_value',
      );
    }
    const rules = gptRules(model);
    const temperature = field(body, 'temperature', 'number', 'temperature') as number | undefined;
    checkSampling(body, rules, (body.reasoning as Json | undefined)?.effort);
    if (temperature !== undefined) {
      if (temperature < 0 || temperature > 2) {
        throw new ApiError(
          400,
          `Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got ${temperature} instead.`,
          'temperature',
          'decimal_above_max_value',
        );
      }
    }
    const reasoning = field(body, 'reasoning', 'object', 'reasoning') as Json | undefined;
    if (reasoning) {
      onlyKeys(reasoning, ['effort', 'summary', 'generate_summary', 'context'], 'reasoning');
      if (reasoning.effort !== undefined && reasoning.effort !== null) {
        if (!isReasoningModel(model)) {
          throw new ApiError(
            400,
            "Unsupported parameter: 'reasoning.effort' is not supported with this model.",
            'reasoning.effort',
            'unsupported_parameter',
          );
        }
        const known = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];
        if (!known.includes(reasoning.effort as string)) {
          throw invalidValue('reasoning.effort', reasoning.effort, known);
        }
        if (!rules.efforts.includes(reasoning.effort as Effort)) {
          throw unsupportedEffort(model, reasoning.effort, rules.efforts, 'reasoning.effort');
        }
      }
    }
    field(body, 'store', 'boolean', 'store');
    field(body, 'instructions', 'string', 'instructions');
    field(body, 'parallel_tool_calls', 'boolean', 'parallel_tool_calls');
    const include = field(body, 'include', 'array', 'include') as unknown[] | undefined;
    include?.forEach((value, i) => {
      if (!INCLUDABLE.includes(value as string))
        throw invalidValue(`include[${i}]`, value, INCLUDABLE);
    });
    checkStreamOptions(body, ['include_obfuscation']);
  }

  /** The neutral view of a Responses conversation. */
  function responsesView(
    body: Json,
    model: string,
    items: Json[],
    toolNames: string[],
  ): ConversationView {
    const systemParts = typeof body.instructions === 'string' ? [body.instructions] : [];
    const messages: ViewMessage[] = [];
    const callNames = new Map<string, string>();
    let openAssistant: Extract<ViewMessage, { role: 'assistant' }> | undefined;
    const assistant = () => {
      if (!openAssistant) {
        openAssistant = { role: 'assistant', content: '', toolCalls: [] };
        messages.push(openAssistant);
      }
      return openAssistant;
    };
    items.forEach((item, i) => {
      if (item.type === 'message') {
        const text = responsesMessageText(item, `input[${i}]`);
        if (item.role === 'assistant') {
          assistant().content += text;
        } else if (item.role === 'user') {
          openAssistant = undefined;
          messages.push({ role: 'user', content: text });
        } else {
          systemParts.push(text);
        }
      } else if (item.type === 'reasoning') {
        assistant();
      } else if (item.type === 'function_call') {
        callNames.set(item.call_id as string, item.name as string);
        assistant().toolCalls.push({
          id: item.call_id as string,
          name: item.name as string,
          arguments: parseArguments(item.arguments as string),
        });
      } else if (item.type === 'function_call_output') {
        openAssistant = undefined;
        const output = item.output;
        messages.push({
          role: 'tool',
          toolCallId: item.call_id as string,
          name: callNames.get(item.call_id as string),
          content: typeof output === 'string' ? output : JSON.stringify(output),
          isError: false,
        });
      }
    });
    return finishView({
      model,
      system: systemParts.join('\n\n'),
      messages,
      toolNames,
      maxOutputTokens: body.max_output_tokens as number | undefined,
      raw: body,
    });
  }

  function renderResponse(request: FakeRequest, body: Json, model: string, turn: BrainTurn): Json {
    const bodyText = request.bodyText;
    const reasoningModel = isReasoningModel(model);
    const store = body.store !== false;
    const include = (body.include as string[] | undefined) ?? [];
    const output: Json[] = [];
    if (reasoningModel) {
      const id = `rs_${hex(25)}`;
      const reasoningItem: Json = {
        id,
        type: 'reasoning',
        summary: turn.reasoning ? [{ type: 'summary_text', text: turn.reasoning }] : [],
      };
      if (include.includes('reasoning.encrypted_content')) {
        const encrypted = `gAAAAAB${randomBytes(96).toString('base64url')}`;
        issuedReasoning.set(encrypted, id);
        reasoningItem.encrypted_content = encrypted;
      }
      output.push(reasoningItem);
    }
    const incomplete = turn.truncated || turn.contentFiltered;
    const status = incomplete ? 'incomplete' : 'completed';
    const calls = turn.toolCalls ?? [];
    // A turn of reasoning alone has no message item (its output_text is empty).
    const reasoningOnly = turn.text === undefined && calls.length === 0 && !!turn.reasoning;
    if (
      (turn.text !== undefined || calls.length === 0 || turn.refusal !== undefined) &&
      !reasoningOnly
    ) {
      const parts: Json[] = [];
      if (turn.text !== undefined || turn.refusal === undefined) {
        parts.push({ type: 'output_text', annotations: [], logprobs: [], text: turn.text ?? '' });
      }
      if (turn.refusal !== undefined) parts.push({ type: 'refusal', refusal: turn.refusal });
      output.push({
        id: `msg_${hex(25)}`,
        type: 'message',
        status,
        content: parts,
        role: 'assistant',
      });
    }
    calls.forEach((call, index) => {
      // Cut by max_output_tokens, the last call closes in progress with half its arguments.
      const cut = turn.truncated && index === calls.length - 1;
      const text = argumentsText(call.arguments);
      output.push({
        id: `fc_${hex(25)}`,
        type: 'function_call',
        status: cut ? 'incomplete' : 'completed',
        arguments: cut ? text.slice(0, Math.floor(text.length / 2)) : text,
        call_id: `call_${alnum(24)}`,
        name: call.name,
      });
    });
    const usage = fullUsage(turn, bodyText, reasoningModel);
    answeredUsage.set(request, usage);
    const inputTokens = usage.freshInput + usage.cachedInput + usage.cacheWrite;
    const outputTokens = usage.output + usage.reasoning;
    const response: Json = {
      id: `resp_${hex(25)}`,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      status,
      background: false,
      error: null,
      incomplete_details: turn.truncated
        ? { reason: 'max_output_tokens' }
        : turn.contentFiltered
          ? { reason: 'content_filter' }
          : null,
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      max_tool_calls: null,
      model,
      output,
      parallel_tool_calls: body.parallel_tool_calls ?? true,
      previous_response_id: body.previous_response_id ?? null,
      prompt_cache_key: null,
      reasoning: reasoningModel
        ? { effort: (body.reasoning as Json | undefined)?.effort ?? 'medium', summary: null }
        : { effort: null, summary: null },
      safety_identifier: null,
      service_tier: 'default',
      store,
      temperature: (body.temperature as number | undefined) ?? 1,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: body.tool_choice ?? 'auto',
      tools: body.tools ?? [],
      top_logprobs: 0,
      top_p: 1,
      truncation: 'disabled',
      usage: {
        input_tokens: inputTokens,
        input_tokens_details: {
          cached_tokens: usage.cachedInput,
          cache_write_tokens: usage.cacheWrite,
        },
        output_tokens: outputTokens,
        output_tokens_details: { reasoning_tokens: usage.reasoning },
        total_tokens: inputTokens + outputTokens,
      },
      user: null,
      metadata: {},
    };
    return response;
  }

  async function createResponse(request: FakeRequest, body: Json): Promise<FakeResponse> {
    onlyKeys(body, RESPONSES_PARAMS, '');
    const model = checkModel(body);
    checkResponsesSettings(body, model);
    const store = body.store !== false;
    let previous: Json[] = [];
    const previousId = field(body, 'previous_response_id', 'string', 'previous_response_id') as
      | string
      | undefined;
    if (previousId !== undefined) {
      const stored = storedConversations.get(previousId);
      if (!stored) {
        throw new ApiError(
          400,
          `Previous response with id '${previousId}' not found.`,
          'previous_response_id',
          'previous_response_not_found',
        );
      }
      previous = stored;
    }
    if (body.input === undefined || body.input === null) throw missingParameter('input');
    const rawItems =
      typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
    expectKind(rawItems, 'array', 'input');
    const items = [
      ...previous,
      ...(rawItems as unknown[]).map((item, i) => checkInputItem(item, `input[${i}]`, store)),
    ];
    checkInputSequence(items);
    const toolNames = checkResponsesTools(body);
    const toolChoice = checkResponsesToolChoice(body, toolNames);
    const view = responsesView(body, model, items, toolNames);
    const turn = obeyToolChoice(await askBrain(view, request.signal), toolChoice);
    const response = renderResponse(request, body, model, turn);
    if (store) {
      const output = response.output as Json[];
      for (const item of output) storedItems.set(item.id as string, item);
      storedConversations.set(response.id as string, [...items, ...output]);
    }
    if (body.stream === true) {
      const streamOptions = (body.stream_options ?? {}) as Json;
      return responsesStream(response, streamOptions.include_obfuscation !== false);
    }
    return { status: 200, body: response };
  }

  // ------------------------------------------------------------------ /v1/chat/completions

  const CHAT_PARAMS = [
    'messages',
    'model',
    'audio',
    'frequency_penalty',
    'function_call',
    'functions',
    'logit_bias',
    'logprobs',
    'max_completion_tokens',
    'max_tokens',
    'metadata',
    'modalities',
    'moderation',
    'n',
    'parallel_tool_calls',
    'prediction',
    'presence_penalty',
    'prompt_cache_key',
    'prompt_cache_options',
    'prompt_cache_retention',
    'reasoning_effort',
    'response_format',
    'safety_identifier',
    'seed',
    'service_tier',
    'stop',
    'store',
    'stream',
    'stream_options',
    'temperature',
    'tool_choice',
    'tools',
    'top_logprobs',
    'top_p',
    'user',
    'verbosity',
    'web_search_options',
  ];
  const CHAT_ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'];
  const CHAT_MESSAGE_KEYS: Record<string, string[]> = {
    system: ['role', 'content', 'name'],
    developer: ['role', 'content', 'name'],
    user: ['role', 'content', 'name'],
    assistant: ['role', 'content', 'name', 'tool_calls', 'refusal', 'audio', 'function_call'],
    tool: ['role', 'content', 'tool_call_id'],
    function: ['role', 'content', 'name'],
  };

  /** The text of a chat message's content (a string or text parts), checking the parts. */
  function chatContentText(content: unknown, path: string): string {
    if (typeof content === 'string') return content;
    expectKind(content, 'array', path);
    return (content as unknown[])
      .map((part, j) => {
        expectKind(part, 'object', `${path}[${j}]`);
        const p = part as Json;
        const types = ['text', 'image_url', 'input_audio', 'file', 'refusal'];
        if (!types.includes(p.type as string))
          throw invalidValue(`${path}[${j}].type`, p.type, types);
        if (p.type === 'text')
          return field(p, 'text', 'string', `${path}[${j}].text`, true) as string;
        if (p.type === 'refusal') {
          return field(p, 'refusal', 'string', `${path}[${j}].refusal`, true) as string;
        }
        return '';
      })
      .join('');
  }

  function checkChatMessage(
    raw: unknown,
    i: number,
  ): ViewMessage | { role: 'system'; content: string } {
    const path = `messages[${i}]`;
    expectKind(raw, 'object', path);
    const message = raw as Json;
    if (message.role === undefined) throw missingParameter(`${path}.role`);
    if (!CHAT_ROLES.includes(message.role as string)) {
      throw invalidValue(`${path}.role`, message.role, CHAT_ROLES);
    }
    const role = message.role as string;
    const allowed = CHAT_MESSAGE_KEYS[role] ?? [];
    const extra = Object.keys(message).find((key) => !allowed.includes(key));
    if (extra !== undefined) {
      throw new ApiError(
        400,
        `Additional properties are not allowed ('${extra}' was unexpected) - 'messages.${i}'`,
      );
    }
    if (role === 'assistant') {
      const toolCalls = field(message, 'tool_calls', 'array', `${path}.tool_calls`) as
        | unknown[]
        | undefined;
      if (toolCalls && toolCalls.length === 0) {
        throw new ApiError(
          400,
          `Invalid '${path}.tool_calls': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
          `${path}.tool_calls`,
          'empty_array',
        );
      }
      if ((message.content === undefined || message.content === null) && !toolCalls) {
        throw new ApiError(
          400,
          "Invalid value for 'content': expected a string, got null.",
          `messages.[${i}].content`,
        );
      }
      const content =
        message.content === undefined || message.content === null
          ? ''
          : chatContentText(message.content, `${path}.content`);
      return {
        role: 'assistant',
        content,
        toolCalls: (toolCalls ?? []).map((rawCall, j) => {
          const callPath = `${path}.tool_calls[${j}]`;
          expectKind(rawCall, 'object', callPath);
          const call = rawCall as Json;
          onlyKeys(call, ['id', 'type', 'function'], callPath);
          const id = field(call, 'id', 'string', `${callPath}.id`, true) as string;
          if (call.type === undefined) throw missingParameter(`${callPath}.type`);
          if (call.type !== 'function')
            throw invalidValue(`${callPath}.type`, call.type, ['function']);
          const fn = field(call, 'function', 'object', `${callPath}.function`, true) as Json;
          onlyKeys(fn, ['name', 'arguments'], `${callPath}.function`);
          const name = field(fn, 'name', 'string', `${callPath}.function.name`, true) as string;
          const args = field(fn, 'arguments', 'string', `${callPath}.function.arguments`, true);
          return { id, name, arguments: parseArguments(args as string) };
        }),
      };
    }
    if (message.content === undefined || message.content === null) {
      throw missingParameter(`${path}.content`);
    }
    const content = chatContentText(message.content, `${path}.content`);
    if (role === 'tool') {
      const toolCallId = field(
        message,
        'tool_call_id',
        'string',
        `${path}.tool_call_id`,
        true,
      ) as string;
      return { role: 'tool', toolCallId, content, isError: false };
    }
    if (role === 'user') return { role: 'user', content };
    if (role === 'function') {
      throw new ApiError(
        400,
        `Invalid parameter: messages with role 'function' must be a response to a preceeding message with 'function_call'.`,
        `messages.[${i}].role`,
      );
    }
    return { role: 'system', content };
  }

  /** Tool messages must answer the assistant message right before them, and answer all of it. */
  function checkChatSequence(
    messages: (ViewMessage | { role: 'system'; content: string })[],
  ): void {
    let expected: Set<string> | undefined;
    let pending = new Set<string>();
    let pendingIndex = -1;
    const unanswered = () =>
      new ApiError(
        400,
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`,
        `messages.[${pendingIndex}].role`,
      );
    messages.forEach((message, i) => {
      if (message.role === 'tool') {
        if (!expected) {
          throw new ApiError(
            400,
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
            `messages.[${i}].role`,
          );
        }
        if (!expected.has(message.toolCallId)) {
          throw new ApiError(
            400,
            `Invalid parameter: 'tool_call_id' of '${message.toolCallId}' not found in 'tool_calls' of previous message.`,
            `messages.[${i}].tool_call_id`,
          );
        }
        pending.delete(message.toolCallId);
        return;
      }
      if (pending.size > 0) throw unanswered();
      if (message.role === 'assistant' && message.toolCalls.length > 0) {
        expected = new Set(message.toolCalls.map((c) => c.id));
        pending = new Set(expected);
        pendingIndex = i;
      } else {
        expected = undefined;
      }
    });
    if (pending.size > 0) throw unanswered();
  }

  function checkChatTools(body: Json): string[] {
    const tools = field(body, 'tools', 'array', 'tools') as unknown[] | undefined;
    if (!tools) return [];
    if (tools.length === 0) {
      throw new ApiError(
        400,
        "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        'tools',
        'empty_array',
      );
    }
    return tools.map((raw, i) => {
      const path = `tools[${i}]`;
      expectKind(raw, 'object', path);
      const tool = raw as Json;
      if (tool.type === undefined) throw missingParameter(`${path}.type`);
      if (tool.type !== 'function')
        throw invalidValue(`${path}.type`, tool.type, ['function', 'custom']);
      // The flat Responses shape: `function` is missing and its fields are unknown here.
      const fn = field(tool, 'function', 'object', `${path}.function`, true) as Json;
      onlyKeys(tool, ['type', 'function'], path);
      onlyKeys(fn, ['name', 'description', 'parameters', 'strict'], `${path}.function`);
      const name = field(fn, 'name', 'string', `${path}.function.name`, true) as string;
      if (!TOOL_NAME.test(name)) {
        throw new ApiError(
          400,
          `Invalid '${path}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
          `${path}.function.name`,
          'invalid_value',
        );
      }
      field(fn, 'description', 'string', `${path}.function.description`);
      const strict = field(fn, 'strict', 'boolean', `${path}.function.strict`) as
        | boolean
        | undefined;
      checkParametersSchema(fn.parameters, name, `${path}.function.parameters`, strict === true);
      return name;
    });
  }

  function checkChatSettings(body: Json, model: string): void {
    if (body.max_tokens !== undefined && body.max_tokens !== null && isReasoningModel(model)) {
      throw new ApiError(
        400,
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        'max_tokens',
        'unsupported_parameter',
      );
    }
    for (const key of ['max_tokens', 'max_completion_tokens']) {
      const value = field(body, key, 'integer', key) as number | undefined;
      if (value !== undefined && value < 1) {
        throw new ApiError(
          400,
          `Invalid '${key}': integer below minimum value. Expected a value >= 1, but got ${value} instead.`,
          key,
          'integer_below_min_value',
        );
      }
    }
    const rules = gptRules(model);
    field(body, 'temperature', 'number', 'temperature');
    checkSampling(body, rules, body.reasoning_effort);
    if (body.reasoning_effort !== undefined && body.reasoning_effort !== null) {
      if (!isReasoningModel(model)) {
        throw new ApiError(
          400,
          "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
          'reasoning_effort',
          'unsupported_parameter',
        );
      }
      if (!rules.chatEfforts.includes(body.reasoning_effort as Effort)) {
        throw unsupportedEffort(
          model,
          body.reasoning_effort,
          rules.chatEfforts,
          'reasoning_effort',
        );
      }
    }
    // GPT-6: "require Responses for tool calling", or (Sol, Luna) an explicit effort of none.
    const tools = body.tools as unknown[] | undefined;
    const toolsAllowed =
      rules.chatFunctionTools === 'always' ||
      (rules.chatFunctionTools === 'effort_none' && body.reasoning_effort === 'none');
    if (tools?.length && !toolsAllowed) {
      throw new ApiError(
        400,
        `Function tools with reasoning_effort are not supported for ${model} in /v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort to 'none'.`,
        'reasoning_effort',
        null,
      );
    }
    checkStreamOptions(body, ['include_usage', 'include_obfuscation']);
  }

  function renderChatCompletion(request: FakeRequest, model: string, turn: BrainTurn): Json {
    const bodyText = request.bodyText;
    const reasoningModel = isReasoningModel(model);
    const calls = turn.toolCalls ?? [];
    const toolCalls = calls.map((call, index) => {
      const text = argumentsText(call.arguments);
      // Cut by the token limit, the last call's arguments stop half way.
      const cut = turn.truncated && index === calls.length - 1;
      return {
        id: `call_${alnum(24)}`,
        type: 'function',
        function: { name: call.name, arguments: cut ? text.slice(0, text.length >> 1) : text },
      };
    });
    const message: Json = {
      role: 'assistant',
      content:
        turn.refusal !== undefined ? null : (turn.text ?? (toolCalls.length > 0 ? null : '')),
      refusal: turn.refusal ?? null,
      annotations: [],
    };
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    if (options.chatReasoningField && turn.reasoning !== undefined) {
      message[options.chatReasoningField] = turn.reasoning;
    }
    // Local servers count the reasoning they return; OpenAI's Chat API counts hidden reasoning.
    const usage = fullUsage(turn, bodyText, reasoningModel || !!options.chatReasoningField);
    answeredUsage.set(request, usage);
    const promptTokens = usage.freshInput + usage.cachedInput + usage.cacheWrite;
    const completionTokens = usage.output + usage.reasoning;
    const wireUsage: Json = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    if (chatUsageDetails) {
      wireUsage.prompt_tokens_details = {
        cached_tokens: usage.cachedInput,
        cache_write_tokens: usage.cacheWrite,
        audio_tokens: 0,
      };
      wireUsage.completion_tokens_details = {
        reasoning_tokens: usage.reasoning,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      };
    }
    return {
      id: `chatcmpl-${alnum(29)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message,
          logprobs: null,
          finish_reason: turn.truncated
            ? 'length'
            : turn.contentFiltered
              ? 'content_filter'
              : toolCalls.length > 0
                ? 'tool_calls'
                : 'stop',
        },
      ],
      ...(chatUsage ? { usage: wireUsage } : {}),
      service_tier: 'default',
      system_fingerprint: null,
    };
  }

  async function createChatCompletion(request: FakeRequest, body: Json): Promise<FakeResponse> {
    const unknown = Object.keys(body).find((key) => !CHAT_PARAMS.includes(key));
    if (unknown !== undefined) {
      throw new ApiError(400, `Unrecognized request argument supplied: ${unknown}`);
    }
    const model = checkModel(body, 'you must provide a model parameter');
    if (body.messages === undefined || body.messages === null) throw missingParameter('messages');
    expectKind(body.messages, 'array', 'messages');
    const rawMessages = body.messages as unknown[];
    if (rawMessages.length === 0) {
      throw new ApiError(
        400,
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        'messages',
        'empty_array',
      );
    }
    const parsed = rawMessages.map((message, i) => checkChatMessage(message, i));
    checkChatSequence(parsed);
    const toolNames = checkChatTools(body);
    const toolChoice = checkChatToolChoice(body, toolNames);
    checkChatSettings(body, model);
    const callNames = new Map<string, string>();
    const messages: ViewMessage[] = [];
    const systemParts: string[] = [];
    for (const message of parsed) {
      if (message.role === 'system') {
        systemParts.push(message.content);
        continue;
      }
      if (message.role === 'assistant') {
        for (const call of message.toolCalls) callNames.set(call.id, call.name);
      }
      messages.push(
        message.role === 'tool' ? { ...message, name: callNames.get(message.toolCallId) } : message,
      );
    }
    const view = finishView({
      model,
      system: systemParts.join('\n\n'),
      messages,
      toolNames,
      maxOutputTokens: (body.max_completion_tokens ?? body.max_tokens) as number | undefined,
      raw: body,
    });
    const turn = obeyToolChoice(await askBrain(view, request.signal), toolChoice);
    const completion = renderChatCompletion(request, model, turn);
    if (body.stream === true) {
      const streamOptions = (body.stream_options ?? {}) as Json;
      return chatCompletionStream(completion, {
        includeUsage: streamOptions.include_usage === true,
        obfuscate: streamOptions.include_obfuscation !== false,
      });
    }
    return { status: 200, body: completion };
  }

  // ------------------------------------------------------------------ /v1/models

  const modelObject = (id: string) => ({
    id,
    object: 'model',
    created: 1754425777,
    owned_by: 'system',
  });

  function getModel(id: string): FakeResponse {
    if (!models.includes(id)) {
      throw new ApiError(404, `The model '${id}' does not exist`, 'model', 'model_not_found');
    }
    return { status: 200, body: modelObject(id) };
  }

  // ------------------------------------------------------------------ routing

  async function route(request: FakeRequest): Promise<FakeResponse> {
    checkAuth(request.headers);
    const path = request.url.pathname.replace(/\/+$/, '');
    const invalidUrl = () =>
      new ApiError(404, `Invalid URL (${request.method} ${request.url.pathname})`);
    const match = /\/v1\/(responses|chat\/completions|models)(?:\/([^/]+))?$/.exec(path);
    if (!match) throw invalidUrl();
    const [, endpoint, id] = match;
    if (endpoint === 'models' && request.method === 'GET') {
      if (id === undefined) {
        return { status: 200, body: { object: 'list', data: models.map(modelObject) } };
      }
      return getModel(decodeURIComponent(id));
    }
    if (request.method !== 'POST' || id !== undefined || endpoint === 'models') throw invalidUrl();
    const body = parseBody(request.bodyText);
    return endpoint === 'responses'
      ? createResponse(request, body)
      : createChatCompletion(request, body);
  }

  const handler: FakeHandler = async (request) => {
    let json: unknown;
    try {
      json = request.bodyText ? JSON.parse(request.bodyText) : undefined;
    } catch {
      json = undefined;
    }
    let response: FakeResponse;
    try {
      response = await route(request);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      response = {
        status: error.status,
        headers: error.headers,
        body: {
          error: { message: error.message, type: error.type, param: error.param, code: error.code },
        },
      };
    }
    const usage = answeredUsage.get(request);
    response = {
      ...response,
      headers: {
        'x-request-id': `req_${hex(16)}`,
        'openai-version': '2020-10-01',
        ...response.headers,
      },
      ...(usage && response.status === 200 ? { usage } : {}),
    };
    log.requests.push({ request, json, response });
    return response;
  };

  return { handler, log };
}
