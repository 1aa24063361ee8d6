import { z } from 'zod';
import { PROVIDER_NAMES } from '../records/provider-facts.js';
import { builtinModels } from './builtin-models.js';
import { CapabilitiesSchema, defaultCapabilities, withCapabilities } from './capabilities.js';
import { deepFreeze } from './deep-freeze.js';
import {
  type CatalogOverrides,
  CatalogOverridesSchema,
  type ModelEntry,
  ModelEntrySchema,
  type ModelPrice,
  splitModelId,
} from './model-schema.js';

/** The models nanograde knows: built-ins plus the user's additions. */
export interface Catalog {
  readonly models: readonly ModelEntry[];
}

/** A catalog that cannot be built: duplicate names, bad prices, unknown replacements… */
export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}

/**
 * Every name an entry answers to: its id, its bare aliases, and the provider-qualified form of
 * each alias and of its API model name ('anthropic:claude-3-haiku-20240307').
 */
export function namesOf(entry: ModelEntry): string[] {
  const qualified = [entry.apiModel, ...entry.aliases].map((name) => `${entry.provider}:${name}`);
  return [...new Set([entry.id, ...entry.aliases, ...qualified])];
}

/** Maps every name to its entry; two entries answering to one name is an error. */
function buildIndex(models: readonly ModelEntry[]): Map<string, ModelEntry> {
  const index = new Map<string, ModelEntry>();
  for (const entry of models) {
    for (const name of namesOf(entry)) {
      const taken = index.get(name);
      if (taken !== undefined) {
        throw new CatalogError(
          `the model name "${name}" is used by both ${taken.id} and ${entry.id}; names (ids, aliases, provider:alias) must be unique`,
        );
      }
      index.set(name, entry);
    }
  }
  return index;
}

const indexes = new WeakMap<Catalog, Map<string, ModelEntry>>();

function indexOf(catalog: Catalog): Map<string, ModelEntry> {
  let index = indexes.get(catalog);
  if (index === undefined) {
    index = buildIndex(catalog.models);
    indexes.set(catalog, index);
  }
  return index;
}

/** The catalog entry that `name` (id, alias or provider-qualified alias) names, if any. */
export function findModel(catalog: Catalog, name: string): ModelEntry | undefined {
  return indexOf(catalog).get(name);
}

function unknownReplacement(entry: ModelEntry, replacement: string): CatalogError {
  return new CatalogError(
    `${entry.id} is ${entry.status.state} and names the replacement "${replacement}", which is not in the catalog`,
  );
}

/**
 * Follows the replacements of a retired or deprecated model to the first active one (the entry
 * itself if active): the model to run instead, one that is not about to disappear.
 */
export function activeSuccessor(catalog: Catalog, entry: ModelEntry): ModelEntry {
  const seen = new Set<string>();
  let current = entry;
  while (current.status.state !== 'active') {
    if (seen.has(current.id)) {
      throw new CatalogError(
        `retired or deprecated models replace each other in a cycle: ${[...seen].join(' → ')}`,
      );
    }
    seen.add(current.id);
    const next = findModel(catalog, current.status.replacement);
    if (next === undefined) throw unknownReplacement(current, current.status.replacement);
    current = next;
  }
  return current;
}

function parseOverrides(overrides: CatalogOverrides): z.output<typeof CatalogOverridesSchema> {
  const parsed = CatalogOverridesSchema.safeParse(overrides);
  if (!parsed.success) {
    throw new CatalogError(`invalid model catalog overrides:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** An entry for a 'provider:model' id that only a price override mentions. */
function entryForPricedId(name: string, price: ModelPrice): ModelEntry | null {
  const parsed = splitModelId(name);
  if (parsed === null) return null;
  const entry = ModelEntrySchema.safeParse({
    id: name,
    provider: parsed.provider,
    apiModel: parsed.model,
    aliases: [],
    label: parsed.model,
    status: { state: 'active' },
    price,
    capabilities: defaultCapabilities(parsed.provider),
  });
  if (!entry.success) {
    throw new CatalogError(`a price is given for "${name}":\n${z.prettifyError(entry.error)}`);
  }
  return entry.data;
}

/** A capability record after a user's change, checked (a clear error names the model). */
function checkedCapabilities(id: string, capabilities: unknown) {
  const parsed = CapabilitiesSchema.safeParse(capabilities);
  if (!parsed.success) {
    throw new CatalogError(`the capabilities given for ${id}:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** Lays each `capabilities` override (by id or alias) over its model's record. */
function overlayCapabilities(
  models: ModelEntry[],
  overrides: z.output<typeof CatalogOverridesSchema>['capabilities'] & object,
): ModelEntry[] {
  const index = buildIndex(models);
  const byId = new Map<string, ModelEntry['capabilities']>();
  for (const [name, given] of Object.entries(overrides)) {
    const target = index.get(name);
    if (target === undefined) {
      throw new CatalogError(
        `capabilities are given for "${name}", which is not in the catalog; use a catalog id or alias, or add the model under models`,
      );
    }
    if (byId.has(target.id)) {
      throw new CatalogError(`two capability overrides are given for ${target.id}; give one`);
    }
    byId.set(
      target.id,
      checkedCapabilities(target.id, withCapabilities(target.capabilities, given)),
    );
  }
  return models.map((entry) => {
    const capabilities = byId.get(entry.id);
    return capabilities === undefined ? entry : { ...entry, capabilities };
  });
}

/** Builds a catalog from the built-ins plus user additions and price overrides (validated with zod; clear errors). */
export function createCatalog(overrides: CatalogOverrides = {}): Catalog {
  const { models: parsedModels = [], prices = {}, capabilities = {} } = parseOverrides(overrides);

  // A user model with a built-in's id replaces it (to re-price, re-alias or retire it); what it
  // does not say about capabilities stays as the built-in has it.
  const added = parsedModels.map((entry, index) => {
    const builtin = builtinModels.find((candidate) => candidate.id === entry.id);
    const saidCapabilities = overrides.models?.[index]?.capabilities !== undefined;
    if (builtin === undefined || entry.provider !== builtin.provider) return entry;
    const given = overrides.models?.[index]?.capabilities ?? {};
    return {
      ...entry,
      capabilities: saidCapabilities
        ? checkedCapabilities(entry.id, withCapabilities(builtin.capabilities, given))
        : builtin.capabilities,
    };
  });
  const merged = [
    ...builtinModels.filter((builtin) => !added.some((entry) => entry.id === builtin.id)),
    ...added,
  ];
  const mergedIndex = buildIndex(merged);

  const priceById = new Map<string, { name: string; price: ModelPrice }>();
  const pricedOnly: ModelEntry[] = [];
  for (const [name, price] of Object.entries(prices)) {
    const target = mergedIndex.get(name);
    if (target === undefined) {
      const entry = entryForPricedId(name, price);
      if (entry === null) {
        throw new CatalogError(
          `a price is given for "${name}", which is not in the catalog; use a catalog id or alias, or a "provider:model" id (providers: ${PROVIDER_NAMES.join(', ')})`,
        );
      }
      pricedOnly.push(entry);
      continue;
    }
    const earlier = priceById.get(target.id);
    if (earlier !== undefined) {
      throw new CatalogError(
        `two prices are given for ${target.id} (as "${earlier.name}" and "${name}"); give one`,
      );
    }
    priceById.set(target.id, { name, price });
  }
  const priced = merged.map((entry) => {
    const override = priceById.get(entry.id);
    return override === undefined ? entry : { ...entry, price: override.price };
  });
  const models = overlayCapabilities([...priced, ...pricedOnly], capabilities);

  // Store each replacement as its canonical id, then prove every retired or deprecated model
  // reaches an active one.
  const draft: Catalog = { models };
  const canonical = models.map((entry): ModelEntry => {
    if (entry.status.state === 'active') return entry;
    const successor = findModel(draft, entry.status.replacement);
    if (successor === undefined) throw unknownReplacement(entry, entry.status.replacement);
    return { ...entry, status: { ...entry.status, replacement: successor.id } };
  });
  const catalog: Catalog = deepFreeze({ models: canonical });
  indexOf(catalog); // every name unique, price-only entries included
  for (const entry of catalog.models) activeSuccessor(catalog, entry);
  return catalog;
}

/** The built-in catalog (validated at module load: unique names, reachable replacements). */
export const defaultCatalog: Catalog = createCatalog();
