import type { ResolvedModel } from '../models/resolve-model.js';
import type { ProviderName } from '../records/provider-facts.js';
import { resolveOllamaHost } from './ollama/ollama-client.js';
import { PLACEHOLDER_KEY } from './registry.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where a model's API is and the key it takes, as the provider's own SDK expects them. */
export interface ProviderEndpoint {
  /**
   * The base URL in the form the provider's official SDK takes: OpenAI's ends in `/v1`
   * (`https://api.openai.com/v1`), Anthropic's does not (`https://api.anthropic.com`), Ollama's is
   * the server (`http://127.0.0.1:11434`), an OpenAI-compatible server's is its `/v1` URL.
   */
  baseURL: string;
  /** The key to send; a placeholder where the server ignores keys (Ollama) or in a replay. */
  apiKey: string;
}

const ENDPOINTS: {
  readonly [N in ProviderName]: (model: ResolvedModel, env: Env) => ProviderEndpoint;
} = {
  openai: (_model, env) => ({
    baseURL: env.OPENAI_BASE_URL?.trim() || 'https://api.openai.com/v1',
    apiKey: env.OPENAI_API_KEY ?? '',
  }),
  anthropic: (_model, env) => ({
    baseURL: env.ANTHROPIC_BASE_URL?.trim() || 'https://api.anthropic.com',
    apiKey: env.ANTHROPIC_API_KEY ?? '',
  }),
  // Ollama takes no key; SDKs that insist on one get this.
  ollama: (_model, env) => ({ baseURL: resolveOllamaHost(env.OLLAMA_HOST), apiKey: 'ollama' }),
  'openai-compatible': (model, env) => ({
    baseURL: model.baseURL ?? '',
    apiKey: env.OPENAI_COMPATIBLE_API_KEY || 'not-needed',
  }),
  builtin: (model) => {
    throw new Error(`${model.id} is a built-in model: it has no API for an agent to call`);
  },
};

/**
 * The endpoint an agent nanograde did not write is handed for `model`: from the environment the
 * provider's SDK reads (OPENAI_BASE_URL, ANTHROPIC_BASE_URL, OLLAMA_HOST, the keys), with a
 * placeholder key in a replay (nothing leaves the process then).
 */
export function providerEndpoint(
  model: ResolvedModel,
  options: { replay?: boolean; env?: Env } = {},
): ProviderEndpoint {
  const endpoint = ENDPOINTS[model.provider](model, options.env ?? process.env);
  return options.replay && model.provider !== 'ollama'
    ? { ...endpoint, apiKey: PLACEHOLDER_KEY }
    : endpoint;
}
