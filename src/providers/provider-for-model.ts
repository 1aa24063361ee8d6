import type { ResolvedModel } from '../models/resolve-model.js';
import { createAnthropicProvider } from './anthropic.js';
import { createOllamaProvider } from './ollama.js';
import { createOpenAIProvider } from './openai.js';
import { createOpenAICompatibleProvider } from './openai-compatible.js';
import type { Provider } from './provider-types.js';
import { withRetries } from './retry-policy.js';

/**
 * The provider adapter for a resolved model, configured from the environment the SDKs read, with
 * the one retry policy around it. Built per call (clients are cheap) so a changed environment
 * always takes effect.
 */
export function providerFor(model: ResolvedModel): Provider {
  return withRetries(adapterFor(model));
}

function adapterFor(model: ResolvedModel): Provider {
  switch (model.provider) {
    case 'openai':
      return createOpenAIProvider();
    case 'anthropic':
      return createAnthropicProvider();
    case 'ollama':
      return createOllamaProvider();
    case 'openai-compatible': {
      if (!model.baseURL) {
        throw new Error(
          `${model.id} needs a base URL: set OPENAI_COMPATIBLE_BASE_URL (e.g. http://127.0.0.1:1234/v1)`,
        );
      }
      return createOpenAICompatibleProvider({ baseURL: model.baseURL });
    }
    case 'builtin':
      throw new Error(
        `${model.id} is a built-in model: it runs a case's reference solution (or nothing) inside agentTest, where it is given one`,
      );
  }
}
