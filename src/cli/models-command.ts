import { type Catalog, defaultCatalog } from '../models/catalog.js';
import type { Rates } from '../models/cost.js';
import { lifecycleNow, lifecycleOf, retirementDay } from '../models/lifecycle.js';
import type { ModelEntry, ModelPrice } from '../models/model-schema.js';
import { availability } from '../providers/availability.js';
import type { Availability } from '../providers/provider-types.js';
import type { CliIO } from './cli-io.js';
import { parseCommandLine } from './parse-command-line.js';
import { type ListedPrice, type ModelListing, renderModels } from './render-models.js';

/** Every catalog model with its availability here; the checks run in parallel. */
export async function listModels(
  catalog: Catalog = defaultCatalog,
  now: Date = lifecycleNow(),
): Promise<ModelListing[]> {
  return Promise.all(
    catalog.models.map(async (entry): Promise<ModelListing> => {
      const found = await checkAvailability(entry, catalog);
      return {
        id: entry.id,
        label: entry.label,
        provider: entry.provider,
        status: statusText(entry, now),
        price: listedPrice(entry.price),
        available: found.available,
        ...(found.available ? {} : { reason: found.reason, message: found.message }),
      };
    }),
  );
}

/** `nanograde models [--json]`: prints the catalog with availability; returns the exit code. */
export async function modelsCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandLine('models', {
    args,
    strict: true,
    allowPositionals: false,
    options: { json: { type: 'boolean', default: false } },
  });
  const listings = await listModels();
  io.out(values.json ? `${JSON.stringify(listings, null, 2)}\n` : renderModels(listings));
  return 0;
}

async function checkAvailability(entry: ModelEntry, catalog: Catalog): Promise<Availability> {
  try {
    return await availability(entry.id, { catalog });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { available: false, reason: 'not_configured', message };
  }
}

/** The status as of `now`, the same day availability judges retirement on. */
function statusText(entry: ModelEntry, now: Date): string {
  const lifecycle = lifecycleOf(entry, now);
  if (entry.status.state === 'active' || lifecycle === 'active') return 'active';
  const successor = entry.status.replacement;
  if (lifecycle === 'retired') return `retired → ${successor}`;
  return `deprecated, retires ${retirementDay(entry)} → ${successor}`;
}

/**
 * The price as numbers for machine readers, every rate said outright: a cache write the vendor
 * does not bill apart is the input price (of the tier, in a tier), as costOf bills it.
 */
function listedPrice(price: ModelPrice): ListedPrice {
  if (price === null || 'local' in price) return price;
  const rates = ({ input, cachedInput, cacheWrite, output }: Rates) => ({
    input,
    cachedInput,
    cacheWrite: cacheWrite ?? input,
    output,
  });
  return {
    unit: 'USD per million tokens',
    ...rates(price),
    ...(price.tiers
      ? {
          tiers: price.tiers.map((tier) => ({
            aboveInputTokens: tier.aboveInputTokens,
            ...rates(tier),
          })),
        }
      : {}),
    source: price.source,
    readOn: price.readOn,
  };
}
