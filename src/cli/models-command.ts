import { type Catalog, defaultCatalog } from '../models/catalog.js';
import { lifecycleNow, lifecycleOf, retirementDay } from '../models/lifecycle.js';
import type { ModelEntry } from '../models/model-schema.js';
import { availability } from '../providers/availability.js';
import type { Availability } from '../providers/provider-types.js';
import type { CliIO } from './cli-io.js';
import { parseCommandLine } from './parse-command-line.js';

/** One catalog model and whether it can run here. */
export interface ModelListing {
  id: string;
  label: string;
  provider: string;
  /**
   * Where the model stands today (NANOGRADE_NOW): `active`, `deprecated, retires <day> →
   * <replacement id>`, or `retired → <replacement id>` (a deprecated model past its day is retired).
   */
  status: string;
  /** USD per million tokens (input / cached input / output), `local`, or `unknown`. */
  price: string;
  /** Where the price was read, and on which day; absent for local and unknown prices. */
  priceSource?: string;
  available: boolean;
  /** Why not (missing_key, not_pulled, retired, …) and what to do. */
  reason?: string;
  message?: string;
}

/** Every catalog model with its availability here; the checks run in parallel. */
export async function listModels(
  catalog: Catalog = defaultCatalog,
  now: Date = lifecycleNow(),
): Promise<ModelListing[]> {
  return Promise.all(
    catalog.models.map(async (entry): Promise<ModelListing> => {
      const found = await checkAvailability(entry, catalog);
      const { price } = entry;
      return {
        id: entry.id,
        label: entry.label,
        provider: entry.provider,
        status: statusText(entry, now),
        price: priceText(entry),
        ...(price === null || 'local' in price
          ? {}
          : { priceSource: `${price.source} (read ${price.readOn})` }),
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

function priceText(entry: ModelEntry): string {
  const { price } = entry;
  if (price === null) return 'unknown';
  if ('local' in price) return 'local ($0)';
  return `$${price.input} / $${price.cachedInput} / $${price.output}`;
}

/** The listing as a table, then one line per unavailable model saying why. */
function renderModels(listings: readonly ModelListing[]): string {
  const headers = ['Model', 'Label', 'Status', 'Price per M (in / cached / out)', 'Here'];
  const rows = listings.map((model) => [
    model.id,
    model.label,
    model.status,
    model.price,
    model.available ? 'available' : (model.reason ?? 'unavailable'),
  ]);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  // Models that fail for the same reason (a missing key) share one line.
  const byMessage = new Map<string, string[]>();
  for (const model of listings) {
    if (model.available) continue;
    const message = model.message ?? model.reason ?? 'unavailable';
    byMessage.set(message, [...(byMessage.get(message) ?? []), model.id]);
  }
  const why = [...byMessage].map(([message, ids]) => `${ids.join(', ')}: ${message}`);
  const sources = listings.flatMap((model) =>
    model.priceSource === undefined ? [] : [`  ${model.id}: ${model.priceSource}`],
  );
  return [
    line(headers),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
    ...(why.length ? ['', 'Why not:', ...why.map((text) => `  ${text}`)] : []),
    ...(sources.length ? ['', 'Price sources:', ...sources] : []),
    '',
  ].join('\n');
}
