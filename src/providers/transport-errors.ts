import { ProviderError } from './provider-types.js';

/** Where a request was going, for messages: `OpenAI at https://api.openai.com/v1`. */
export interface RequestTarget {
  service: string;
  /** Where it was sent, when the caller knows. */
  url?: string;
}

/** The errors of a cause chain, outermost first. */
function causesOf(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 6; current = current.cause) {
    chain.push(current);
  }
  return chain;
}

const codeOf = (error: Error): string | undefined => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

/** "terminated: other side closed (UND_ERR_SOCKET)": every message and code along the chain. */
export function describeCauses(error: unknown): string {
  const parts: string[] = [];
  for (const cause of causesOf(error)) {
    const code = codeOf(cause);
    const text =
      cause.message && code && !cause.message.includes(code)
        ? `${cause.message} (${code})`
        : cause.message || code;
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.join(': ');
}

const REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const CUT = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const SLOW = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * What the network or a broken answer did, as a classified ProviderError — or undefined when
 * `error` is neither (a bug, an abort). Node's fetch and the SDKs say little ("terminated",
 * "fetch failed", a bare JSON.parse message); the reason is in the cause chain:
 * - a body that is not JSON (cut short, or garbled) → `bad_response`;
 * - the connection closed or reset, before or during the answer → `network`;
 * - no connection at all (refused, unknown host) → `network`;
 * - no answer in time (undici's header and body timeouts) → `network`.
 * All of them may be tried again.
 */
export function classifyTransportError(
  error: unknown,
  target: RequestTarget,
): ProviderError | undefined {
  const at = target.url ? `${target.service} at ${target.url}` : target.service;
  if (error instanceof SyntaxError) {
    return new ProviderError(
      'bad_response',
      `${at} sent an answer that is not valid JSON (cut short or garbled): ${error.message}`,
    );
  }
  const chain = causesOf(error);
  if (chain.length === 0) return undefined;
  const codes = new Set(chain.map(codeOf).filter((code) => code !== undefined));
  const has = (set: Set<string>) => [...codes].some((code) => set.has(code));
  const detail = describeCauses(error);
  const first = chain[0] as Error;
  if (first.name === 'TypeError' && first.message === 'terminated') {
    return new ProviderError(
      'network',
      `${at} closed the connection before its answer was complete (${detail})`,
    );
  }
  if (has(REFUSED)) return new ProviderError('network', `Could not connect to ${at} (${detail})`);
  if (has(CUT)) {
    return new ProviderError(
      'network',
      `${at} closed the connection without an answer (${detail})`,
    );
  }
  if (has(SLOW) || chain.some((cause) => cause.name === 'TimeoutError')) {
    return new ProviderError('network', `${at} did not answer in time (${detail})`);
  }
  if (first.name === 'TypeError' && first.message === 'fetch failed') {
    return new ProviderError('network', `Could not reach ${at} (${detail})`);
  }
  return undefined;
}
