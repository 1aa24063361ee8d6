import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { z } from 'zod';
import type { ProviderErrorKind } from '../../records/agent-run.js';
import { abortReason } from '../abort-reason.js';
import { ProviderError, type RetryHints } from '../provider-types.js';
import { retryAfterMs, shouldRetryHeader } from '../retry-policy.js';
import { classifyTransportError } from '../transport-errors.js';

/** OpenAI's error body, `{error:{message,type,param,code}}`; servers that imitate it may omit parts. */
const OpenAIErrorBodySchema = z.object({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});

/**
 * What an error answer says about trying again: the wait it asks for, and whether it may be
 * retried — never an exhausted quota (billing), which answers 429 like a rate limit but does not
 * pass with waiting; `x-should-retry` when the server sends it.
 */
function retryHintsOf(error: APIError): RetryHints {
  const header = (name: string) => error.headers?.get(name);
  const quotaGone = error.status === 429 && codeOf(error) === 'insufficient_quota';
  return {
    retryAfterMs: retryAfterMs(header),
    retryable: quotaGone ? false : shouldRetryHeader(header),
  };
}

/** The messages of an error and its causes, e.g. "fetch failed: connect ECONNREFUSED 127.0.0.1:1". */
export function causeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.message && !parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  return parts.join(': ');
}

/** Where a failed request was going, so network errors can say which endpoint did not answer. */
export interface OpenAIErrorContext {
  baseURL: string;
  /** Who answered, for messages: `OpenAI`, `the OpenAI-compatible server`. */
  service: string;
  signal?: AbortSignal | undefined;
}

/**
 * Turns an error thrown by the openai SDK into what the provider throws: the abort itself when
 * the caller aborted (never wrapped), otherwise a classified ProviderError keeping the provider's
 * own message.
 */
export function classifyError(error: unknown, context: OpenAIErrorContext): unknown {
  if (context.signal?.aborted || error instanceof APIUserAbortError) {
    return abortReason(context.signal);
  }
  if (error instanceof ProviderError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError('network', `Request to ${context.baseURL} timed out.`);
  }
  if (error instanceof APIConnectionError) {
    const detail = causeChain(error.cause);
    return new ProviderError(
      'network',
      `Could not connect to ${context.baseURL}${detail ? ` (${detail})` : ''}.`,
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return classifyStatus(
      error.status,
      providerMessageOf(error),
      codeOf(error),
      retryHintsOf(error),
    );
  }
  // Past the SDK: a connection closed mid-answer, a body that is not JSON.
  return classifyTransportError(error, { service: context.service, url: context.baseURL }) ?? error;
}

/** The provider's own words for an SDK API error: the body's error.message, else the SDK's message. */
export function providerMessageOf(error: APIError): string {
  const parsed = OpenAIErrorBodySchema.shape.error.safeParse(error.error);
  const message = parsed.success ? parsed.data.message : undefined;
  if (message) return message;
  // Servers that answer with a bare string or another shape: the SDK put it in its message.
  return error.message;
}

function codeOf(error: APIError): string | undefined {
  return error.code === null || error.code === undefined ? undefined : String(error.code);
}

/** Classifies an HTTP error status (with OpenAI's error code) into a ProviderError. */
export function classifyStatus(
  status: number,
  message: string,
  code: string | undefined,
  hints: RetryHints = {},
): ProviderError {
  const error = (kind: ProviderErrorKind) => new ProviderError(kind, message, status, hints);
  if (status === 401 || status === 403) return error('auth');
  if (status === 429) return error('rate_limit');
  if (status === 404) return error('not_found');
  if (status === 408) return error('network');
  if (status === 400 || status === 413 || status === 422) {
    // Local servers (vLLM, llama.cpp) say it in words without OpenAI's code.
    const contextLength =
      code === 'context_length_exceeded' ||
      /maximum context length|context window|context length|exceeds the context/i.test(message);
    return error(contextLength ? 'context_length' : 'bad_request');
  }
  if (status === 529 || (status === 503 && /overload|slow down|capacity/i.test(message))) {
    return error('overloaded');
  }
  if (status >= 500) return error('server');
  return error('bad_request');
}
