import OpenAI, { APIConnectionError, APIError } from 'openai';
import type {
  FunctionTool,
  ResponseCreateParamsNonStreaming,
  ResponseInputItem,
} from 'openai/resources/responses/responses';
import { z } from 'zod';
import type { TranscriptMessage, Usage } from '../../records/agent-run.js';
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
import { openAIParameters } from '../tool-parameters.js';
import { OPENAI_MISSING_KEY, openaiApiKey } from './credentials.js';
import { causeChain, classifyError, providerMessageOf } from './errors.js';

export interface OpenAIProviderOptions {
  apiKey?: string;
  baseURL?: string;
}

/** How long an availability check may wait for OpenAI before calling it unreachable. */
const AVAILABILITY_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// Neutral request → Responses API request

/**
 * What an assistant message keeps in `native`: the turn's output items (reasoning with its
 * encrypted content, messages, function calls), sent back verbatim next turn.
 */
const ResponsesNativeSchema = z.object({
  openaiResponsesOutput: z.array(z.looseObject({ type: z.string() })),
});

function toTool(tool: ToolSchema): FunctionTool {
  // strict:false — Responses functions are strict by default, which needs every property
  // required (optional ones as nullable) and closed objects: that would change what a user's
  // schema means. Every provider gets the tool unconstrained; the agent validates each call.
  return {
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: openAIParameters(tool.parameters),
    strict: false,
  };
}

/**
 * Whether an output item can be sent back statelessly: a reasoning item only with its encrypted
 * content (asked for where the model reasons; without it the API would have to look it up, and
 * with store:false nothing is stored).
 */
function echoable(item: { type: string; encrypted_content?: unknown }): boolean {
  return item.type !== 'reasoning' || typeof item.encrypted_content === 'string';
}

/** The conversation as Responses `input` items. */
export function toInput(messages: TranscriptMessage[]): ResponseInputItem[] {
  const input: ResponseInputItem[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'user':
        input.push({ role: message.role, content: message.content });
        break;
      case 'assistant': {
        const native = ResponsesNativeSchema.safeParse(message.native);
        if (native.success) {
          // The items as OpenAI sent them: the API verifies their encrypted reasoning.
          const items = native.data.openaiResponsesOutput.filter(echoable);
          input.push(...(items as unknown as ResponseInputItem[]));
          break;
        }
        // A turn from elsewhere (another provider, a reference solution): rebuild it.
        if (message.content) input.push({ role: 'assistant', content: message.content });
        for (const call of message.toolCalls) {
          input.push({
            type: 'function_call',
            call_id: call.id,
            name: call.name,
            arguments: call.arguments,
          });
        }
        break;
      }
      case 'tool':
        input.push({
          type: 'function_call_output',
          call_id: message.toolCallId,
          output: message.content,
        });
        break;
    }
  }
  return input;
}

/**
 * The Responses API request for one neutral turn: stateless (store:false), flat tools. What the
 * model takes comes from its capability record: a model with effort values reasons (its
 * reasoning travels back encrypted); effort and temperature go out as asked (checked upstream).
 */
export function toRequest(request: CompletionRequest): ResponseCreateParamsNonStreaming {
  const reasoningModel = request.capabilities.effort.values.length > 0;
  const params: ResponseCreateParamsNonStreaming = {
    model: request.model,
    input: toInput(request.messages),
    max_output_tokens: request.maxOutputTokens,
    store: false,
  };
  if (request.system) params.instructions = request.system;
  if (request.tools.length > 0) params.tools = request.tools.map(toTool);
  const forced = forcedTool(request);
  if (forced) params.tool_choice = { type: 'function', name: forced };
  // Nothing is stored server-side, so the reasoning must travel with the conversation.
  if (reasoningModel) params.include = ['reasoning.encrypted_content'];
  const { effort, temperature } = request.options ?? {};
  if (effort) params.reasoning = { effort };
  if (temperature !== undefined) params.temperature = temperature;
  return params;
}

// ---------------------------------------------------------------------------------------------
// Responses API response → neutral result

const ResponsesUsageSchema = z.looseObject({
  input_tokens: z.number().int().nonnegative(),
  input_tokens_details: z
    .looseObject({
      cached_tokens: z.number().int().nullish(),
      cache_write_tokens: z.number().int().nullish(),
    })
    .nullish(),
  output_tokens: z.number().int().nonnegative(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().int().nullish() }).nullish(),
});

const ResponseBodySchema = z.looseObject({
  status: z.string().nullish(),
  error: z.looseObject({ message: z.string(), code: z.string().nullish() }).nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  output: z.array(z.looseObject({ type: z.string() })),
  usage: ResponsesUsageSchema.nullish(),
});

const TextPartSchema = z.looseObject({ text: z.string() });
const ReasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(TextPartSchema).nullish(),
  content: z.array(TextPartSchema).nullish(),
});
const FunctionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  status: z.string().nullish(),
});
const MessageItemSchema = z.looseObject({
  type: z.literal('message'),
  content: z.array(
    z.looseObject({
      type: z.string(),
      text: z.string().optional(),
      refusal: z.string().optional(),
    }),
  ),
});

/** Output items the next turn must get back; other item kinds only come from built-in tools. */
const ECHOED_ITEM_TYPES = new Set(['reasoning', 'message', 'function_call']);

function unexpected(what: string, error: z.ZodError): ProviderError {
  return new ProviderError(
    'bad_response',
    `Unexpected ${what} from OpenAI: ${z.prettifyError(error)}`,
  );
}

function parseItem<T extends z.ZodType>(schema: T, item: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw unexpected(what, parsed.error);
  return parsed.data;
}

/**
 * Normalised usage: cache reads and cache writes are parts of input_tokens, reasoning a part of
 * output_tokens — OpenAI's own convention, so nothing is added.
 */
function toUsage(usage: z.infer<typeof ResponsesUsageSchema> | null | undefined): Usage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    cachedInputTokens: usage?.input_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: usage?.input_tokens_details?.cache_write_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    reasoningTokens: usage?.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

/** Turns a Responses API response body into the neutral turn. */
export function fromResponse(body: unknown): CompletionResult {
  const parsed = ResponseBodySchema.safeParse(body);
  if (!parsed.success) throw unexpected('response', parsed.error);
  const response = parsed.data;
  if (response.status === 'failed') {
    throw new ProviderError('server', response.error?.message ?? 'The response failed.');
  }
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: CompletionResult['message']['toolCalls'] = [];
  const refusals: string[] = [];
  for (const item of response.output) {
    if (item.type === 'reasoning') {
      const r = parseItem(ReasoningItemSchema, item, 'reasoning item');
      const parts = r.summary?.length ? r.summary : (r.content ?? []);
      reasoning.push(...parts.map((part) => part.text).filter(Boolean));
    } else if (item.type === 'function_call') {
      const call = parseItem(FunctionCallItemSchema, item, 'function_call item');
      toolCalls.push({ id: call.call_id, name: call.name, arguments: call.arguments });
    } else if (item.type === 'message') {
      for (const part of parseItem(MessageItemSchema, item, 'message item').content) {
        if (part.type === 'output_text' && part.text !== undefined) texts.push(part.text);
        if (part.type === 'refusal') {
          // The refusal is what the model said: the answer and the stop's detail.
          if (part.refusal) texts.push(part.refusal);
          refusals.push(part.refusal ?? '');
        }
      }
    }
  }
  const { stopReason, stopDetail } = responsesStop(response, toolCalls.length > 0, refusals);
  const echoed = response.output.filter((item) => ECHOED_ITEM_TYPES.has(item.type));
  return {
    message: {
      role: 'assistant',
      content: texts.join(''),
      ...(reasoning.length > 0 ? { reasoning: reasoning.join('\n\n') } : {}),
      toolCalls,
      native: { openaiResponsesOutput: echoed },
    },
    usage: toUsage(response.usage),
    stopReason,
    ...(stopDetail === undefined ? {} : { stopDetail }),
  };
}

/**
 * Why a response stopped. An `incomplete` one was cut — at max_output_tokens (its last function
 * call may be cut mid-arguments, so no call of it counts as made) or by the content filter —
 * whatever it holds; a refusal part is a refusal.
 */
function responsesStop(
  response: z.infer<typeof ResponseBodySchema>,
  calledTools: boolean,
  refusals: string[],
): { stopReason: StopReason; stopDetail?: string } {
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason;
    if (reason === 'max_output_tokens') return { stopReason: 'max_tokens' };
    if (reason === 'content_filter') {
      return { stopReason: 'refusal', stopDetail: 'the content filter stopped the response' };
    }
    return { stopReason: 'other' };
  }
  if (refusals.length > 0) {
    const said = refusals.join(' ').trim();
    return { stopReason: 'refusal', ...(said === '' ? {} : { stopDetail: said }) };
  }
  if (calledTools) return { stopReason: 'tool_calls' };
  if (response.status && response.status !== 'completed') return { stopReason: 'other' };
  return { stopReason: 'end' };
}

// ---------------------------------------------------------------------------------------------
// The provider

/** Provider for OpenAI's Responses API (GPT-5 family). Defaults: OPENAI_API_KEY, OPENAI_BASE_URL (the SDK's own conventions). */
export function createOpenAIProvider(options: OpenAIProviderOptions = {}): Provider {
  let client: OpenAI | undefined;

  const apiKey = () => openaiApiKey(options.apiKey);

  /** Built on first use, so msw or a recorder installed after the provider still sees it. */
  function getClient(): OpenAI {
    if (client) return client;
    const key = apiKey();
    if (!key) throw new ProviderError('auth', OPENAI_MISSING_KEY);
    client = new OpenAI({
      apiKey: key,
      // undefined lets the SDK read OPENAI_BASE_URL, then use its default.
      baseURL: options.baseURL,
      ...sdkClientOptions('openai'),
    });
    return client;
  }

  return {
    name: 'openai',

    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const openai = getClient();
      const params = toRequest(request);
      let body: unknown;
      try {
        body = await openai.responses.create(params, { signal: request.signal });
      } catch (error) {
        throw classifyError(error, {
          baseURL: openai.baseURL,
          service: 'OpenAI',
          signal: request.signal,
        });
      }
      return fromResponse(body);
    },

    async availability(model: string): Promise<Availability> {
      if (!apiKey()) {
        return { available: false, reason: 'missing_key', message: OPENAI_MISSING_KEY };
      }
      const openai = getClient();
      try {
        // No retries: a transient failure here is not worth the wait, the run will retry.
        await openai.models.retrieve(model, { maxRetries: 0, timeout: AVAILABILITY_TIMEOUT_MS });
        return { available: true };
      } catch (error) {
        return availabilityFromError(error, model, openai.baseURL);
      }
    },
  };
}

function availabilityFromError(error: unknown, model: string, baseURL: string): Availability {
  if (error instanceof APIConnectionError) {
    const detail = causeChain(error.cause);
    const cause = detail ? ` (${detail})` : '';
    return {
      available: false,
      reason: 'unreachable',
      message: `Cannot reach OpenAI at ${baseURL}${cause}. Check the network or OPENAI_BASE_URL.`,
    };
  }
  if (error instanceof APIError) {
    const said = providerMessageOf(error);
    if (error.status === 401 || error.status === 403) {
      return {
        available: false,
        reason: 'invalid_key',
        message: `OpenAI rejected the API key (OPENAI_API_KEY): ${said}`,
      };
    }
    if (error.status === 404) {
      return {
        available: false,
        reason: 'unknown_model',
        message: `OpenAI has no model "${model}" for this key: ${said}`,
      };
    }
  }
  // Rate limits and server errors say nothing about the model: the run will meet them, classified.
  return { available: true };
}
