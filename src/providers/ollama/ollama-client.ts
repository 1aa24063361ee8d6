import { Ollama } from 'ollama';
import { providerFetch } from '../provider-fetch.js';

/** Where Ollama listens when OLLAMA_HOST is unset. */
export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/**
 * Resolves an OLLAMA_HOST value to a base URL the way Ollama's own CLI does: quotes and spaces
 * trimmed; no scheme means http with port 11434; an explicit http/https scheme without a port
 * means 80/443; ":port" means 127.0.0.1; a path is kept; empty means the default.
 */
export function resolveOllamaHost(raw: string | undefined): string {
  const value = (raw ?? '').trim().replace(/^["']+|["']+$/g, '');
  if (value === '') return DEFAULT_OLLAMA_HOST;
  const schemeEnd = value.indexOf('://');
  const scheme = schemeEnd === -1 ? 'http' : value.slice(0, schemeEnd).toLowerCase();
  const rest = schemeEnd === -1 ? value : value.slice(schemeEnd + 3);
  const defaultPort = schemeEnd === -1 ? '11434' : scheme === 'https' ? '443' : '80';
  const slash = rest.indexOf('/');
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash).replace(/\/+$/, '');
  // A bracketed IPv6 address or a plain name, then an optional :port.
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  const hostname = match?.[1] || '127.0.0.1';
  const port = match?.[2] || defaultPort;
  return `${scheme}://${hostname}:${port}${path}`;
}

/**
 * A model name in the form Ollama compares names: lower case, without the default registry and
 * namespace, with ":latest" when no tag is given ("gpt-oss" and "library/gpt-oss:latest" match).
 */
export function canonicalOllamaModel(name: string): string {
  const bare = name
    .trim()
    .toLowerCase()
    .replace(/^registry\.ollama\.ai\//, '')
    .replace(/^library\//, '');
  const lastSegment = bare.slice(bare.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? bare : `${bare}:latest`;
}

/**
 * An Ollama client whose requests carry `signal` (the client itself passes none for non-streamed
 * calls) and are bounded by it alone, not by Node's 300-second header timeout: a slow local turn
 * may take longer, and the run's timeoutMs decides. It keeps the last response's headers in
 * `seen`: the client's errors drop them, and a 429's retry-after is in them.
 */
export function ollamaClient(
  host: string,
  signal?: AbortSignal,
  seen?: { headers?: Headers },
): Ollama {
  const base = providerFetch('ollama');
  const fetchWithSignal: typeof fetch = async (input, init) => {
    const withSignal = {
      ...init,
      signal:
        signal && init?.signal ? AbortSignal.any([signal, init.signal]) : (signal ?? init?.signal),
    };
    const response = await base(input, withSignal);
    if (seen) seen.headers = response.headers;
    return response;
  };
  return new Ollama({ host, fetch: fetchWithSignal });
}
