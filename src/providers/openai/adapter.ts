import OpenAI, { APIConnectionError, APIError } from 'openai';
import type {
  FunctionTool,
  ResponseCreateParamsNonStreaming,
  ResponseInputItem,
} from 'openai/resources/responses/responses';
import { z } from 'zod';
import type { TranscriptMessage, Usage } from '../../records/agent-run.js';
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
import { OPENAI_MISSING_KEY, openaiApiKey } from './credentials.js';
import {
  causeChain,
  classifyError,
  insufficientQuotaNoRetry,
  providerMessageOf,
} from './errors.js';

export interface OpenAIProviderOptions {
  apiKey?: string;
  baseURL?: string;
  maxRetries?: number;
}

/** How long an availability check may wait for OpenAI before calling it unreachable. */
const AVAILABILITY_TIMEOUT_MS = 15_000;

/**
 * GPT-5 and later (gpt-6.1-terra, …) and the o-series are reasoning models: they reject
 * `temperature`, take `reasoning.effort`, and return reasoning items that must be sent back on
 * later turns. gpt-4.1 and gpt-4o are not.
 */
export function isOpenAIReasoningModel(model: string): boolean {
  const major = /^gpt-(\d+)/.exec(model)?.[1];
  return major !== undefined ? Number(major) >= 5 : /^o\d/.test(model);
}

/** The effort to send: GPT-6 models have no `minimal` effort, so it becomes their lowest, `low`. */
function effortFor(model: string, effort: ModelOptions['reasoningEffort']) {
  const major = Number(/^gpt-(\d+)/.exec(model)?.[1] ?? 0);
  return effort === 'minimal' && major >= 6 ? 'low' : effort;
}

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
  // strict:false — Responses functions are strict by default, which needs every property required.
  return {
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: tool.parameters,
    strict: false,
  };
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
          input.push(...(native.data.openaiResponsesOutput as unknown as ResponseInputItem[]));
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

/** The Responses API request for one neutral turn: stateless (store:false), flat tools. */
export function toRequest(request: CompletionRequest): ResponseCreateParamsNonStreaming {
  const reasoningModel = isOpenAIReasoningModel(request.model);
  const params: ResponseCreateParamsNonStreaming = {
    model: request.model,
    input: toInput(request.messages),
    max_output_tokens: request.maxOutputTokens,
    store: false,
  };
  if (request.system) params.instructions = request.system;
  if (request.tools.length > 0) params.tools = request.tools.map(toTool);
  if (request.toolChoice) params.tool_choice = { type: 'function', name: request.toolChoice.name };
  if (reasoningModel) {
    // Nothing is stored server-side, so the reasoning must travel with the conversation.
    params.include = ['reasoning.encrypted_content'];
    const effort = effortFor(request.model, request.options?.reasoningEffort);
    if (effort) params.reasoning = { effort };
  } else if (request.options?.temperature !== undefined) {
    params.temperature = request.options.temperature;
  }
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
  return new ProviderError('server', `Unexpected ${what} from OpenAI: ${z.prettifyError(error)}`);
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
  let refused = false;
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
          refused = true;
          if (part.refusal) texts.push(part.refusal);
        }
      }
    }
  }
  let stopReason: StopReason = 'end';
  if (toolCalls.length > 0) stopReason = 'tool_calls';
  else if (response.status === 'incomplete') {
    stopReason =
      response.incomplete_details?.reason === 'max_output_tokens' ? 'max_tokens' : 'other';
  } else if (refused) stopReason = 'refusal';
  else if (response.status && response.status !== 'completed') stopReason = 'other';
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
  };
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
      maxRetries: options.maxRetries,
      fetch: providerFetch('openai', insufficientQuotaNoRetry),
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
        throw classifyError(error, { baseURL: openai.baseURL, signal: request.signal });
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
