import Anthropic, { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  MessageCreateParamsNonStreaming,
  MessageParam,
  ThinkingConfigParam,
  Tool,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import { MIN_THINKING_BUDGET } from '../../models/model-options.js';
import type { AssistantMessage, TranscriptMessage, Usage } from '../../records/agent-run.js';
import { abortReason } from '../abort-reason.js';
import { forcedTool } from '../forced-tool.js';
import { sdkClientOptions } from '../provider-fetch.js';
import {
  type Availability,
  type CompletionRequest,
  type CompletionResult,
  type Provider,
  ProviderError,
  type StopReason,
  type ToolSchema,
} from '../provider-types.js';
import { ANTHROPIC_MISSING_KEY, anthropicApiKey } from './credentials.js';
import { classifyError } from './errors.js';

export interface AnthropicProviderOptions {
  apiKey?: string;
  baseURL?: string;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';

// --- The response, as far as we rely on it (zod: it comes from outside). ---

const TextBlockSchema = z.object({ type: z.literal('text'), text: z.string() });
const ThinkingBlockSchema = z.object({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});
const ToolUseBlockSchema = z.object({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});
/** Any block: redacted_thinking, server tool blocks … are not ours to read, only to echo back. */
const ResponseBlockSchema = z.object({ type: z.string() }).loose();

const count = z.number().int().nonnegative().nullish();
const ResponseSchema = z.object({
  content: z.array(ResponseBlockSchema),
  stop_reason: z.string().nullable(),
  stop_details: z
    .object({ category: z.string().nullish(), explanation: z.string().nullish() })
    .loose()
    .nullish(),
  usage: z.object({
    input_tokens: count,
    output_tokens: count,
    cache_creation_input_tokens: count,
    cache_read_input_tokens: count,
    output_tokens_details: z.object({ thinking_tokens: count }).loose().nullish(),
  }),
});

/** What an assistant message keeps in `native`: the response's content blocks, untouched. */
const AnthropicNativeSchema = z.object({
  provider: z.literal('anthropic'),
  content: z.array(z.object({ type: z.string() }).loose()),
});
type AnthropicNative = z.infer<typeof AnthropicNativeSchema>;

// --- Request rendering ---

function toolInput(args: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  // The API only takes an object; a hand-built call with other arguments still has to go out.
  return {};
}

/** The content of an assistant turn: the response's own blocks when we have them, else rebuilt. */
function assistantContent(message: AssistantMessage): ContentBlockParam[] {
  const native = AnthropicNativeSchema.safeParse(message.native);
  // Verbatim, so thinking signatures and block order survive (the API checks them).
  if (native.success) return native.data.content as unknown as ContentBlockParam[];
  // Rebuilt from the neutral form: `reasoning` is dropped, a thinking block without its
  // signature would be rejected.
  const blocks: ContentBlockParam[] = [];
  if (message.content !== '') blocks.push({ type: 'text', text: message.content });
  for (const call of message.toolCalls) {
    blocks.push({
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: toolInput(call.arguments),
    });
  }
  return blocks;
}

interface Turn {
  role: 'user' | 'assistant';
  content: ContentBlockParam[];
}

/** Adds blocks as a user turn, merged into a user turn already last (turns must alternate). */
function appendUserBlocks(turns: Turn[], blocks: ContentBlockParam[]): void {
  const last = turns.at(-1);
  if (last?.role !== 'user') {
    turns.push({ role: 'user', content: blocks });
    return;
  }
  // tool_result blocks must open their user message, ahead of any text.
  const results = blocks.filter((block) => block.type === 'tool_result');
  const others = blocks.filter((block) => block.type !== 'tool_result');
  const firstOther = last.content.findIndex((block) => block.type !== 'tool_result');
  last.content.splice(firstOther === -1 ? last.content.length : firstOther, 0, ...results);
  last.content.push(...others);
}

/**
 * The neutral conversation as Messages API turns: assistant content echoed verbatim, and the
 * tool results of a turn gathered into ONE following user message, in call order.
 */
export function toMessages(messages: TranscriptMessage[]): MessageParam[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        // The system prompt travels top-level (see toRequest).
        break;
      case 'user':
        // The API rejects empty text blocks.
        if (message.content !== '') {
          appendUserBlocks(turns, [{ type: 'text', text: message.content }]);
        }
        break;
      case 'tool':
        appendUserBlocks(turns, [
          {
            type: 'tool_result',
            tool_use_id: message.toolCallId,
            content: message.content,
            is_error: message.isError,
          },
        ]);
        break;
      case 'assistant': {
        const content = assistantContent(message);
        // The API rejects an empty assistant turn; an empty one carries nothing anyway.
        if (content.length > 0) turns.push({ role: 'assistant', content });
        break;
      }
    }
  }
  return turns.map(({ role, content }) => {
    const [only] = content;
    // A user turn of one text block goes out in the API's shorthand form.
    if (role === 'user' && content.length === 1 && only?.type === 'text') {
      return { role, content: only.text };
    }
    return { role, content };
  });
}

function toTool(tool: ToolSchema): Tool {
  return {
    name: tool.name,
    description: tool.description,
    input_schema: { type: 'object', ...tool.parameters },
  };
}

/**
 * `thinking` for the mode asked (checked against the model's record upstream). A manual
 * (`enabled`) budget is half the turn's output tokens, at least the API's 1,024 and always below
 * max_tokens, so the answer keeps room.
 */
function thinkingParam(request: CompletionRequest): ThinkingConfigParam | undefined {
  const mode = request.options?.thinking;
  if (mode === undefined) return undefined;
  if (mode !== 'enabled') return { type: mode };
  const budget = Math.max(MIN_THINKING_BUDGET, Math.floor(request.maxOutputTokens / 2));
  return { type: 'enabled', budget_tokens: Math.min(budget, request.maxOutputTokens - 1) };
}

/** A forced tool call, where the model takes one (see forcedTool). */
function toolChoiceParam(request: CompletionRequest) {
  const tool = forcedTool(request);
  return tool === undefined ? {} : { tool_choice: { type: 'tool' as const, name: tool } };
}

/** The Messages API request body for one neutral turn. */
export function toRequest(request: CompletionRequest): MessageCreateParamsNonStreaming {
  const system = [
    request.system,
    ...request.messages.flatMap((message) => (message.role === 'system' ? [message.content] : [])),
  ]
    .filter((text) => text !== '')
    .join('\n\n');
  // No `temperature`: API version 2026-10-21 (what SDK 1.x speaks) rejects temperature, top_p
  // and top_k on every model with a 400, and the SDK's types no longer have them.
  const thinking = thinkingParam(request);
  const effort = request.options?.effort;
  return {
    model: request.model,
    max_tokens: request.maxOutputTokens,
    ...(system === '' ? {} : { system }),
    messages: toMessages(request.messages),
    ...(request.tools.length === 0 ? {} : { tools: request.tools.map(toTool) }),
    ...toolChoiceParam(request),
    ...(thinking === undefined ? {} : { thinking }),
    // The Messages API's effort scale starts at low; `none`/`minimal` never pass the record check.
    ...(effort === undefined ? {} : { output_config: { effort: effort as 'low' } }),
  };
}

// --- Response mapping ---

/**
 * Anthropic's usage in neutral terms. `input_tokens` EXCLUDES cache reads and writes, so the
 * total input is the sum of the three. Thinking tokens are billed inside `output_tokens`; the
 * API (2026-10-21) reports that part in `output_tokens_details.thinking_tokens` and leaves it
 * null when the model did not think, which reads as 0 here.
 */
function toUsage(usage: z.infer<typeof ResponseSchema>['usage']): Usage {
  const fresh = usage.input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  return {
    inputTokens: fresh + cacheWrite + cacheRead,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: usage.output_tokens ?? 0,
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? 0,
  };
}

function toStopReason(stopReason: string | null): StopReason {
  switch (stopReason) {
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
      return 'max_tokens';
    case 'refusal':
      return 'refusal';
    case 'pause_turn':
      // A long turn paused: "send the assistant content back to continue".
      return 'pause';
    case 'end_turn':
    case 'stop_sequence':
      return 'end';
    default:
      return 'other';
  }
}

/** A Messages API response as a neutral completion result. */
export function fromResponse(response: unknown): CompletionResult {
  const parsed = ResponseSchema.safeParse(response);
  if (!parsed.success) throw malformed(parsed.error);
  const { content, stop_reason: stopReason, stop_details: details, usage } = parsed.data;
  if (stopReason === 'model_context_window_exceeded') {
    throw new ProviderError(
      'context_length',
      "stop_reason model_context_window_exceeded: the conversation filled the model's context window",
    );
  }
  const texts: string[] = [];
  const thoughts: string[] = [];
  const toolCalls: AssistantMessage['toolCalls'] = [];
  for (const block of content) {
    const read = readBlock(block);
    if (read?.type === 'text') texts.push(read.text);
    if (read?.type === 'thinking') thoughts.push(read.thinking);
    if (read?.type === 'tool_use') {
      toolCalls.push({ id: read.id, name: read.name, arguments: JSON.stringify(read.input) });
    }
  }
  const native: AnthropicNative = { provider: 'anthropic', content };
  return {
    message: {
      role: 'assistant',
      content: texts.join('\n'),
      ...(thoughts.length > 0 ? { reasoning: thoughts.join('\n') } : {}),
      toolCalls,
      native,
    },
    usage: toUsage(usage),
    stopReason: toStopReason(stopReason),
    ...(stopReason === 'refusal' && (details?.explanation || details?.category)
      ? { stopDetail: details?.explanation || `category ${details?.category}` }
      : {}),
  };
}

/** The blocks we read, checked; other block types are only echoed back (undefined here). */
function readBlock(block: z.infer<typeof ResponseBlockSchema>) {
  const schema =
    block.type === 'text'
      ? TextBlockSchema
      : block.type === 'thinking'
        ? ThinkingBlockSchema
        : block.type === 'tool_use'
          ? ToolUseBlockSchema
          : undefined;
  const parsed = schema?.safeParse(block);
  if (parsed && !parsed.success) throw malformed(parsed.error);
  return parsed?.data;
}

function malformed(error: z.ZodError): ProviderError {
  return new ProviderError(
    'bad_response',
    `Unexpected Messages API response: ${z.prettifyError(error)}`,
  );
}

// --- The provider ---

/** Provider for Anthropic's Messages API. Defaults: ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL. */
export function createAnthropicProvider(options: AnthropicProviderOptions = {}): Provider {
  const apiKey = anthropicApiKey(options.apiKey);
  const baseURL = options.baseURL || process.env.ANTHROPIC_BASE_URL || DEFAULT_BASE_URL;
  // Only with a key: without one the SDK would go looking for profiles on disk.
  const client = apiKey
    ? new Anthropic({
        apiKey,
        baseURL,
        ...sdkClientOptions('anthropic'),
      })
    : undefined;

  return {
    name: 'anthropic',

    async complete(request) {
      if (!client) throw new ProviderError('auth', ANTHROPIC_MISSING_KEY);
      const { signal } = request;
      if (signal?.aborted) throw abortReason(signal);
      let response: unknown;
      try {
        response = await client.messages.create(toRequest(request), { signal });
      } catch (error) {
        throw classifyError(error, signal, baseURL);
      }
      return fromResponse(response);
    },

    async availability(model): Promise<Availability> {
      if (!client)
        return { available: false, reason: 'missing_key', message: ANTHROPIC_MISSING_KEY };
      try {
        // One quick look, no retries: a real run retries on its own.
        const info = await client.models.retrieve(model, undefined, {
          maxRetries: 0,
          timeout: 15_000,
        });
        if (info.lifecycle === 'retired') {
          return {
            available: false,
            reason: 'retired',
            message: `Anthropic has retired ${model}${info.deprecated_at ? ` (deprecated ${info.deprecated_at})` : ''}: pick a current model.`,
          };
        }
        return { available: true };
      } catch (error) {
        return availabilityFromError(error, model, baseURL);
      }
    },
  };
}

function availabilityFromError(error: unknown, model: string, baseURL: string): Availability {
  if (error instanceof APIConnectionError) {
    const failure = classifyError(error, undefined, baseURL);
    const detail = failure instanceof Error ? failure.message : String(failure);
    return {
      available: false,
      reason: 'unreachable',
      message: `Cannot reach the Anthropic API at ${baseURL} (${detail}). Check ANTHROPIC_BASE_URL and the network.`,
    };
  }
  if (error instanceof APIError && (error.status === 401 || error.status === 403)) {
    return {
      available: false,
      reason: 'invalid_key',
      message: `${baseURL} rejected ANTHROPIC_API_KEY (HTTP ${error.status}: ${error.apiMessage ?? error.message}).`,
    };
  }
  if (error instanceof APIError && error.status === 404) {
    return {
      available: false,
      reason: 'unknown_model',
      message: `Anthropic does not know the model ${model} (${error.apiMessage ?? error.message}).`,
    };
  }
  // Rate limits or a passing outage say nothing about whether the model can run.
  return { available: true };
}
