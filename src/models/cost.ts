import { type Usage, UsageSchema } from '../records/agent-run.js';
import { PROVIDER_FACTS } from '../records/provider-facts.js';
import type { ModelEntry, ModelPrice, Price, PriceTier } from './model-schema.js';
import type { ResolvedModel } from './resolve-model.js';

/** How a model is priced: per token, free because it runs here, or not known. */
export type Pricing = 'priced' | 'local' | 'unknown';

/**
 * The price that applies to `model`. A model the catalog does not list has an unknown price,
 * except on a local provider (Ollama), which only runs models on this machine ($0 per token).
 */
function priceOf(model: ResolvedModel | ModelEntry): ModelPrice {
  if ('status' in model) return model.price;
  if (model.entry !== null) return model.entry.price;
  return PROVIDER_FACTS[model.provider].local ? { local: true } : null;
}

/** Whether `model` is priced per token, local ($0) or of unknown price (cost null). */
export function pricingOf(model: ResolvedModel | ModelEntry): Pricing {
  const price = priceOf(model);
  if (price === null) return 'unknown';
  return 'local' in price ? 'local' : 'priced';
}

/** USD per million tokens → whole pico-dollars per token (prices have at most 6 decimals). */
function picoPerToken(usdPerMillion: number): bigint {
  return BigInt(Math.round(usdPerMillion * 1e6));
}

/**
 * USD cost of `usage` on `model`, billed as one request; null when the price is unknown; 0 for
 * local models. Usage is normalised: fresh input = input − cached − cacheWrite is billed at
 * `input`, cache reads at `cachedInput`, cache writes at `cacheWrite` (the shortest retention;
 * `input` when absent), and output — reasoning included, counted once — at `output`. A tiered price
 * bills the whole request at the rates of the highest tier its input exceeds. The sum is exact:
 * integer pico-dollars (BigInt), turned into USD by one division at the end, so no float noise
 * accumulates.
 */
export function costOf(model: ResolvedModel | ModelEntry, usage: Usage): number | null {
  return costOfRequests(model, [usage]);
}

/**
 * USD cost of several requests on `model` (a run's turns), each billed on its own — the way
 * vendors bill, which matters where a price depends on the request's size — and summed exactly.
 */
export function costOfRequests(
  model: ResolvedModel | ModelEntry,
  requests: readonly Usage[],
): number | null {
  const price = priceOf(model);
  if (price === null) return null;
  if ('local' in price) return 0;
  let pico = 0n;
  for (const usage of requests) pico += requestPico(price, usage);
  return Number(pico) / 1e12;
}

/** The rates one request is billed at. */
export type Rates = Pick<PriceTier, 'input' | 'cachedInput' | 'output' | 'cacheWrite'>;

/**
 * The rates for a request with `inputTokens` of input (cache reads and writes included, as vendors
 * count a prompt's length): those of the highest tier it is above, else the base price.
 */
export function ratesFor(price: Price, inputTokens: number): Rates {
  const tier = price.tiers?.findLast((candidate) => inputTokens > candidate.aboveInputTokens);
  const { input, cachedInput, output, cacheWrite } = tier ?? price;
  return { input, cachedInput, output, cacheWrite };
}

function requestPico(price: Price, usage: Usage): bigint {
  const { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens } =
    UsageSchema.parse(usage);
  const freshInputTokens = inputTokens - cachedInputTokens - cacheWriteTokens;
  // A part larger than its total means an adapter did not normalise: a cost would be wrong.
  if (freshInputTokens < 0 || reasoningTokens > outputTokens) {
    throw new RangeError(
      `usage is not normalised (cached ${cachedInputTokens} + cache writes ${cacheWriteTokens} must be ≤ input ${inputTokens}; reasoning ${reasoningTokens} must be ≤ output ${outputTokens})`,
    );
  }
  const rates = ratesFor(price, inputTokens);
  return (
    BigInt(freshInputTokens) * picoPerToken(rates.input) +
    BigInt(cachedInputTokens) * picoPerToken(rates.cachedInput) +
    BigInt(cacheWriteTokens) * picoPerToken(rates.cacheWrite ?? rates.input) +
    BigInt(outputTokens) * picoPerToken(rates.output)
  );
}
