import type { ResolvedModel } from '../models/resolve-model.js';
import {
  PROVIDER_FACTS,
  type ProviderFacts,
  type ProviderName,
} from '../records/provider-facts.js';
import { ANTHROPIC_MISSING_KEY, anthropicApiKey } from './anthropic/credentials.js';
import { OPENAI_MISSING_KEY, openaiApiKey } from './openai/credentials.js';
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
   * (clients are cheap), so a changed environment always takes effect; its module and SDK load
   * on first use.
   */
  live(model: ResolvedModel): Provider;
  /** The adapter that replays a cassette, with a placeholder key; undefined when it cannot replay. */
  replay(model: ResolvedModel): Provider | undefined;
  /** Whether the model can run here and, if not, why (a missing key, a server down, not pulled). */
  probe(model: ResolvedModel): Promise<Availability>;
}

/** A provider as the registry holds it: its facts and its adapters. */
export type ProviderEntry = ProviderFacts & ProviderAdapters;

/**
 * A provider whose adapter (and so its SDK) is loaded on first use: importing the registry loads
 * no SDK, and a run on OpenAI never loads Anthropic's. The adapter module is imported once.
 */
function lazyProvider(name: ProviderName, build: () => Promise<Provider>): Provider {
  let built: Promise<Provider> | undefined;
  const adapter = () => {
    built ??= build();
    return built;
  };
  return {
    name,
    complete: async (request) => (await adapter()).complete(request),
    availability: async (model) => (await adapter()).availability(model),
  };
}

// The adapter modules, imported when a provider is first used (each brings its SDK).
const openaiAdapter = () => import('./openai/adapter.js');
const anthropicAdapter = () => import('./anthropic/adapter.js');
const ollamaAdapter = () => import('./ollama/adapter.js');
const compatibleAdapter = () => import('./openai-compatible/adapter.js');

/** The probe of a network provider: its adapter asks the provider about the model. */
function askProvider(live: (model: ResolvedModel) => Provider) {
  return (model: ResolvedModel) => live(model).availability(model.apiModel);
}

/** A probe that first checks for a key without loading the SDK: no key, no SDK to load. */
function keyedProbe(
  key: () => string | undefined,
  missing: string,
  live: (model: ResolvedModel) => Provider,
) {
  const ask = askProvider(live);
  return async (model: ResolvedModel): Promise<Availability> =>
    key() ? ask(model) : { available: false, reason: 'missing_key', message: missing };
}

function compatibleBaseURL(model: ResolvedModel): string {
  if (model.baseURL) return model.baseURL;
  throw new Error(
    `${model.id} needs a base URL: set OPENAI_COMPATIBLE_BASE_URL (e.g. http://127.0.0.1:1234/v1)`,
  );
}

const openai = (apiKey?: string) =>
  lazyProvider('openai', async () =>
    (await openaiAdapter()).createOpenAIProvider(apiKey ? { apiKey } : {}),
  );
const anthropic = (apiKey?: string) =>
  lazyProvider('anthropic', async () =>
    (await anthropicAdapter()).createAnthropicProvider(apiKey ? { apiKey } : {}),
  );
const ollama = () =>
  lazyProvider('ollama', async () => (await ollamaAdapter()).createOllamaProvider());
const openaiCompatible = (baseURL: string, apiKey?: string) =>
  lazyProvider('openai-compatible', async () =>
    (await compatibleAdapter()).createOpenAICompatibleProvider({
      baseURL,
      ...(apiKey ? { apiKey } : {}),
    }),
  );
const liveCompatible = (model: ResolvedModel) => openaiCompatible(compatibleBaseURL(model));

/**
 * The provider registry: every provider nanograde has, with its facts (records/provider-facts.ts)
 * and its adapters. Adding a provider is its folder under src/providers/ plus one entry here
 * (and its facts); everything else reads this table.
 */
export const PROVIDERS: { readonly [N in ProviderName]: ProviderEntry } = {
  openai: {
    ...PROVIDER_FACTS.openai,
    live: () => openai(),
    replay: () => openai(PLACEHOLDER_KEY),
    probe: keyedProbe(openaiApiKey, OPENAI_MISSING_KEY, () => openai()),
  },
  anthropic: {
    ...PROVIDER_FACTS.anthropic,
    live: () => anthropic(),
    replay: () => anthropic(PLACEHOLDER_KEY),
    probe: keyedProbe(anthropicApiKey, ANTHROPIC_MISSING_KEY, () => anthropic()),
  },
  ollama: {
    ...PROVIDER_FACTS.ollama,
    live: ollama,
    // A local server needs no key.
    replay: ollama,
    // Only the model list is asked for: the probe loads the SDK, not the whole adapter.
    probe: async (model) =>
      (await import('./ollama/availability.js')).ollamaAvailability(model.apiModel),
  },
  'openai-compatible': {
    ...PROVIDER_FACTS['openai-compatible'],
    live: liveCompatible,
    replay: (model) =>
      model.baseURL ? openaiCompatible(model.baseURL, PLACEHOLDER_KEY) : undefined,
    probe: askProvider(liveCompatible),
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
