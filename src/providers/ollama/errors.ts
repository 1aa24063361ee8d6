import type { ProviderErrorKind } from '../../records/agent-run.js';
import { ProviderError } from '../provider-types.js';
import { retryAfterMs, shouldRetryHeader } from '../retry-policy.js';
import { classifyTransportError } from '../transport-errors.js';

/** The ollama client's ResponseError (not exported by the package): `error` and `status_code`. */
export interface OllamaResponseError extends Error {
  error: string;
  status_code: number;
}

/** Whether the ollama client threw its ResponseError (an HTTP error answer). */
export function isResponseError(error: unknown): error is OllamaResponseError {
  return (
    error instanceof Error &&
    error.name === 'ResponseError' &&
    typeof (error as Partial<OllamaResponseError>).status_code === 'number'
  );
}

const CONTEXT_LENGTH_PATTERN =
  /context (length|window|size)|exceeds? .*context|prompt is too long/i;

/**
 * Classifies a failed Ollama request, keeping Ollama's message and adding what to do about it;
 * `headers` (of the error answer, when there was one) say when to try again.
 */
export function classifyError(
  error: unknown,
  model: string,
  host: string,
  headers?: Headers,
): ProviderError {
  if (isResponseError(error)) {
    const status = error.status_code;
    const message = error.error;
    const header = (name: string) => headers?.get(name);
    const hints = { retryAfterMs: retryAfterMs(header), retryable: shouldRetryHeader(header) };
    const failed = (kind: ProviderErrorKind) => new ProviderError(kind, message, status, hints);
    if (status === 404) {
      const aboutModel = /model/i.test(message) && /not found/i.test(message);
      return new ProviderError(
        'not_found',
        aboutModel
          ? `${message} — run \`ollama pull ${model}\` to download it`
          : `${message} (is ${host} an Ollama server?)`,
        status,
      );
    }
    if (CONTEXT_LENGTH_PATTERN.test(message)) return failed('context_length');
    if (status === 401 || status === 403) return failed('auth');
    if (status === 429) return failed('rate_limit');
    // Ollama answers 503 when its queue is full (OLLAMA_MAX_QUEUE): "server busy, please try again".
    if (status === 503) return failed('overloaded');
    if (status >= 500) return failed('server');
    return failed('bad_request');
  }
  const failure = classifyTransportError(error, { service: 'Ollama', url: host });
  if (failure === undefined) {
    return new ProviderError('network', `${describeFetchError(error)} (Ollama at ${host})`);
  }
  // Only a server that cannot be reached may not be running; one that hung up mid-answer was.
  if (!failure.providerMessage.startsWith('Could not connect')) return failure;
  return new ProviderError(
    'network',
    `${failure.providerMessage}. Is Ollama running at ${host}? Start it with \`ollama serve\`.`,
  );
}

/** "fetch failed (ECONNREFUSED)": Node's fetch hides the reason in `cause`. */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : undefined;
  return detail ? `${error.message} (${detail})` : error.message;
}
