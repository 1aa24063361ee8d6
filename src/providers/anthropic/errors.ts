import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import type { ProviderErrorKind } from '../../records/agent-run.js';
import { abortReason } from '../abort-reason.js';
import { ProviderError, type RetryHints } from '../provider-types.js';
import { retryAfterMs, shouldRetryHeader } from '../retry-policy.js';
import { classifyTransportError } from '../transport-errors.js';

/** `error.details.error_code` values of a 429 that waiting will not fix (SDK: shared.d.ts). */
const SPEND_LIMIT_CODES = new Set(['enforced_spend_limit_reached', 'contract_spend_limit_reached']);
const SPEND_LIMIT_MESSAGE = /spend(ing)? limit|usage limit/i;
const CONTEXT_LENGTH_MESSAGE =
  /prompt is too long|exceed context limit|context window|too many (input )?tokens/i;

interface ErrorBody {
  type?: string;
  message?: string;
  errorCode?: string;
}

/** Reads `{type:'error', error:{type, message, details?:{error_code}}}` without trusting it. */
function readErrorBody(body: unknown): ErrorBody {
  if (typeof body !== 'object' || body === null) return {};
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return {};
  const { type, message, details } = error as Record<string, unknown>;
  const code =
    typeof details === 'object' && details !== null
      ? (details as Record<string, unknown>).error_code
      : undefined;
  return {
    type: typeof type === 'string' ? type : undefined,
    message: typeof message === 'string' ? message : undefined,
    errorCode: typeof code === 'string' ? code : undefined,
  };
}

/** A 429 that says a spend or usage limit is reached: retrying only burns time until the reset. */
export function isSpendLimit(status: number, body: unknown): boolean {
  if (status !== 429) return false;
  const error = readErrorBody(body);
  if (error.errorCode && SPEND_LIMIT_CODES.has(error.errorCode)) return true;
  return SPEND_LIMIT_MESSAGE.test(error.message ?? (typeof body === 'string' ? body : ''));
}

/** What an error answer says about trying again: its retry-after, and never a spend limit. */
function retryHintsOf(error: APIError & { status: number }): RetryHints {
  const header = (name: string) => error.headers?.get(name);
  return {
    retryAfterMs: retryAfterMs(header),
    retryable: isSpendLimit(error.status, error.error) ? false : shouldRetryHeader(header),
  };
}

function kindOf(status: number, type: string | undefined, message: string): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  // 402 billing_error: the account cannot pay, as with a spend-limit 429.
  if (status === 402 || status === 429) return 'rate_limit';
  if (status === 529 || type === 'overloaded_error') return 'overloaded';
  if (status >= 500) return 'server';
  if (CONTEXT_LENGTH_MESSAGE.test(message)) return 'context_length';
  return 'bad_request';
}

/**
 * Turns what the Anthropic SDK threw into a classified ProviderError, keeping Anthropic's own
 * message. A user abort is returned as the abort itself (the caller re-throws it); what the
 * network did past the SDK is classified too; anything else is returned unchanged.
 */
export function classifyError(error: unknown, signal: AbortSignal | undefined, baseURL: string) {
  if (signal?.aborted) return abortReason(signal);
  if (error instanceof ProviderError) return error;
  if (error instanceof APIUserAbortError) return abortReason();
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError('network', `${error.message} (${baseURL})`);
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? describeCause(error.cause) : undefined;
    return new ProviderError(
      'network',
      `${error.message} Cannot reach ${baseURL}${cause ? `: ${cause}` : ''}`,
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const body = readErrorBody(error.error);
    const message = body.message ?? error.message;
    const kind = kindOf(error.status, body.type, message);
    return new ProviderError(kind, message, error.status, retryHintsOf(error));
  }
  // Raised by the SDK before sending, e.g. "Streaming is required for operations that may take
  // longer than 10 minutes" when max_tokens is very large.
  if (error instanceof AnthropicError) return new ProviderError('bad_request', error.message);
  // Past the SDK: a connection closed mid-answer, a body that is not JSON.
  return classifyTransportError(error, { service: 'Anthropic', url: baseURL }) ?? error;
}

/** `fetch failed` says little; undici puts the reason (ECONNREFUSED …) in the cause. */
function describeCause(cause: Error): string {
  const inner = (cause as { cause?: unknown }).cause;
  if (inner instanceof Error) return `${cause.message} (${inner.message})`;
  return cause.message;
}
