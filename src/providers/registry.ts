import type { ResolvedModel } from '../models/resolve-model.js';
import {
  PROVIDER_FACTS,
  type ProviderFacts,
  type ProviderName,
} from '../records/provider-facts.js';
import { createAnthropicProvider } from './anthropic/adapter.js';
import { createOllamaProvider } from './ollama/adapter.js';
import { createOpenAIProvider } from './openai/adapter.js';
import { createOpenAICompatibleProvider } from './openai-compatible/adapter.js';
import type { Availability, Provider } from './provider-types.js';
import { withRetries } from './retry-policy.js';

/**
 * The key replayed runs are built with: requests never leave the process, so no real secret is
 * needed (and none is sent anywhere).
 */
export const PLACEHOLDER_KEY = 'nanograde-replay-placeholder';

/** How nanograde builds and checks one provider's adapter. */
export interface ProviderAdapters {
  /**
   * The adapter, configured from the environment its SDK reads (keys, base URLs). Built per call
   * (clients are cheap), so a changed environment always takes effect.
   */
  live(model: ResolvedModel): Provider;
  /** The adapter that replays a cassette, with a placeholder key; undefined when it cannot replay. */
  replay(model: ResolvedModel): Provider | undefined;
  /** Whether the model can run here and, if not, why (a missing key, a server down, not pulled). */
  probe(model: ResolvedModel): Promise<Availability>;
}

/** A provider as the registry holds it: its facts and its adapters. */
export type ProviderEntry = ProviderFacts & ProviderAdapters;

/** The probe of a network provider: its adapter asks the provider about the model. */
function askProvider(live: (model: ResolvedModel) => Provider) {
  return (model: ResolvedModel) => live(model).availability(model.apiModel);
}

function compatibleBaseURL(model: ResolvedModel): string {
  if (model.baseURL) return model.baseURL;
  throw new Error(
    `${model.id} needs a base URL: set OPENAI_COMPATIBLE_BASE_URL (e.g. http://127.0.0.1:1234/v1)`,
  );
}

const openai = () => createOpenAIProvider();
const anthropic = () => createAnthropicProvider();
const ollama = () => createOllamaProvider();
const openaiCompatible = (model: ResolvedModel) =>
  createOpenAICompatibleProvider({ baseURL: compatibleBaseURL(model) });

/**
 * The provider registry: every provider nanograde has, with its facts (records/provider-facts.ts)
 * and its adapters. Adding a provider is its folder under src/providers/ plus one entry here
 * (and its facts); everything else reads this table.
 */
export const PROVIDERS: { readonly [N in ProviderName]: ProviderEntry } = {
  openai: {
    ...PROVIDER_FACTS.openai,
    live: openai,
    replay: () => createOpenAIProvider({ apiKey: PLACEHOLDER_KEY }),
    probe: askProvider(openai),
  },
  anthropic: {
    ...PROVIDER_FACTS.anthropic,
    live: anthropic,
    replay: () => createAnthropicProvider({ apiKey: PLACEHOLDER_KEY }),
    probe: askProvider(anthropic),
  },
  ollama: {
    ...PROVIDER_FACTS.ollama,
    live: ollama,
    // A local server needs no key.
    replay: ollama,
    probe: askProvider(ollama),
  },
  'openai-compatible': {
    ...PROVIDER_FACTS['openai-compatible'],
    live: openaiCompatible,
    replay: (model) =>
      model.baseURL
        ? createOpenAICompatibleProvider({ baseURL: model.baseURL, apiKey: PLACEHOLDER_KEY })
        : undefined,
    probe: askProvider(openaiCompatible),
  },
  builtin: {
    ...PROVIDER_FACTS.builtin,
    live: (model) => {
      throw new Error(
        `${model.id} is a built-in model: it runs a case's reference solution (or nothing) inside agentTest, where it is given one`,
      );
    },
    replay: () => undefined,
    // Built-ins need no key and no network: they are what a fresh machine can always run.
    probe: async () => ({ available: true }),
  },
};

/**
 * The provider adapter for a resolved model, configured from the environment the SDKs read, with
 * the one retry policy around it (retry-policy.ts).
 */
export function providerFor(model: ResolvedModel): Provider {
  return withRetries(PROVIDERS[model.provider].live(model));
}

/**
 * The adapter a replayed run uses: the model's own, with a placeholder key, under the same retry
 * policy as live runs (a recorded 5xx is answered by its recorded retry).
 */
export function replayProviderFor(model: ResolvedModel): Provider | undefined {
  const adapter = PROVIDERS[model.provider].replay(model);
  return adapter ? withRetries(adapter) : undefined;
}
