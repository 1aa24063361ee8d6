import { z } from 'zod';

/** The providers nanograde has adapters for; the prefix of every model id. */
export const PROVIDER_NAMES = ['openai', 'anthropic', 'ollama', 'openai-compatible'] as const;
export const ProviderNameSchema = z.enum(PROVIDER_NAMES);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

/** Whether `value` names one of nanograde's providers. */
export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

// Cost is computed in whole pico-dollars per token (= micro-dollars per million tokens), so a price
// must be a whole number of micro-dollars per million tokens: six decimals at most.
const usdPerMillionTokens = z
  .number()
  .finite()
  .nonnegative()
  .refine(
    (usd) => Math.abs(usd * 1e6 - Math.round(usd * 1e6)) < 1e-6,
    'a price (USD per million tokens) has at most 6 decimals',
  );

/** No whitespace: names are typed in env lists and config, and must match exactly. */
const modelName = z.string().regex(/^\S+$/, 'a model name is non-empty and has no whitespace');

/** A price in USD per million tokens, with where and when it was read. */
export const PriceSchema = z.strictObject({
  input: usdPerMillionTokens,
  cachedInput: usdPerMillionTokens,
  output: usdPerMillionTokens,
  /** Anthropic's 5-minute cache write; absent = cache writes cost the input price. */
  cacheWrite: usdPerMillionTokens.optional(),
  source: z.string().min(1),
  readOn: z.iso.date(),
});
export type Price = z.infer<typeof PriceSchema>;

/** A model that runs on this machine: $0 per token, reported as local rather than unknown. */
export const LocalPriceSchema = z.strictObject({ local: z.literal(true) });
export type LocalPrice = z.infer<typeof LocalPriceSchema>;

/** A model's price: known, local, or null when unknown (its cost is then null, never 0). */
export const ModelPriceSchema = z.union([PriceSchema, LocalPriceSchema]).nullable();
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export const ModelStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('active') }),
  z.strictObject({
    state: z.literal('retired'),
    /** The successor's model id (or any catalog name of it; the catalog stores the id). */
    replacement: modelName,
    since: z.iso.date().optional(),
    note: z.string().min(1).optional(),
  }),
]);
export type ModelStatus = z.infer<typeof ModelStatusSchema>;

/** One model of the catalog, as stored: every field filled in and checked. */
export const ModelEntrySchema = z
  .strictObject({
    /** Canonical 'provider:model', e.g. 'openai:gpt-5-mini', 'ollama:gpt-oss:20b'. */
    id: modelName,
    provider: ProviderNameSchema,
    /** What is sent to the API, e.g. 'gpt-5-mini', 'claude-3-haiku-20240307'. */
    apiModel: modelName,
    /** Bare names and dated ids that resolve to this model. */
    aliases: z.array(modelName),
    label: z.string().min(1),
    status: ModelStatusSchema,
    price: ModelPriceSchema,
    /** Only for 'openai-compatible': the endpoint's /v1 URL (else OPENAI_COMPATIBLE_BASE_URL). */
    baseURL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .superRefine((entry, ctx) => {
    if (!entry.id.startsWith(`${entry.provider}:`) || entry.id === `${entry.provider}:`) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `id "${entry.id}" must be "${entry.provider}:<model>" (its provider, a colon, the model)`,
      });
    }
    if (entry.baseURL !== undefined && entry.provider !== 'openai-compatible') {
      ctx.addIssue({
        code: 'custom',
        path: ['baseURL'],
        message: `baseURL is only for openai-compatible models, not ${entry.provider}`,
      });
    }
  });
export type ModelEntry = z.infer<typeof ModelEntrySchema>;

/** A user's price: `cachedInput` defaults to `input` (no discount assumed), `source` to 'user override'. */
const PriceInputObjectSchema = z.strictObject({
  input: usdPerMillionTokens,
  cachedInput: usdPerMillionTokens.optional(),
  output: usdPerMillionTokens,
  cacheWrite: usdPerMillionTokens.optional(),
  source: z.string().min(1).optional(),
  readOn: z.iso.date().optional(),
});

/** A union's "Invalid input" says nothing: name what is wrong in the branch the user meant. */
function explainPriceMismatch(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const meantLocal =
    typeof issue.input === 'object' && issue.input !== null && 'local' in issue.input;
  const branch = issue.errors[meantLocal ? 0 : 1] ?? [];
  const why = branch
    .map((inner) => `${inner.path.length > 0 ? `${inner.path.join('.')}: ` : ''}${inner.message}`)
    .join('; ');
  return `not a price (${why}); a price is { input, output, cachedInput?, cacheWrite?, source?, readOn? } in USD per million tokens, { local: true }, or null`;
}

/** A price as a user writes it: a price object, `{ local: true }`, or null for "unknown". */
export const PriceInputSchema = z
  .union([LocalPriceSchema, PriceInputObjectSchema], { error: explainPriceMismatch })
  .nullable()
  .transform((price): ModelPrice => {
    if (price === null || 'local' in price) return price;
    const { cachedInput, source, readOn, ...rest } = price;
    return {
      ...rest,
      cachedInput: cachedInput ?? price.input,
      source: source ?? 'user override',
      // The day the catalog was built is the day the user's number was read.
      readOn: readOn ?? new Date().toISOString().slice(0, 10),
    };
  });
export type PriceInput = z.input<typeof PriceInputSchema>;

/** Splits 'provider:model' at the first colon; null when the prefix is no provider. */
export function splitModelId(id: string): { provider: ProviderName; model: string } | null {
  const colon = id.indexOf(':');
  if (colon <= 0) return null;
  const provider = id.slice(0, colon);
  const model = id.slice(colon + 1);
  return isProviderName(provider) && model !== '' ? { provider, model } : null;
}

/**
 * A model as a user adds it: only `id` is required; `provider` and `apiModel` come from the id,
 * `label` defaults to the model name, `status` to active, `price` to null (unknown).
 */
export const ModelEntryInputSchema = z
  .strictObject({
    id: z.string(),
    provider: ProviderNameSchema.optional(),
    apiModel: z.string().optional(),
    aliases: z.array(z.string()).default([]),
    label: z.string().optional(),
    status: ModelStatusSchema.default({ state: 'active' }),
    price: PriceInputSchema.default(null),
    baseURL: z.string().optional(),
  })
  .transform((input, ctx) => {
    const parsed = splitModelId(input.id);
    if (parsed === null) {
      ctx.issues.push({
        code: 'custom',
        path: ['id'],
        input: input.id,
        message: `id "${input.id}" must be "provider:model" with provider one of ${PROVIDER_NAMES.join(', ')}`,
      });
      return z.NEVER;
    }
    const { baseURL, ...rest } = input;
    return {
      ...rest,
      provider: input.provider ?? parsed.provider,
      apiModel: input.apiModel ?? parsed.model,
      label: input.label ?? parsed.model,
      // Absent rather than undefined: entries are compared and serialised as plain JSON.
      ...(baseURL === undefined ? {} : { baseURL }),
    };
  })
  .pipe(ModelEntrySchema);
export type ModelEntryInput = z.input<typeof ModelEntryInputSchema>;

/** What a user may change: add (or replace, by id) models, and override prices by id or alias. */
export const CatalogOverridesSchema = z.strictObject({
  models: z.array(ModelEntryInputSchema).optional(),
  prices: z.record(z.string(), PriceInputSchema).optional(),
});
export type CatalogOverrides = z.input<typeof CatalogOverridesSchema>;

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

/** Freezes a plain JSON-like value all the way down: catalogs are shared by every test. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const OPENAI_PRICES = 'developers.openai.com model page';
const ANTHROPIC_PRICES = 'platform.claude.com pricing page';
// Prices as REFERENCE.md gives them (checked against the vendor pages it cites on this day).
const READ_ON = '2026-11-01';
const RETIRED_NOTE = "Anthropic's model deprecations page lists it as retired.";

const builtinEntries: ModelEntry[] = [
  {
    id: 'openai:gpt-5',
    provider: 'openai',
    apiModel: 'gpt-5',
    aliases: ['gpt-5', 'gpt-5-2025-08-07'],
    label: 'GPT-5',
    status: { state: 'active' },
    price: {
      input: 1.25,
      cachedInput: 0.125,
      output: 10,
      source: `${OPENAI_PRICES} (gpt-5)`,
      readOn: READ_ON,
    },
  },
  {
    id: 'openai:gpt-5-mini',
    provider: 'openai',
    apiModel: 'gpt-5-mini',
    aliases: ['gpt-5-mini', 'gpt-5-mini-2025-08-07'],
    label: 'GPT-5 mini',
    status: { state: 'active' },
    price: {
      input: 0.25,
      cachedInput: 0.025,
      output: 2,
      source: `${OPENAI_PRICES} (gpt-5-mini)`,
      readOn: READ_ON,
    },
  },
  {
    id: 'openai:gpt-5-nano',
    provider: 'openai',
    apiModel: 'gpt-5-nano',
    aliases: ['gpt-5-nano', 'gpt-5-nano-2025-08-07'],
    label: 'GPT-5 nano',
    status: { state: 'active' },
    price: {
      input: 0.05,
      cachedInput: 0.005,
      output: 0.4,
      source: `${OPENAI_PRICES} (gpt-5-nano)`,
      readOn: READ_ON,
    },
  },
  // Anthropic: apiModel is the dated snapshot, so a run (and its cassette) names one exact model.
  {
    id: 'anthropic:claude-opus-4-1',
    provider: 'anthropic',
    apiModel: 'claude-opus-4-1-20250805',
    aliases: ['claude-opus-4-1', 'claude-opus-4-1-20250805'],
    label: 'Claude Opus 4.1',
    status: { state: 'retired', replacement: 'anthropic:claude-opus-4-5', note: RETIRED_NOTE },
    price: {
      input: 15,
      cachedInput: 1.5,
      cacheWrite: 18.75,
      output: 75,
      source: ANTHROPIC_PRICES,
      readOn: READ_ON,
    },
  },
  {
    id: 'anthropic:claude-opus-4',
    provider: 'anthropic',
    apiModel: 'claude-opus-4-20250514',
    aliases: ['claude-opus-4', 'claude-opus-4-0', 'claude-opus-4-20250514'],
    label: 'Claude Opus 4',
    status: { state: 'retired', replacement: 'anthropic:claude-opus-4-5', note: RETIRED_NOTE },
    price: {
      input: 15,
      cachedInput: 1.5,
      cacheWrite: 18.75,
      output: 75,
      source: ANTHROPIC_PRICES,
      readOn: READ_ON,
    },
  },
  {
    id: 'anthropic:claude-sonnet-4',
    provider: 'anthropic',
    apiModel: 'claude-sonnet-4-20250514',
    aliases: ['claude-sonnet-4', 'claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
    label: 'Claude Sonnet 4',
    status: { state: 'retired', replacement: 'anthropic:claude-sonnet-4-5', note: RETIRED_NOTE },
    price: {
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      output: 15,
      source: ANTHROPIC_PRICES,
      readOn: READ_ON,
    },
  },
  {
    id: 'anthropic:claude-3-haiku',
    provider: 'anthropic',
    apiModel: 'claude-3-haiku-20240307',
    aliases: ['claude-3-haiku', 'claude-3-haiku-20240307'],
    label: 'Claude Haiku 3',
    status: { state: 'retired', replacement: 'anthropic:claude-haiku-4-5', note: RETIRED_NOTE },
    price: {
      input: 0.25,
      cachedInput: 0.03,
      cacheWrite: 0.3,
      output: 1.25,
      source: ANTHROPIC_PRICES,
      readOn: READ_ON,
    },
  },
  {
    id: 'anthropic:claude-3-5-haiku',
    provider: 'anthropic',
    apiModel: 'claude-3-5-haiku-20241022',
    aliases: ['claude-3-5-haiku', 'claude-3-5-haiku-20241022'],
    label: 'Claude Haiku 3.5',
    status: { state: 'retired', replacement: 'anthropic:claude-haiku-4-5', note: RETIRED_NOTE },
    price: {
      input: 0.8,
      cachedInput: 0.08,
      cacheWrite: 1,
      output: 4,
      source: ANTHROPIC_PRICES,
      readOn: READ_ON,
    },
  },
  {
    id: 'anthropic:claude-sonnet-4-5',
    provider: 'anthropic',
    apiModel: 'claude-sonnet-4-5-20250929',
    aliases: ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
    label: 'Claude Sonnet 4.5',
    status: { state: 'active' },
    price: {
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      output: 15,
      source: ANTHROPIC_PRICES,
      readOn: READ_ON,
    },
  },
  {
    id: 'anthropic:claude-haiku-4-5',
    provider: 'anthropic',
    apiModel: 'claude-haiku-4-5-20251001',
    aliases: ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
    label: 'Claude Haiku 4.5',
    status: { state: 'active' },
    price: {
      input: 1,
      cachedInput: 0.1,
      cacheWrite: 1.25,
      output: 5,
      source: ANTHROPIC_PRICES,
      readOn: READ_ON,
    },
  },
  {
    id: 'anthropic:claude-opus-4-5',
    provider: 'anthropic',
    apiModel: 'claude-opus-4-5-20251101',
    aliases: ['claude-opus-4-5', 'claude-opus-4-5-20251101'],
    label: 'Claude Opus 4.5',
    status: { state: 'active' },
    // Not in REFERENCE.md: read from Anthropic's own Claude Opus 4.5 model page (Pricing section).
    price: {
      input: 5,
      cachedInput: 0.5,
      cacheWrite: 6.25,
      output: 25,
      source: 'platform.claude.com/docs/models/opus-4-5/overview (Claude Opus 4.5 model page)',
      readOn: '2026-11-23',
    },
  },
  {
    id: 'ollama:gpt-oss:20b',
    provider: 'ollama',
    apiModel: 'gpt-oss:20b',
    aliases: ['gpt-oss:20b'],
    label: 'gpt-oss 20B',
    status: { state: 'active' },
    price: { local: true },
  },
  {
    id: 'ollama:gpt-oss:120b',
    provider: 'ollama',
    apiModel: 'gpt-oss:120b',
    aliases: ['gpt-oss:120b'],
    label: 'gpt-oss 120B',
    status: { state: 'active' },
    price: { local: true },
  },
];

/** The built-in models, checked by the schema when this module loads. */
export const builtinModels: readonly ModelEntry[] = deepFreeze(
  z.array(ModelEntrySchema).parse(builtinEntries),
);

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

function unknownReplacement(id: string, replacement: string): CatalogError {
  return new CatalogError(
    `${id} is retired and names the replacement "${replacement}", which is not in the catalog`,
  );
}

/** Follows a retired model's replacements to the first active one (the entry itself if active). */
export function activeSuccessor(catalog: Catalog, entry: ModelEntry): ModelEntry {
  const seen = new Set<string>();
  let current = entry;
  while (current.status.state === 'retired') {
    if (seen.has(current.id)) {
      throw new CatalogError(
        `retired models replace each other in a cycle: ${[...seen].join(' → ')}`,
      );
    }
    seen.add(current.id);
    const next = findModel(catalog, current.status.replacement);
    if (next === undefined) throw unknownReplacement(current.id, current.status.replacement);
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
  });
  if (!entry.success) {
    throw new CatalogError(`a price is given for "${name}":\n${z.prettifyError(entry.error)}`);
  }
  return entry.data;
}

/** Builds a catalog from the built-ins plus user additions and price overrides (validated with zod; clear errors). */
export function createCatalog(overrides: CatalogOverrides = {}): Catalog {
  const { models: added = [], prices = {} } = parseOverrides(overrides);

  // A user model with a built-in's id replaces it (to re-price, re-alias or retire it).
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
  const models = [...priced, ...pricedOnly];

  // Store each replacement as its canonical id, then prove every retired model reaches an active one.
  const draft: Catalog = { models };
  const canonical = models.map((entry): ModelEntry => {
    if (entry.status.state !== 'retired') return entry;
    const successor = findModel(draft, entry.status.replacement);
    if (successor === undefined) throw unknownReplacement(entry.id, entry.status.replacement);
    return { ...entry, status: { ...entry.status, replacement: successor.id } };
  });
  const catalog: Catalog = deepFreeze({ models: canonical });
  indexOf(catalog); // every name unique, price-only entries included
  for (const entry of catalog.models) activeSuccessor(catalog, entry);
  return catalog;
}

/** The built-in catalog (validated at module load: unique names, reachable replacements). */
export const defaultCatalog: Catalog = createCatalog();
