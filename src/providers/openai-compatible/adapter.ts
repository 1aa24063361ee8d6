import { randomUUID } from 'node:crypto';
import OpenAI, { APIConnectionError, APIError } from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { TranscriptMessage, Usage } from '../../records/agent-run.js';
import { forcedTool } from '../forced-tool.js';
import { causeChain, classifyError, providerMessageOf } from '../openai/errors.js';
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

export interface OpenAICompatibleProviderOptions {
  baseURL: string;
  apiKey?: string;
}

/** How long an availability check may wait for the server before calling it unreachable. */
const AVAILABILITY_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// Neutral request → Chat Completions request

function toTool(tool: ToolSchema): ChatCompletionTool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters: openAIParameters(tool.parameters),
    },
  };
}

/** The conversation as Chat Completions messages, the system prompt first. */
export function toMessages(
  system: string,
  messages: TranscriptMessage[],
): ChatCompletionMessageParam[] {
  const chat: ChatCompletionMessageParam[] = system ? [{ role: 'system', content: system }] : [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'user':
        chat.push({ role: message.role, content: message.content });
        break;
      case 'assistant':
        // Reasoning is not sent back: OpenAI rejects unknown message fields, servers ignore it.
        if (message.toolCalls.length === 0) {
          chat.push({ role: 'assistant', content: message.content });
        } else {
          chat.push({
            role: 'assistant',
            content: message.content || null,
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.arguments },
            })),
          });
        }
        break;
      case 'tool':
        chat.push({ role: 'tool', tool_call_id: message.toolCallId, content: message.content });
        break;
    }
  }
  return chat;
}

/** The Chat Completions request for one neutral turn; effort and temperature as asked (checked upstream). */
export function toRequest(request: CompletionRequest): ChatCompletionCreateParamsNonStreaming {
  const params: ChatCompletionCreateParamsNonStreaming = {
    model: request.model,
    messages: toMessages(request.system, request.messages),
    // max_tokens is deprecated, and rejected by gpt-5*.
    max_completion_tokens: request.maxOutputTokens,
  };
  // OpenAI rejects an empty tools array.
  if (request.tools.length > 0) params.tools = request.tools.map(toTool);
  const forced = forcedTool(request);
  if (forced) params.tool_choice = { type: 'function', function: { name: forced } };
  const { temperature, effort } = request.options ?? {};
  if (temperature !== undefined) params.temperature = temperature;
  if (effort) params.reasoning_effort = effort;
  return params;
}

// ---------------------------------------------------------------------------------------------
// Chat Completions response → neutral result

const ChatUsageSchema = z.looseObject({
  prompt_tokens: z.number().int().nonnegative().nullish(),
  completion_tokens: z.number().int().nonnegative().nullish(),
  prompt_tokens_details: z
    .looseObject({
      cached_tokens: z.number().int().nullish(),
      cache_write_tokens: z.number().int().nullish(),
    })
    .nullish(),
  completion_tokens_details: z
    .looseObject({ reasoning_tokens: z.number().int().nullish() })
    .nullish(),
});

const ChatToolCallSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({
    name: z.string(),
    // Some servers send the arguments as an object rather than JSON text.
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  }),
});

const ChatCompletionSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        finish_reason: z.string().nullish(),
        message: z.looseObject({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          // Local servers put the model's thinking here (vLLM, llama.cpp / Ollama, OpenRouter).
          reasoning_content: z.string().nullish(),
          reasoning: z.string().nullish(),
          tool_calls: z.array(ChatToolCallSchema).nullish(),
        }),
      }),
    )
    .min(1),
  usage: ChatUsageSchema.nullish(),
});

/** Normalised usage; local servers often omit the details, which then count as 0. */
function toUsage(usage: z.infer<typeof ChatUsageSchema> | null | undefined): Usage {
  return {
    inputTokens: usage?.prompt_tokens ?? 0,
    cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: usage?.prompt_tokens_details?.cache_write_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

/** Turns a Chat Completions response body into the neutral turn. */
export function fromResponse(body: unknown): CompletionResult {
  const parsed = ChatCompletionSchema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError(
      'bad_response',
      `Unexpected chat completion from the server: ${z.prettifyError(parsed.error)}`,
    );
  }
  const [choice] = parsed.data.choices;
  if (!choice) throw new ProviderError('bad_response', 'The server returned no choices.');
  const { message } = choice;
  const toolCalls = (message.tool_calls ?? [])
    .filter((call) => !call.type || call.type === 'function')
    .map((call) => ({
      // Some local servers omit ids; the next turn must still pair results with calls.
      id: call.id || `call_${randomUUID().replaceAll('-', '')}`,
      name: call.function.name,
      arguments:
        typeof call.function.arguments === 'string'
          ? call.function.arguments
          : JSON.stringify(call.function.arguments ?? {}),
    }));
  const reasoning = message.reasoning_content || message.reasoning || undefined;
  const refusal = message.refusal || undefined;
  // A turn cut at the token limit is cut whatever it holds: its last call may be cut short.
  let stopReason: StopReason = 'end';
  let stopDetail: string | undefined;
  if (choice.finish_reason === 'length') stopReason = 'max_tokens';
  else if (choice.finish_reason === 'content_filter') {
    stopReason = 'refusal';
    stopDetail = 'the content filter stopped the response';
  } else if (refusal) {
    stopReason = 'refusal';
    stopDetail = refusal;
  } else if (toolCalls.length > 0) stopReason = 'tool_calls';
  else if (choice.finish_reason && choice.finish_reason !== 'stop') stopReason = 'other';
  return {
    message: {
      role: 'assistant',
      content: message.content || refusal || '',
      ...(reasoning ? { reasoning } : {}),
      toolCalls,
    },
    usage: toUsage(parsed.data.usage),
    stopReason,
    ...(stopDetail === undefined ? {} : { stopDetail }),
    ...(parsed.data.usage ? {} : { usageUnknown: true as const }),
  };
}

// ---------------------------------------------------------------------------------------------
// The provider

const ModelListSchema = z.array(z.looseObject({ id: z.string() }));

/** Provider for any Chat Completions endpoint (LM Studio, vLLM, llama.cpp server, Ollama's /v1). */
export function createOpenAICompatibleProvider(options: OpenAICompatibleProviderOptions): Provider {
  let client: OpenAI | undefined;

  /** Built on first use, so msw or a recorder installed after the provider still sees it. */
  function getClient(): OpenAI {
    client ??= new OpenAI({
      // Local servers ignore the key, but the SDK requires one.
      apiKey: options.apiKey || process.env.OPENAI_COMPATIBLE_API_KEY || 'not-needed',
      baseURL: options.baseURL,
      ...sdkClientOptions('openai-compatible'),
      // Never send an OpenAI organization or project (from the environment) to another server.
      organization: null,
      project: null,
    });
    return client;
  }

  return {
    name: 'openai-compatible',

    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const openai = getClient();
      let body: unknown;
      try {
        body = await openai.chat.completions.create(toRequest(request), {
          signal: request.signal,
        });
      } catch (error) {
        throw classifyError(error, {
          baseURL: openai.baseURL,
          service: 'The OpenAI-compatible server',
          signal: request.signal,
        });
      }
      return fromResponse(body);
    },

    async availability(model: string): Promise<Availability> {
      const openai = getClient();
      let ids: string[];
      try {
        const page = await openai.models.list({ maxRetries: 0, timeout: AVAILABILITY_TIMEOUT_MS });
        const parsed = ModelListSchema.safeParse(page.data);
        if (!parsed.success) {
          return {
            available: false,
            reason: 'unreachable',
            message: `${openai.baseURL}/models did not answer with a model list: is ${openai.baseURL} an OpenAI-compatible base URL?`,
          };
        }
        ids = parsed.data.map((entry) => entry.id);
      } catch (error) {
        return availabilityFromError(error, openai.baseURL);
      }
      if (ids.includes(model)) return { available: true };
      return {
        available: false,
        reason: 'unknown_model',
        message:
          ids.length > 0
            ? `The server at ${openai.baseURL} does not serve "${model}". It serves: ${ids.join(', ')}.`
            : `The server at ${openai.baseURL} serves no models: load "${model}" there first.`,
      };
    },
  };
}

function availabilityFromError(error: unknown, baseURL: string): Availability {
  if (error instanceof APIConnectionError) {
    const detail = causeChain(error.cause);
    return {
      available: false,
      reason: 'unreachable',
      message: `Cannot reach the OpenAI-compatible server at ${baseURL}${detail ? ` (${detail})` : ''}. Is it running?`,
    };
  }
  if (error instanceof APIError && (error.status === 401 || error.status === 403)) {
    return {
      available: false,
      reason: 'invalid_key',
      message: `The server at ${baseURL} rejected the API key (OPENAI_COMPATIBLE_API_KEY): ${providerMessageOf(error)}`,
    };
  }
  if (error instanceof APIError && error.status === 404) {
    return {
      available: false,
      reason: 'unreachable',
      message: `${baseURL}/models answered 404: is ${baseURL} the server's OpenAI-compatible base URL (it usually ends in /v1)?`,
    };
  }
  const said = error instanceof APIError ? providerMessageOf(error) : String(error);
  return {
    available: false,
    reason: 'unreachable',
    message: `The server at ${baseURL} failed to list its models: ${said}`,
  };
}
