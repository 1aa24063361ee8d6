/**
 * A strict fake of Anthropic's Messages API: POST /v1/messages and GET /v1/models/{id}.
 * It checks requests the way the API does (auth, version header, body shape, model, the
 * tool_use / tool_result pairing, thinking signatures) and answers in the API's own shapes,
 * errors included. What the model says comes from a Brain.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type ClaudeRules, claudeRules, type Effort, effortAbove } from './anthropic-models.js';
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
import { anthropicSchemaValid } from './json-schema-rules.js';
import { delay } from './serve-fake.js';
import { chatCompletionStream, messagesStream } from './stream-wire.js';

export interface AnthropicFakeOptions {
  brain: Brain;
  /** The one key the fake accepts (x-api-key or Authorization: Bearer). */
  apiKey?: string;
  /** Model ids the fake knows; others get the API's 404. */
  models?: string[];
}

/** The model ids of @anthropic-ai/sdk 1.x's `Model` type. */
export const ANTHROPIC_FAKE_MODELS = [
  'claude-fable-5-2',
  'claude-mythos-5-2',
  'claude-haiku-5-5',
  'claude-sonnet-5-5',
  'claude-fable-5-1',
  'claude-opus-5-5',
  'claude-mythos-5-1',
  'claude-sonnet-5',
  'claude-fable-5',
  'claude-mythos-5',
  'claude-opus-5',
  'claude-opus-4-8',
  'claude-opus-4-7',
  'claude-mythos-preview',
  'claude-opus-4-6',
  'claude-sonnet-4-6',
  'claude-haiku-4-5',
  'claude-haiku-4-5-20251001',
  'claude-opus-4-5',
  'claude-opus-4-5-20251101',
  'claude-sonnet-4-5',
  'claude-sonnet-4-5-20250929',
];

/** 2026-10-21 is what SDK 1.x sends; 2023-06-01 what 0.x sent. */
const API_VERSIONS = ['2023-01-01', '2023-06-01', '2026-10-21'];
const SAMPLING_REMOVED_IN = '2026-10-21';

// --- Errors in the API's shape ---

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** A request the API refuses, raised while validating. */
class WireError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = ERROR_TYPES[status] ?? 'api_error',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function anthropicId(prefix: string): string {
  const bytes = randomBytes(22);
  return `${prefix}_01${Array.from(bytes, (byte) => BASE62[byte % 62]).join('')}`;
}

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, headers: { 'request-id': anthropicId('req'), ...headers }, body };
}

function errorResponse(error: WireError): FakeResponse {
  const response = respond(error.status, undefined, error.headers);
  response.body = {
    type: 'error',
    error: { type: error.type, message: error.message },
    request_id: response.headers['request-id'],
  };
  return response;
}

// --- The request body, as strict as the API (pydantic-style messages) ---

const CacheControl = z
  .strictObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() })
  .nullish();
const TextBlock = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: CacheControl,
  citations: z.array(z.unknown()).nullish(),
});
const ThinkingBlock = z.strictObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});
const RedactedThinkingBlock = z.strictObject({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});
const ToolUseBlock = z.strictObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
  cache_control: CacheControl,
  caller: z.looseObject({ type: z.string() }).optional(),
  toolset_name: z.string().nullish(),
});
const ToolResultBlock = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(TextBlock)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: CacheControl,
  toolset_name: z.string().nullish(),
});
const ContentBlock = z.discriminatedUnion('type', [
  TextBlock,
  ThinkingBlock,
  RedactedThinkingBlock,
  ToolUseBlock,
  ToolResultBlock,
]);
type ContentBlock = z.infer<typeof ContentBlock>;
const MessageParam = z.strictObject({
  // role 'system' (API 2026-10-21) is left out: the fake does not model it.
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(ContentBlock)]),
});
const ToolParam = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object') }),
  type: z.literal('custom').nullish(),
  cache_control: CacheControl,
  strict: z.boolean().optional(),
  defer_loading: z.boolean().optional(),
  eager_input_streaming: z.boolean().nullish(),
  input_examples: z.array(z.record(z.string(), z.unknown())).optional(),
  allowed_callers: z.array(z.string()).optional(),
});
const ToolChoice = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({
    type: z.literal('tool'),
    name: z.string(),
    disable_parallel_tool_use: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('none') }),
]);
const Display = z.enum(['summarized', 'omitted']).optional();
const Thinking = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('adaptive'), display: Display }),
  // "between_tools … takes no other field: display or budget_tokens next to it is a 400"
  z.strictObject({ type: z.literal('between_tools') }),
  z.strictObject({ type: z.literal('disabled') }),
  z.strictObject({
    type: z.literal('enabled'),
    budget_tokens: z.number().int().min(1024),
    display: Display,
  }),
]);
const OutputConfig = z.strictObject({
  effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  format: z.looseObject({ type: z.string() }).nullish(),
});

const RequestFields = {
  model: z.string(),
  max_tokens: z.number().int().min(0),
  messages: z.array(MessageParam),
  system: z.union([z.string(), z.array(TextBlock)]).optional(),
  tools: z.array(ToolParam).optional(),
  tool_choice: ToolChoice.optional(),
  thinking: Thinking.optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  metadata: z.strictObject({ user_id: z.string().nullish() }).optional(),
  output_config: OutputConfig.optional(),
  service_tier: z.enum(['auto', 'standard_only']).optional(),
  cache_control: CacheControl,
  container: z.unknown().optional(),
  diagnostics: z.unknown().optional(),
  inference_geo: z.string().nullish(),
  speed: z.enum(['standard', 'fast']).nullish(),
};
/** 2026-10-21 removed the sampling parameters: sent anyway, they are "extra inputs". */
const RequestBody = z.strictObject(RequestFields);
const LegacyRequestBody = z.strictObject({
  ...RequestFields,
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
});
type RequestBody = z.infer<typeof LegacyRequestBody>;

const TYPE_NAMES: Record<string, string> = {
  string: 'string',
  number: 'number',
  int: 'integer',
  boolean: 'boolean',
  object: 'dictionary',
  record: 'dictionary',
  array: 'list',
};

/** One zod issue in the API's words: `messages.0.content.1.text: Field required`. */
function describeIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[] = []): string {
  const path = [...prefix, ...issue.path];
  const at = (extra: PropertyKey[] = []) => [...path, ...extra].map(String).join('.');
  const missing = !('input' in issue) || issue.input === undefined;
  if (missing && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return `${at()}: Field required`;
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${at([issue.keys[0] ?? ''])}: Extra inputs are not permitted`;
    case 'invalid_union': {
      if (issue.errors.length === 0) {
        // A discriminated union with an unknown tag; pydantic reports it on the block itself.
        const tagged = issue as unknown as { discriminator?: string; options?: unknown[] };
        const input = (issue as { input?: unknown }).input as Record<string, unknown> | undefined;
        const key = tagged.discriminator ?? 'type';
        const tags = (tagged.options ?? []).map((tag) => `'${String(tag)}'`).join(', ');
        return `${path.slice(0, -1).map(String).join('.')}: Input tag '${String(input?.[key])}' found using '${key}' does not match any of the expected tags: ${tags}`;
      }
      // Report the branch that got furthest, as pydantic's "smart" unions do.
      const branches = issue.errors.filter((branch) => branch.length > 0);
      const best = branches.reduce((a, b) =>
        (b[0]?.path.length ?? 0) > (a[0]?.path.length ?? 0) ? b : a,
      );
      return best[0] ? describeIssue(best[0], path) : `${at()}: Invalid input`;
    }
    case 'invalid_type':
      return `${at()}: Input should be a valid ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `${at()}: List should have at least ${issue.minimum} item after validation`
        : `${at()}: Input should be greater than or equal to ${issue.minimum}`;
    case 'too_big':
      return `${at()}: Input should be less than or equal to ${issue.maximum}`;
    case 'invalid_value':
      return `${at()}: Input should be ${issue.values.map((value) => `'${String(value)}'`).join(' or ')}`;
    case 'invalid_format':
      return issue.format === 'regex'
        ? `${at()}: String should match pattern '${String((issue as { pattern?: string }).pattern).replace(/^\/|\/$/g, '')}'`
        : `${at()}: ${issue.message}`;
    default:
      return `${at()}: ${issue.message}`;
  }
}

// --- Conversation checks the schema cannot express ---

/** Consecutive same-role messages, combined as the API does; `index` is the first one's. */
interface Turn {
  role: 'user' | 'assistant';
  index: number;
  blocks: { block: ContentBlock; where: string }[];
}

function toTurns(messages: RequestBody['messages']): Turn[] {
  const turns: Turn[] = [];
  messages.forEach((message, index) => {
    const blocks =
      typeof message.content === 'string'
        ? [
            {
              block: { type: 'text', text: message.content } as ContentBlock,
              where: `messages.${index}`,
            },
          ]
        : message.content.map((block, b) => ({ block, where: `messages.${index}.content.${b}` }));
    const last = turns.at(-1);
    // "Consecutive user or assistant turns in your request will be combined into a single turn."
    if (last?.role === message.role) last.blocks.push(...blocks);
    else turns.push({ role: message.role, index, blocks });
  });
  return turns;
}

/** tool_use ids the fake issued in a turn that opened with a thinking block. */
type IssuedThinking = Set<string>;
/** The thinking text each signature the fake issued was given with. */
type Signatures = Map<string, string>;

function checkConversation(
  body: RequestBody,
  turns: Turn[],
  version: string,
  signatures: Signatures,
  thoughtBefore: IssuedThinking,
): void {
  const invalid = (message: string) => new WireError(400, message);
  if (turns.length === 0) throw invalid('messages: at least one message is required');
  if (turns[0]?.role !== 'user') throw invalid('messages: first message must use the "user" role');
  const usesTools = turns.some((turn) =>
    turn.blocks.some(({ block }) => block.type === 'tool_use' || block.type === 'tool_result'),
  );
  if (usesTools && !body.tools?.length) {
    throw invalid('Requests which include `tool_use` or `tool_result` blocks must define tools.');
  }
  const seenToolUse = new Set<string>();
  turns.forEach((turn, t) => {
    const isFinal = t === turns.length - 1;
    if (turn.blocks.length === 0 && !(isFinal && turn.role === 'assistant')) {
      throw invalid(
        `messages.${turn.index}: all messages must have non-empty content except for the optional final assistant message`,
      );
    }
    let seenOther = false;
    for (const { block, where } of turn.blocks) {
      if (block.type === 'text' && block.text === '') {
        throw invalid('messages: text content blocks must be non-empty');
      }
      if (
        turn.role === 'user' &&
        (block.type === 'thinking' ||
          block.type === 'redacted_thinking' ||
          block.type === 'tool_use')
      ) {
        throw invalid(`${where}: \`${block.type}\` blocks can only be in \`assistant\` messages`);
      }
      if (turn.role === 'assistant' && block.type === 'tool_result') {
        throw invalid(`${where}: \`tool_result\` blocks can only be in \`user\` messages`);
      }
      if (
        version === SAMPLING_REMOVED_IN &&
        turn.role === 'user' &&
        block.type === 'text' &&
        block.citations?.length
      ) {
        throw invalid(
          `${where}.citations: citations are not allowed on text blocks in user messages`,
        );
      }
      if (block.type === 'thinking' && signatures.get(block.signature) !== block.thinking) {
        throw invalid(`${where}: Invalid \`signature\` in \`thinking\` block`);
      }
      if (block.type === 'tool_use') {
        if (seenToolUse.has(block.id)) throw invalid(`${where}: \`tool_use\` ids must be unique`);
        seenToolUse.add(block.id);
      }
      if (turn.role === 'user' && block.type === 'tool_result' && seenOther) {
        throw invalid(
          `${where}: \`tool_result\` blocks must come first in the user message content, before any other block`,
        );
      }
      if (block.type !== 'tool_result') seenOther = true;
    }
    if (turn.role === 'assistant') checkAnswered(turn, turns[t + 1]);
    if (turn.role === 'user') checkResultsMatch(turn, turns[t - 1]);
  });
  checkThinkingKept(turns, thoughtBefore);
}

/** Every tool_use of an assistant turn needs its tool_result in the very next (user) turn. */
function checkAnswered(assistant: Turn, next: Turn | undefined): void {
  const answered = new Set(
    (next?.blocks ?? []).flatMap(({ block }) =>
      block.type === 'tool_result' ? [block.tool_use_id] : [],
    ),
  );
  const unanswered = assistant.blocks.flatMap(({ block }) =>
    block.type === 'tool_use' && !answered.has(block.id) ? [block.id] : [],
  );
  if (unanswered.length > 0) {
    throw new WireError(
      400,
      `messages.${assistant.index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
    );
  }
}

/** Every tool_result must answer a tool_use of the assistant turn right before it. */
function checkResultsMatch(user: Turn, previous: Turn | undefined): void {
  const asked = new Set(
    (previous?.blocks ?? []).flatMap(({ block }) => (block.type === 'tool_use' ? [block.id] : [])),
  );
  for (const { block, where } of user.blocks) {
    if (block.type === 'tool_result' && !asked.has(block.tool_use_id)) {
      throw new WireError(
        400,
        `${where}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
      );
    }
  }
}

/**
 * While a tool loop is under way, the assistant turn being answered must still open with the
 * thinking block the model wrote before its tool calls (the API requires it with thinking on;
 * this fake thinks whenever its brain reasons).
 */
function checkThinkingKept(turns: Turn[], thoughtBefore: IssuedThinking): void {
  const answering = turns.at(-2);
  if (answering?.role !== 'assistant') return;
  const thought = answering.blocks.some(({ block }) => {
    return block.type === 'tool_use' && thoughtBefore.has(block.id);
  });
  const first = answering.blocks[0]?.block;
  if (thought && first?.type !== 'thinking' && first?.type !== 'redacted_thinking') {
    throw new WireError(
      400,
      `messages.${answering.index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first?.type}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`,
    );
  }
}

// --- What the brain sees ---

function resultText(content: z.infer<typeof ToolResultBlock>['content']): string {
  if (content === undefined) return '';
  return typeof content === 'string' ? content : content.map((block) => block.text).join('\n');
}

function toView(body: RequestBody, turns: Turn[]): ConversationView {
  const messages: ViewMessage[] = [];
  const toolNames = new Map<string, string>();
  for (const turn of turns) {
    if (turn.role === 'assistant') {
      const texts: string[] = [];
      const toolCalls: { id: string; name: string; arguments: unknown }[] = [];
      for (const { block } of turn.blocks) {
        if (block.type === 'text') texts.push(block.text);
        if (block.type === 'tool_use') {
          toolNames.set(block.id, block.name);
          toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
        }
      }
      messages.push({ role: 'assistant', content: texts.join('\n'), toolCalls });
      continue;
    }
    const texts: string[] = [];
    for (const { block } of turn.blocks) {
      if (block.type === 'tool_result') {
        messages.push({
          role: 'tool',
          toolCallId: block.tool_use_id,
          name: toolNames.get(block.tool_use_id),
          content: resultText(block.content),
          isError: block.is_error ?? false,
        });
      }
      if (block.type === 'text') texts.push(block.text);
    }
    if (texts.length > 0) messages.push({ role: 'user', content: texts.join('\n') });
  }
  const lastAssistant = messages.findLastIndex((message) => message.role === 'assistant');
  const system =
    typeof body.system === 'string'
      ? body.system
      : (body.system ?? []).map((block) => block.text).join('\n');
  return {
    model: body.model,
    system,
    messages,
    toolNames: (body.tools ?? []).map((tool) => tool.name),
    maxOutputTokens: body.max_tokens,
    turn: messages.filter((message) => message.role === 'assistant').length,
    lastToolResults: messages
      .slice(lastAssistant + 1)
      .filter(
        (message): message is Extract<ViewMessage, { role: 'tool' }> => message.role === 'tool',
      ),
    raw: body as unknown as Record<string, unknown>,
  };
}

// --- The response ---

const tokensOf = (text: string) => Math.ceil(text.length / 4);

/**
 * The Messages API only ever returns `tool_use.input` as a JSON object, so arguments that are not
 * one cannot go over this wire as they are: they arrive as `{}`, a call missing its arguments.
 */
function toolInputOf(args: string | Record<string, unknown>): Record<string, unknown> {
  if (typeof args !== 'string') return args;
  try {
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // below
  }
  return {};
}

/** Without a brain-given usage, a rough 4-characters-a-token estimate keeps counts realistic. */
function estimateUsage(body: RequestBody, turn: BrainTurn | undefined): FakeUsage {
  const visible = [
    turn?.text ?? '',
    ...(turn?.toolCalls ?? []).map((call) => JSON.stringify(call)),
  ];
  return {
    freshInput: tokensOf(JSON.stringify([body.system ?? '', body.messages, body.tools ?? []])),
    cachedInput: 0,
    cacheWrite: 0,
    output: turn ? Math.max(1, tokensOf(visible.join(''))) : 0,
    reasoning: tokensOf(turn?.reasoning ?? ''),
  };
}

function renderUsage(usage: FakeUsage) {
  return {
    input_tokens: usage.freshInput,
    cache_creation_input_tokens: usage.cacheWrite,
    cache_read_input_tokens: usage.cachedInput,
    cache_creation: { ephemeral_5m_input_tokens: usage.cacheWrite, ephemeral_1h_input_tokens: 0 },
    // Thinking is billed as output; the API reports its part separately.
    output_tokens: usage.output + usage.reasoning,
    output_tokens_details: usage.reasoning > 0 ? { thinking_tokens: usage.reasoning } : null,
    inference_geo: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  };
}

// --- Models ---

const LINES = ['haiku', 'sonnet', 'opus', 'fable', 'mythos'];

function modelInfo(id: string) {
  const [, line = '', ...version] = id.replace(/-\d{8}$/, '').split('-');
  const name = `Claude ${line.charAt(0).toUpperCase()}${line.slice(1)} ${version.join('.')}`.trim();
  return {
    type: 'model',
    id,
    display_name: name,
    created_at: '2025-09-29T00:00:00Z',
    capabilities: null,
    deprecated_at: null,
    lifecycle: 'active',
    line: LINES.includes(line) ? line : null,
    max_input_tokens: 200_000,
    max_tokens: 64_000,
    retires_at: null,
  };
}

// --- The fake ---

/** A strict fake of Anthropic's Messages API (POST /v1/messages, GET /v1/models/{id}). */
/** A request body as the API reads it: JSON, or its 400. */
function jsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new WireError(
      400,
      'There was an issue with the format of your request: invalid JSON body',
    );
  }
}

export function createAnthropicFake(options: AnthropicFakeOptions): {
  handler: FakeHandler;
  log: FakeLog;
} {
  const apiKey = options.apiKey ?? 'sk-ant-test';
  const models = new Set(options.models ?? ANTHROPIC_FAKE_MODELS);
  const log: FakeLog = { requests: [] };
  const secret = randomBytes(16);
  const signatures: Signatures = new Map();
  /** A signature binds the block's text and the hidden thinking behind it (display "omitted"). */
  const sign = (shown: string, hidden: string) => {
    const signature = createHash('sha256')
      .update(secret)
      .update(hidden)
      .update(randomBytes(8))
      .digest('base64');
    signatures.set(signature, shown);
    return signature;
  };
  const thoughtBefore: IssuedThinking = new Set();
  /** The content of turns the fake paused (stop_reason pause_turn), as JSON. */
  const paused = new Set<string>();

  function checkKey(headers: Headers): void {
    const bearer = headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
    // With both headers present the API goes by x-api-key.
    const key = headers.get('x-api-key') ?? bearer;
    if (!key) throw new WireError(401, 'x-api-key header is required');
    if (key !== apiKey) throw new WireError(401, 'invalid x-api-key');
  }

  function authenticate(headers: Headers): string {
    checkKey(headers);
    const version = headers.get('anthropic-version');
    if (!version) throw new WireError(400, 'anthropic-version: header is required');
    if (!API_VERSIONS.includes(version)) {
      throw new WireError(
        400,
        `anthropic-version: invalid version '${version}'. Valid versions: ${API_VERSIONS.join(', ')}`,
      );
    }
    return version;
  }

  /**
   * POST /v1/messages. `compat`: the request came through the OpenAI SDK compatibility layer,
   * which returns no thinking and so asks for none.
   */
  async function createMessage(
    request: FakeRequest,
    json: unknown,
    version: string,
    compat = false,
  ): Promise<FakeResponse> {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new WireError(400, 'Input should be a valid dictionary');
    }
    const schema = version === SAMPLING_REMOVED_IN ? RequestBody : LegacyRequestBody;
    const parsed = schema.safeParse(json, { reportInput: true });
    if (!parsed.success) {
      throw new WireError(400, describeIssue(parsed.error.issues[0] as z.core.$ZodIssue));
    }
    const body: RequestBody = parsed.data;
    if (!models.has(body.model)) throw new WireError(404, `model: ${body.model}`);
    (body.tools ?? []).forEach((tool, index) => {
      if (!anthropicSchemaValid(tool.input_schema)) {
        throw new WireError(
          400,
          `tools.${index}.custom.input_schema: JSON schema is invalid. It must match JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12). Learn more about tool use at https://docs.claude.com/en/docs/tool-use.`,
        );
      }
    });
    const names = (body.tools ?? []).map((tool) => tool.name);
    if (new Set(names).size !== names.length)
      throw new WireError(400, 'tools: Tool names must be unique.');
    const forced = checkToolChoice(body, names);
    const turns = toTurns(body.messages);
    checkConversation(body, turns, version, signatures, thoughtBefore);
    const rules = claudeRules(body.model);
    checkModelRules(body, rules, forced, turns, paused);

    if (body.max_tokens === 0) {
      // Cache pre-warming: the API processes the prompt and generates nothing.
      return respond(
        200,
        message(body, [], 'max_tokens', renderUsage(estimateUsage(body, undefined))),
      );
    }
    const asked = await options.brain(toView(body, turns));
    if (asked.delayMs) await delay(asked.delayMs, request.signal);
    if (asked.error) {
      const { status, type, message: text, headers } = asked.error;
      throw new WireError(status, text, type ?? ERROR_TYPES[status] ?? 'api_error', headers);
    }
    const turn = obeyToolChoice(asked, body.tool_choice);
    const content: Record<string, unknown>[] = [];
    // A forced tool use is prefilled: the model neither thinks nor writes text before the call.
    const calls = turn.toolCalls ?? [];
    if (!forced && !compat && thinks(body, rules, turns) && (turn.reasoning || calls.length > 0)) {
      const hidden = turn.reasoning ?? '';
      const omitted = rules.omitsThinkingText && thinkingDisplay(body) !== 'summarized';
      const shown = omitted ? '' : hidden;
      content.push({ type: 'thinking', thinking: shown, signature: sign(shown, hidden) });
    }
    if (turn.text) content.push({ type: 'text', text: turn.text, citations: null });
    calls.forEach((call, index) => {
      const id = anthropicId('toolu');
      if (content[0]?.type === 'thinking') thoughtBefore.add(id);
      // Cut by max_tokens, the last call's input is whatever had been written: nothing whole.
      const cut = turn.truncated && index === calls.length - 1;
      content.push({
        type: 'tool_use',
        id,
        name: call.name,
        input: cut ? {} : toolInputOf(call.arguments),
        caller: { type: 'direct' },
      });
    });
    const stopReason = turn.truncated
      ? 'max_tokens'
      : turn.refusal !== undefined
        ? 'refusal'
        : turn.paused
          ? 'pause_turn'
          : calls.length
            ? 'tool_use'
            : 'end_turn';
    if (stopReason === 'pause_turn') paused.add(canonicalJson(content));
    const usage: FakeUsage = turn.usage
      ? { freshInput: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, ...turn.usage }
      : estimateUsage(body, turn);
    const details =
      turn.refusal === undefined
        ? null
        : { type: 'refusal', category: null, explanation: turn.refusal || null };
    const answer = message(body, content, stopReason, renderUsage(usage), details);
    if (body.stream) {
      const streamed = messagesStream(answer);
      return {
        ...streamed,
        headers: { ...streamed.headers, 'request-id': anthropicId('req') },
        usage,
      };
    }
    return { ...respond(200, answer), usage };
  }

  /**
   * POST /v1/chat/completions, Claude's OpenAI SDK compatibility layer: the request is turned into
   * a Messages request (system and developer messages hoisted and joined with "\n", tool calls and
   * results as blocks; no thinking, which the layer could not return), checked and answered like one, and the message given back as
   * a chat completion (streamed when asked). Fields the layer ignores are dropped; `n` must be 1.
   */
  async function compatibleChat(request: FakeRequest, json: unknown): Promise<FakeResponse> {
    const chat = CompatChatRequest.safeParse(json);
    if (!chat.success)
      throw new WireError(400, describeIssue(chat.error.issues[0] as z.core.$ZodIssue));
    const body = chat.data;
    if (body.n !== undefined && body.n !== null && body.n !== 1) {
      throw new WireError(400, 'n: only n=1 is supported');
    }
    const answer = await createMessage(
      request,
      compatMessagesBody(body),
      SAMPLING_REMOVED_IN,
      true,
    );
    if (answer.status !== 200) return answer;
    const completion = compatCompletion(answer.body as Record<string, unknown>);
    const usage = answer.usage ? { usage: answer.usage } : {};
    if (body.stream) {
      const streamed = chatCompletionStream(completion, {
        includeUsage: body.stream_options?.include_usage === true,
      });
      return {
        ...streamed,
        headers: { ...streamed.headers, 'request-id': anthropicId('req') },
        ...usage,
      };
    }
    return { ...respond(200, completion), ...usage };
  }

  const handler: FakeHandler = async (request) => {
    let json: unknown;
    let response: FakeResponse;
    try {
      if (request.url.pathname.endsWith('/v1/chat/completions') && request.method === 'POST') {
        checkKey(request.headers);
        json = jsonBody(request.bodyText);
        response = await compatibleChat(request, json);
        log.requests.push({ request, json, response });
        return response;
      }
      const version = authenticate(request.headers);
      const path = request.url.pathname;
      const model = path.match(/\/v1\/models\/([^/]+)$/);
      if (path.endsWith('/v1/messages')) {
        if (request.method !== 'POST')
          throw new WireError(405, 'Method Not Allowed', 'invalid_request_error');
        json = jsonBody(request.bodyText);
        response = await createMessage(request, json, version);
      } else if (model?.[1] && request.method === 'GET') {
        const id = decodeURIComponent(model[1]);
        if (!models.has(id)) throw new WireError(404, `model: ${id}`);
        response = respond(200, modelInfo(id));
      } else {
        throw new WireError(404, 'Not Found');
      }
    } catch (error) {
      if (!(error instanceof WireError)) throw error;
      response = errorResponse(error);
    }
    log.requests.push({ request, json, response });
    return response;
  };
  return { handler, log };
}

/**
 * Checks `tool_choice` as the API does; true when it forces tool use (`any` or `tool`).
 * Forced tool use and extended thinking exclude each other.
 */
function checkToolChoice(body: RequestBody, toolNames: string[]): boolean {
  const choice = body.tool_choice;
  if (!choice) return false;
  if (choice.type !== 'none' && toolNames.length === 0) {
    throw new WireError(400, 'tool_choice may only be specified while providing tools.');
  }
  if (choice.type === 'tool' && !toolNames.includes(choice.name)) {
    throw new WireError(400, `Tool '${choice.name}' not found in provided tools`);
  }
  const forced = choice.type === 'any' || choice.type === 'tool';
  if (forced && body.thinking?.type === 'enabled') {
    throw new WireError(400, 'Thinking may not be enabled when tool_choice forces tool use.');
  }
  return forced;
}

/**
 * The turn as the API produces it under `tool_choice`: a forced call is certain and comes without
 * text, and `none` calls nothing. A brain that breaks that is a broken test, not a reply.
 */
function obeyToolChoice(turn: BrainTurn, choice: RequestBody['tool_choice']): BrainTurn {
  const calls = turn.toolCalls ?? [];
  if (choice?.type === 'none' && calls.length > 0) {
    throw new Error(
      "anthropic fake: tool_choice 'none' forbids tool use, but the brain made calls",
    );
  }
  if (choice?.type !== 'any' && choice?.type !== 'tool') return turn;
  const wanted = choice.type === 'tool' ? choice.name : undefined;
  const stray = calls.find((call) => wanted !== undefined && call.name !== wanted);
  if (calls.length === 0 || stray) {
    throw new Error(
      `anthropic fake: tool_choice forces ${wanted ?? 'a tool call'}, but the brain answered ${stray ? `with ${stray.name}` : 'without one'}; a real model cannot`,
    );
  }
  return { ...turn, text: undefined, reasoning: undefined };
}

function message(
  body: RequestBody,
  content: unknown[],
  stopReason: string,
  usage: unknown,
  stopDetails: unknown = null,
) {
  return {
    id: anthropicId('msg'),
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: stopDetails,
    container: null,
    diagnostics: null,
    usage,
  };
}

/** The effort a request runs at: the one it sends, else the model's default. */
function effortOf(body: RequestBody, rules: ClaudeRules): Effort | null {
  return body.output_config?.effort ?? rules.defaultEffort;
}

function thinkingDisplay(body: RequestBody): string | undefined {
  const thinking = body.thinking;
  return thinking && 'display' in thinking ? thinking.display : undefined;
}

/**
 * Whether the model thinks before this answer: by its default or the request's `thinking`;
 * `between_tools` thinks only between tool calls (the request answers tool calls).
 */
function thinks(body: RequestBody, rules: ClaudeRules, turns: Turn[]): boolean {
  const type = body.thinking?.type;
  if (type === undefined) return rules.thinksByDefault;
  if (type === 'between_tools') {
    return turns.at(-1)?.blocks.some(({ block }) => block.type === 'tool_result') ?? false;
  }
  return type !== 'disabled';
}

/** What each model refuses, per its pages (see anthropic-models.ts), in the API's words. */
function checkModelRules(
  body: RequestBody,
  rules: ClaudeRules,
  forced: boolean,
  turns: Turn[],
  paused: Set<string>,
): void {
  const invalid = (message: string) => new WireError(400, message);
  if (forced && rules.refusesForcedToolUse) {
    throw invalid('tool_choice: type "tool" and "any" are not supported for this model.');
  }
  if (body.max_tokens > rules.maxOutputTokens) {
    throw invalid(
      `max_tokens: ${body.max_tokens} > ${rules.maxOutputTokens}, which is the maximum allowed number of output tokens for ${body.model}`,
    );
  }
  const thinking = body.thinking;
  if (thinking && !rules.thinkingTypes.includes(thinking.type)) {
    const instead = rules.thinkingTypes.includes('between_tools')
      ? 'Use "thinking.type.between_tools" to turn off up-front thinking.'
      : rules.thinkingTypes.includes('adaptive')
        ? 'Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.'
        : 'Use "thinking.type.enabled" with "budget_tokens".';
    throw invalid(`"thinking.type.${thinking.type}" is not supported for this model. ${instead}`);
  }
  if (thinking?.type === 'enabled' && thinking.budget_tokens >= body.max_tokens) {
    throw invalid('thinking.budget_tokens: must be less than max_tokens');
  }
  const sent = body.output_config?.effort;
  if (sent != null) {
    if (rules.efforts.length === 0) {
      throw invalid('output_config.effort: This model does not support the effort parameter.');
    }
    if (!rules.efforts.includes(sent)) {
      throw invalid(
        `output_config.effort: Input should be ${rules.efforts.map((effort) => `'${effort}'`).join(', ')}`,
      );
    }
  }
  const effort = effortOf(body, rules);
  const ceiling = thinking ? rules.maxEffortWith?.[thinking.type] : undefined;
  if (ceiling !== undefined && effort !== null && effortAbove(effort, ceiling)) {
    throw invalid(
      `"thinking.type.${thinking?.type}" is not supported with effort "${effort}"; it is available up to effort "${ceiling}".`,
    );
  }
  // An assistant message last is a prefill, unless it sends back a turn the API paused.
  const last = body.messages.at(-1);
  if (rules.refusesPrefill && turns.at(-1)?.role === 'assistant' && last !== undefined) {
    if (!paused.has(canonicalJson(last.content))) {
      throw invalid(
        'This model does not support assistant message prefill. The conversation must end with a user message.',
      );
    }
  }
}

/** JSON with sorted keys: the same blocks compare equal whatever order their keys came in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

// --- Claude's OpenAI SDK compatibility layer (POST /v1/chat/completions) ---

const CompatContent = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.literal('text'), text: z.string() })),
]);
const CompatMessage = z.discriminatedUnion('role', [
  z.looseObject({ role: z.enum(['system', 'developer']), content: CompatContent }),
  z.looseObject({ role: z.literal('user'), content: CompatContent }),
  z.looseObject({
    role: z.literal('assistant'),
    content: CompatContent.nullish(),
    tool_calls: z
      .array(
        z.looseObject({
          id: z.string(),
          type: z.literal('function'),
          function: z.looseObject({ name: z.string(), arguments: z.string() }),
        }),
      )
      .nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content: CompatContent }),
]);
/** What the layer reads; the fields it documents as ignored pass without a check. */
const CompatChatRequest = z.looseObject({
  model: z.string(),
  messages: z.array(CompatMessage).min(1),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  n: z.number().int().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  temperature: z.number().min(0).nullish(),
  top_p: z.number().nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  tools: z
    .array(
      z.looseObject({
        type: z.literal('function'),
        function: z.looseObject({
          name: z.string(),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .nullish(),
  tool_choice: z
    .union([
      z.enum(['auto', 'none', 'required']),
      z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
    ])
    .nullish(),
});
type CompatChat = z.infer<typeof CompatChatRequest>;

const compatText = (content: z.infer<typeof CompatContent> | null | undefined) =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text).join('');

/** The Messages request the compatibility layer makes of a chat request. */
function compatMessagesBody(chat: CompatChat): Record<string, unknown> {
  const system: string[] = [];
  const messages: { role: 'user' | 'assistant'; content: Record<string, unknown>[] }[] = [];
  const add = (role: 'user' | 'assistant', block: Record<string, unknown>) => {
    const last = messages.at(-1);
    if (last?.role === role) last.content.push(block);
    else messages.push({ role, content: [block] });
  };
  for (const message of chat.messages) {
    if (message.role === 'system' || message.role === 'developer') {
      system.push(compatText(message.content));
    } else if (message.role === 'user') {
      add('user', { type: 'text', text: compatText(message.content) });
    } else if (message.role === 'tool') {
      add('user', {
        type: 'tool_result',
        tool_use_id: message.tool_call_id,
        content: compatText(message.content),
      });
    } else {
      const text = compatText(message.content);
      if (text !== '') add('assistant', { type: 'text', text });
      const calls = (message.tool_calls ?? []) as {
        id: string;
        function: { name: string; arguments: string };
      }[];
      for (const call of calls) {
        let input: unknown;
        try {
          input = JSON.parse(call.function.arguments || '{}');
        } catch {
          throw new WireError(
            400,
            `messages: tool call ${call.id} has arguments that are not JSON`,
          );
        }
        add('assistant', { type: 'tool_use', id: call.id, name: call.function.name, input });
      }
    }
  }
  const choice = chat.tool_choice;
  const toolChoice =
    choice === undefined || choice === null
      ? undefined
      : typeof choice === 'string'
        ? { type: choice === 'required' ? 'any' : choice }
        : { type: 'tool', name: choice.function.name };
  return {
    model: chat.model,
    max_tokens: chat.max_completion_tokens ?? chat.max_tokens ?? 4096,
    ...(system.length > 0 ? { system: system.join('\n') } : {}),
    messages,
    ...(chat.tools?.length
      ? {
          tools: chat.tools.map((tool) => ({
            name: tool.function.name,
            ...(tool.function.description ? { description: tool.function.description } : {}),
            input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
          })),
        }
      : {}),
    ...(toolChoice ? { tool_choice: toolChoice } : {}),
    ...(chat.stop ? { stop_sequences: Array.isArray(chat.stop) ? chat.stop : [chat.stop] } : {}),
  };
}

const COMPAT_FINISH: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  tool_use: 'tool_calls',
  max_tokens: 'length',
};

/** A Messages answer as the compatibility layer returns it: a chat completion, one choice. */
function compatCompletion(answer: Record<string, unknown>): Record<string, unknown> {
  const blocks = answer.content as Record<string, unknown>[];
  const usage = answer.usage as Record<string, number>;
  const text = blocks.flatMap((block) => (block.type === 'text' ? [block.text as string] : []));
  const calls = blocks.flatMap((block) =>
    block.type === 'tool_use'
      ? [
          {
            id: block.id,
            type: 'function',
            function: { name: block.name, arguments: JSON.stringify(block.input) },
          },
        ]
      : [],
  );
  const prompt =
    (usage.input_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  return {
    id: answer.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: answer.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text.length > 0 ? text.join('') : null,
          ...(calls.length > 0 ? { tool_calls: calls } : {}),
        },
        finish_reason: COMPAT_FINISH[answer.stop_reason as string] ?? 'stop',
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    },
  };
}
