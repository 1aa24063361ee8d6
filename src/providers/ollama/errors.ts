import { ProviderError } from '../provider-types.js';

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

/** Classifies a failed Ollama request, keeping Ollama's message and adding what to do about it. */
export function classifyError(error: unknown, model: string, host: string): ProviderError {
  if (isResponseError(error)) {
    const status = error.status_code;
    const message = error.error;
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
    if (CONTEXT_LENGTH_PATTERN.test(message))
      return new ProviderError('context_length', message, status);
    if (status === 401 || status === 403) return new ProviderError('auth', message, status);
    if (status === 429) return new ProviderError('rate_limit', message, status);
    // Ollama answers 503 when its queue is full (OLLAMA_MAX_QUEUE): "server busy, please try again".
    if (status === 503) return new ProviderError('overloaded', message, status);
    if (status >= 500) return new ProviderError('server', message, status);
    return new ProviderError('bad_request', message, status);
  }
  if (error instanceof SyntaxError) {
    return new ProviderError(
      'server',
      `Ollama at ${host} sent a body that is not JSON: ${error.message}`,
    );
  }
  return new ProviderError(
    'network',
    `${describeFetchError(error)}. Is Ollama running at ${host}? Start it with \`ollama serve\`.`,
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
