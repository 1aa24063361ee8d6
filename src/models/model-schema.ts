import { z } from 'zod';
import {
  isProviderName,
  PROVIDER_NAMES,
  type ProviderName,
  ProviderNameSchema,
} from '../records/provider-facts.js';
import {
  type CapabilitiesInput,
  CapabilitiesInputSchema,
  CapabilitiesSchema,
  defaultCapabilities,
  withCapabilities,
} from './capabilities.js';

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

/** A request's input size (inputTokens: fresh + cache reads + cache writes) above which a tier applies. */
const aboveInputTokens = z.number().int().positive();

/**
 * Rates for requests whose input is above `aboveInputTokens` (vendors count cache reads and writes
 * in it); they bill the whole request, output included. Absent `cacheWrite` = the tier's input price.
 */
export const PriceTierSchema = z.strictObject({
  aboveInputTokens,
  input: usdPerMillionTokens,
  cachedInput: usdPerMillionTokens,
  output: usdPerMillionTokens,
  cacheWrite: usdPerMillionTokens.optional(),
});
export type PriceTier = z.infer<typeof PriceTierSchema>;

/** Tiers must rise strictly, so exactly one set of rates applies to any request. */
function checkTiersRise(
  tiers: readonly { aboveInputTokens: number }[] | undefined,
  ctx: z.core.$RefinementCtx,
): void {
  tiers?.forEach((tier, index) => {
    const previous = tiers[index - 1];
    if (previous !== undefined && tier.aboveInputTokens <= previous.aboveInputTokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['tiers', index, 'aboveInputTokens'],
        message: `price tiers must rise: ${tier.aboveInputTokens} follows ${previous.aboveInputTokens}`,
      });
    }
  });
}

/** A price in USD per million tokens, with where and when it was read. */
export const PriceSchema = z
  .strictObject({
    input: usdPerMillionTokens,
    cachedInput: usdPerMillionTokens,
    output: usdPerMillionTokens,
    /** The shortest cache write (Anthropic's 5 minutes, OpenAI's 30); absent = the input price. */
    cacheWrite: usdPerMillionTokens.optional(),
    /** Higher rates for long requests, lowest threshold first; the base rates bill the rest. */
    tiers: z.array(PriceTierSchema).min(1).optional(),
    source: z.string().min(1),
    readOn: z.iso.date(),
  })
  .superRefine((price, ctx) => checkTiersRise(price.tiers, ctx));
export type Price = z.infer<typeof PriceSchema>;

/** A model that runs on this machine: $0 per token, reported as local rather than unknown. */
export const LocalPriceSchema = z.strictObject({ local: z.literal(true) });
export type LocalPrice = z.infer<typeof LocalPriceSchema>;

/** A model's price: known, local, or null when unknown (its cost is then null, never 0). */
export const ModelPriceSchema = z.union([PriceSchema, LocalPriceSchema]).nullable();
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/**
 * Where a model stands with its vendor: active; deprecated (still served until `retiresOn`, the day
 * requests start to fail); or retired (requests fail). Both of the latter name a successor.
 */
export const ModelStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('active') }),
  z.strictObject({
    state: z.literal('deprecated'),
    /** The successor's model id (or any catalog name of it; the catalog stores the id). */
    replacement: modelName,
    retiresOn: z.iso.date(),
    /** The day the vendor announced the deprecation. */
    since: z.iso.date().optional(),
    note: z.string().min(1).optional(),
  }),
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
    /** What its API accepts: tool_choice modes, sampling, effort, thinking, context, output. */
    capabilities: CapabilitiesSchema,
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

/** A user's tier: `cachedInput` defaults to the tier's `input` (no discount assumed). */
const PriceTierInputSchema = z.strictObject({
  aboveInputTokens,
  input: usdPerMillionTokens,
  cachedInput: usdPerMillionTokens.optional(),
  output: usdPerMillionTokens,
  cacheWrite: usdPerMillionTokens.optional(),
});

/** A user's price: `cachedInput` defaults to `input` (no discount assumed), `source` to 'user override'. */
const PriceInputObjectSchema = z
  .strictObject({
    input: usdPerMillionTokens,
    cachedInput: usdPerMillionTokens.optional(),
    output: usdPerMillionTokens,
    cacheWrite: usdPerMillionTokens.optional(),
    tiers: z.array(PriceTierInputSchema).min(1).optional(),
    source: z.string().min(1).optional(),
    readOn: z.iso.date().optional(),
  })
  .superRefine((price, ctx) => checkTiersRise(price.tiers, ctx));

/** A union's "Invalid input" says nothing: name what is wrong in the branch the user meant. */
function explainPriceMismatch(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const meantLocal =
    typeof issue.input === 'object' && issue.input !== null && 'local' in issue.input;
  const branch = issue.errors[meantLocal ? 0 : 1] ?? [];
  const why = branch
    .map((inner) => `${inner.path.length > 0 ? `${inner.path.join('.')}: ` : ''}${inner.message}`)
    .join('; ');
  return `not a price (${why}); a price is { input, output, cachedInput?, cacheWrite?, tiers?, source?, readOn? } in USD per million tokens, { local: true }, or null`;
}

/** A price as a user writes it: a price object, `{ local: true }`, or null for "unknown". */
export const PriceInputSchema = z
  .union([LocalPriceSchema, PriceInputObjectSchema], { error: explainPriceMismatch })
  .nullable()
  .transform((price): ModelPrice => {
    if (price === null || 'local' in price) return price;
    const { cachedInput, source, readOn, tiers, ...rest } = price;
    return {
      ...rest,
      cachedInput: cachedInput ?? price.input,
      // Absent rather than undefined: entries are compared and serialised as plain JSON.
      ...(tiers === undefined
        ? {}
        : {
            tiers: tiers.map((tier) => ({ ...tier, cachedInput: tier.cachedInput ?? tier.input })),
          }),
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
 * `label` defaults to the model name, `status` to active, `price` to null (unknown), and the
 * fields of `capabilities` it leaves out to the cautious default for its provider.
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
    capabilities: CapabilitiesInputSchema.optional(),
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
    const { baseURL, capabilities, ...rest } = input;
    const provider = input.provider ?? parsed.provider;
    return {
      ...rest,
      provider,
      apiModel: input.apiModel ?? parsed.model,
      label: input.label ?? parsed.model,
      capabilities: capabilitiesFor(provider, capabilities),
      // Absent rather than undefined: entries are compared and serialised as plain JSON.
      ...(baseURL === undefined ? {} : { baseURL }),
    };
  })
  .pipe(ModelEntrySchema);
export type ModelEntryInput = z.input<typeof ModelEntryInputSchema>;

/** A provider's cautious default record with a user's fields laid over it (checked by the pipe). */
function capabilitiesFor(provider: ProviderName, input: CapabilitiesInput | undefined) {
  const base = defaultCapabilities(provider);
  return input === undefined ? base : withCapabilities(base, input);
}

/**
 * What a user may change: add (or replace, by id) models, and override prices and capability
 * fields by id or alias.
 */
export const CatalogOverridesSchema = z.strictObject({
  models: z.array(ModelEntryInputSchema).optional(),
  prices: z.record(z.string(), PriceInputSchema).optional(),
  capabilities: z.record(z.string(), CapabilitiesInputSchema).optional(),
});
export type CatalogOverrides = z.input<typeof CatalogOverridesSchema>;
