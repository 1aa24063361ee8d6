import { PROVIDER_FACTS, PROVIDER_NAMES, type ProviderName } from '../records/provider-facts.js';
import { type Capabilities, defaultCapabilities } from './capabilities.js';
import { activeSuccessor, type Catalog, defaultCatalog, findModel } from './catalog.js';
import { daysUntil, lifecycleNow, lifecycleOf, retirementDay } from './lifecycle.js';
import { type ModelEntry, splitModelId } from './model-schema.js';

/** A model id turned into what a provider needs; `entry` is null for ids the catalog does not list. */
export interface ResolvedModel {
  /** Canonical 'provider:model'. */
  id: string;
  provider: ProviderName;
  /** The provider's own model name, sent to its API. */
  apiModel: string;
  entry: ModelEntry | null;
  /** Only for 'openai-compatible': the endpoint's /v1 URL. */
  baseURL?: string;
}

/**
 * What `model`'s API accepts: its catalog record, or the cautious default for its provider when
 * the catalog does not list it.
 */
export function capabilitiesOf(model: ResolvedModel): Capabilities {
  return model.entry?.capabilities ?? defaultCapabilities(model.provider);
}

/** The environment variable that gives openai-compatible models their endpoint. */
export const OPENAI_COMPATIBLE_BASE_URL = 'OPENAI_COMPATIBLE_BASE_URL';

type Env = Readonly<Record<string, string | undefined>>;

/** A model id that is neither in the catalog nor a 'provider:model' id of a known provider. */
export class UnknownModelError extends Error {
  readonly input: string;
  readonly knownIds: string[];

  constructor(input: string, catalog: Catalog, reason?: string, now: Date = lifecycleNow()) {
    const known = catalog.models.map((entry) => `${entry.id}${lifecycleLabel(entry, now)}`);
    const example = suggestedId(input, catalog);
    super(
      [
        `Unknown model "${input}"${reason === undefined ? '' : `: ${reason}`}.`,
        `Known models: ${known.join(', ')}.`,
        `To run a model the catalog does not list, prefix it with its provider (${PROVIDER_NAMES.join(', ')})` +
          `${example === null ? '' : `, e.g. "${example}"`}: any model of a known provider is accepted that way, ` +
          'with its cost unknown unless it is local (ollama).',
        'To give it a price or aliases, add it to the catalog: ' +
          `createCatalog({ models: [{ id: "${example ?? 'provider:model'}", price: { input, cachedInput, output } }] }).`,
      ].join('\n'),
    );
    this.name = 'UnknownModelError';
    this.input = input;
    this.knownIds = catalog.models.map((entry) => entry.id);
  }
}

/** An openai-compatible model without a usable endpoint URL. */
export class BaseURLError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaseURLError';
  }
}

/** A request for a model its vendor has retired; the message names the replacement. */
export class RetiredModelError extends Error {
  readonly modelId: string;
  /** The id of the active model to use instead. */
  readonly replacement: string;

  constructor(entry: ModelEntry, catalog: Catalog = defaultCatalog, now: Date = lifecycleNow()) {
    super(retiredMessage(entry, catalog, now) ?? `${entry.id} is not retired`);
    this.name = 'RetiredModelError';
    this.modelId = entry.id;
    this.replacement =
      successorOf(entry, catalog)?.id ??
      (entry.status.state === 'active' ? '' : entry.status.replacement);
  }
}

/** How the list of known models marks a model that is retired or deprecated on `now`. */
function lifecycleLabel(entry: ModelEntry, now: Date): string {
  const lifecycle = lifecycleOf(entry, now);
  if (lifecycle === 'retired') return ' (retired)';
  return lifecycle === 'deprecated' ? ` (deprecated, retires ${retirementDay(entry)})` : '';
}

/** A likely 'provider:model' spelling of a name the catalog does not know. */
function suggestedId(input: string, catalog: Catalog): string | null {
  if (input === '' || /\s/.test(input) || splitModelId(input) !== null) return null;
  if (input.startsWith('claude-')) return `anthropic:${input}`;
  if (input.startsWith('gpt-oss')) return `ollama:${input}`;
  if (/^(gpt-|o\d|chatgpt-|codex-)/.test(input)) return `openai:${input}`;
  const colon = input.indexOf(':');
  if (colon < 0) return null;
  // 'azure:gpt-5' names another platform; 'qwen3:8b' is an Ollama tag.
  const rest = input.slice(colon + 1);
  return findModel(catalog, rest)?.id ?? suggestedId(rest, catalog) ?? `ollama:${input}`;
}

/** Why a name with a colon is not a 'provider:model' id. */
function notAProvider(input: string): string | undefined {
  const colon = input.indexOf(':');
  if (colon <= 0) return undefined;
  return `"${input.slice(0, colon)}" is not a provider (${PROVIDER_NAMES.join(', ')})`;
}

/** The endpoint of an openai-compatible model: its catalog entry's, else the environment's. */
function openAICompatibleBaseURL(id: string, entry: ModelEntry | null, env: Env): string {
  if (entry?.baseURL !== undefined) return entry.baseURL;
  const fromEnv = env[OPENAI_COMPATIBLE_BASE_URL]?.trim();
  if (fromEnv === undefined || fromEnv === '') {
    throw new BaseURLError(
      `${id} needs an endpoint: set ${OPENAI_COMPATIBLE_BASE_URL} to its /v1 URL (e.g. http://127.0.0.1:8000/v1), or add the model to the catalog with a baseURL.`,
    );
  }
  if (!URL.canParse(fromEnv) || !/^https?:$/.test(new URL(fromEnv).protocol)) {
    throw new BaseURLError(
      `${OPENAI_COMPATIBLE_BASE_URL} is "${fromEnv}", which is not an http(s) URL; set it to the endpoint's /v1 URL.`,
    );
  }
  return fromEnv;
}

/**
 * The entry of another provider that a 'provider:name' id names by mistake
 * ('openai:claude-sonnet-4-5'). openai-compatible is exempt: proxies serve every vendor's names.
 */
function otherProvidersEntry(
  catalog: Catalog,
  provider: ProviderName,
  model: string,
): ModelEntry | undefined {
  if (provider === 'openai-compatible') return undefined;
  const entry = findModel(catalog, model);
  return entry !== undefined && entry.provider !== provider ? entry : undefined;
}

/**
 * Resolves 'provider:model', a bare catalog name or an alias; unknown ids throw UnknownModelError.
 * Rule: a catalog name (id, alias, dated id, 'provider:alias') resolves to its entry; any other
 * 'provider:model' of a known provider is accepted with `entry: null` (price unknown); a bare name
 * the catalog does not list fails. Retired models resolve (see `retiredMessage`) so callers can
 * report them instead of crashing.
 */
export function resolveModel(
  id: string,
  catalog: Catalog = defaultCatalog,
  env: Env = process.env,
): ResolvedModel {
  const name = id.trim();
  const entry = findModel(catalog, name) ?? null;
  let resolved: ResolvedModel;
  if (entry !== null) {
    resolved = { id: entry.id, provider: entry.provider, apiModel: entry.apiModel, entry };
  } else {
    const parsed = splitModelId(name);
    if (parsed === null) {
      const reason = name === '' ? 'the model id is empty' : notAProvider(name);
      throw new UnknownModelError(name, catalog, reason);
    }
    if (parsed.provider === 'builtin') {
      throw new UnknownModelError(name, catalog, 'the built-in models are reference and null');
    }
    const other = otherProvidersEntry(catalog, parsed.provider, parsed.model);
    if (other !== undefined) {
      throw new UnknownModelError(
        name,
        catalog,
        `"${parsed.model}" is served by ${other.provider}; did you mean "${other.id}"?`,
      );
    }
    resolved = { id: name, provider: parsed.provider, apiModel: parsed.model, entry: null };
  }
  if (resolved.provider === 'openai-compatible') {
    resolved.baseURL = openAICompatibleBaseURL(resolved.id, entry, env);
  }
  return resolved;
}

/** The active model that replaces a retired or deprecated one (following chains); undefined if none. */
function successorOf(entry: ModelEntry, catalog: Catalog): ModelEntry | undefined {
  if (entry.status.state === 'active') return undefined;
  const next = findModel(catalog, entry.status.replacement);
  return next === undefined ? undefined : activeSuccessor(catalog, next);
}

/** 'anthropic:claude-sonnet-5-5 (Claude Sonnet 5.5)', or the bare replacement name if unknown. */
function successorName(entry: ModelEntry, catalog: Catalog): string {
  const successor = successorOf(entry, catalog);
  if (successor !== undefined) return `${successor.id} (${successor.label})`;
  return entry.status.state === 'active' ? '' : `"${entry.status.replacement}"`;
}

/**
 * Why a retired model cannot run and what to use instead; null when requests to it still work.
 * A deprecated model counts as retired from its retirement day on (compared with `now`).
 */
export function retiredMessage(
  entry: ModelEntry,
  catalog: Catalog = defaultCatalog,
  now: Date = lifecycleNow(),
): string | null {
  if (entry.status.state === 'active' || lifecycleOf(entry, now) !== 'retired') return null;
  const since = retirementDay(entry);
  const { note } = entry.status;
  return [
    `${entry.id} (${entry.label}) is retired on ${PROVIDER_FACTS[entry.provider].service}${since === undefined ? '' : ` since ${since}`}: requests to it fail.`,
    `Use its successor ${successorName(entry, catalog)} instead.`,
    ...(note === undefined ? [] : [note]),
  ].join(' ');
}

/** "tomorrow", "in 3 days" (a deprecated model still serving retires one day ahead at least). */
function inDays(days: number): string {
  return days === 1 ? 'tomorrow' : `in ${days} days`;
}

/**
 * What to tell a user of a deprecated model that still works on `now`: the day it retires and what
 * to use instead; null for active and retired models (see `retiredMessage` for those).
 */
export function deprecationNote(
  entry: ModelEntry,
  now: Date = lifecycleNow(),
  catalog: Catalog = defaultCatalog,
): string | null {
  if (entry.status.state !== 'deprecated' || lifecycleOf(entry, now) !== 'deprecated') return null;
  const { retiresOn, note } = entry.status;
  return [
    `${entry.id} (${entry.label}) is deprecated on ${PROVIDER_FACTS[entry.provider].service} and retires on ${retiresOn} (${inDays(daysUntil(retiresOn, now))}); use its successor ${successorName(entry, catalog)} instead.`,
    ...(note === undefined ? [] : [note]),
  ].join(' ');
}

/** Throws RetiredModelError when `model` is a catalog model that is retired on `now`. */
export function assertNotRetired(
  model: ResolvedModel,
  catalog: Catalog = defaultCatalog,
  now: Date = lifecycleNow(),
): void {
  if (model.entry !== null && lifecycleOf(model.entry, now) === 'retired') {
    throw new RetiredModelError(model.entry, catalog, now);
  }
}
