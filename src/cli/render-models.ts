import { PROVIDER_FACTS, type ProviderName } from '../records/provider-facts.js';
import { renderTextTable, type TextCell } from '../report/text-table.js';
import { wrap } from '../report/text-width.js';

/** Rates in USD per million tokens; `cacheWrite` is always given (the input price when not billed apart). */
export interface ListedRates {
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
}

/**
 * A model's price as `nanograde models --json` gives it: rates in numbers, with the higher rates
 * of long requests (`tiers`, each for requests whose input is above `aboveInputTokens`) and where
 * and when the price was read; `{ local: true }` for a model that runs here; null when unknown.
 */
export type ListedPrice =
  | (ListedRates & {
      unit: 'USD per million tokens';
      tiers?: (ListedRates & { aboveInputTokens: number })[];
      source: string;
      readOn: string;
    })
  | { local: true }
  | null;

/** The price as the table prints it: `$in / $cached / $out`, `local ($0)` or `unknown`. */
export function priceText(price: ListedPrice): string {
  if (price === null) return 'unknown';
  if ('local' in price) return 'local ($0)';
  return `$${price.input} / $${price.cachedInput} / $${price.output}`;
}

/** One catalog model and whether it can run here (`nanograde models --json` prints these). */
export interface ModelListing {
  id: string;
  label: string;
  provider: string;
  /**
   * Where the model stands today (NANOGRADE_NOW): `active`, `deprecated, retires <day> →
   * <replacement id>`, or `retired → <replacement id>` (a deprecated model past its day is retired).
   */
  status: string;
  /** The price in numbers: per million tokens, `{ local: true }` ($0), or null when unknown. */
  price: ListedPrice;
  available: boolean;
  /** Why not (missing_key, not_pulled, retired, …) and what to do. */
  reason?: string;
  message?: string;
}

/** The widest `nanograde models` prints. */
export const MODELS_WIDTH = 100;

const COLUMNS = [
  { header: 'Model' },
  { header: 'Name' },
  { header: 'Status' },
  { header: 'USD per M: in / cached / out' },
  { header: 'Here' },
];

/** The model id without its provider, as the provider's heading already says it. */
function shortId(listing: ModelListing): string {
  const prefix = `${listing.provider}:`;
  return listing.id.startsWith(prefix) ? listing.id.slice(prefix.length) : listing.id;
}

/** active, deprecated or retired: the full story (day, successor) is under "Lifecycle". */
function lifecycleWord(listing: ModelListing): string {
  return listing.status.split(/[,\s]/)[0] ?? listing.status;
}

function providerLabel(provider: string): string {
  return provider in PROVIDER_FACTS ? PROVIDER_FACTS[provider as ProviderName].label : provider;
}

/** Lines of `text` wrapped to the listing's width, words never cut (a URL stays whole). */
function wrapped(text: string, first: string, rest: string): string[] {
  return wrap(text, MODELS_WIDTH, first, rest);
}

/**
 * The catalog as text within 100 columns: one table, a heading per provider (so ids go without
 * their prefix), then the lifecycle of every model that is not active, why models cannot run here
 * (one line per reason), and where each price was read. Nothing the JSON has is left out.
 */
export function renderModels(listings: readonly ModelListing[]): string {
  const languageModels = listings.filter((listing) => listing.provider !== 'builtin');
  const builtins = listings.filter((listing) => listing.provider === 'builtin');
  const providers = [...new Set(languageModels.map((listing) => listing.provider))];
  const rows: TextCell[][] = [];
  const headingAt = new Map<number, string>();
  for (const provider of providers) {
    headingAt.set(rows.length, providerLabel(provider));
    for (const listing of languageModels.filter((l) => l.provider === provider)) {
      rows.push([
        { text: shortId(listing) },
        { text: listing.label },
        { text: lifecycleWord(listing) },
        { text: priceText(listing.price) },
        { text: listing.available ? 'available' : (listing.reason ?? 'unavailable') },
      ]);
    }
  }
  const [header = '', ...body] = renderTextTable(COLUMNS, rows, {
    width: MODELS_WIDTH,
    color: false,
    indent: '  ',
  });
  const table = [header];
  for (const [index, line] of body.entries()) {
    const heading = headingAt.get(index);
    if (heading !== undefined) table.push(heading);
    table.push(line);
  }

  const lifecycle = listings
    .filter((listing) => listing.status !== 'active')
    .flatMap((listing) => wrapped(`${listing.id}: ${listing.status}`, '  ', '    '));
  // Models that cannot run for the same reason (a missing key) share one entry.
  const byMessage = new Map<string, string[]>();
  for (const listing of listings) {
    if (listing.available) continue;
    const message = listing.message ?? listing.reason ?? 'unavailable';
    byMessage.set(message, [...(byMessage.get(message) ?? []), listing.id]);
  }
  const why = [...byMessage].flatMap(([message, ids]) =>
    wrapped(`${ids.join(', ')}: ${message}`, '  ', '    '),
  );
  const sources = listings.flatMap(({ id, price }) =>
    price === null || 'local' in price
      ? []
      : wrapped(`${id}: ${price.source} (read ${price.readOn})`, '  ', '    '),
  );
  const builtinLine =
    builtins.length === 0
      ? []
      : [
          '',
          ...wrapped(
            `Built-in, always available at $0 (they check agent test cases; never graded on speed or cost): ${builtins.map((listing) => listing.label).join(', ')}`,
            '',
            '  ',
          ),
        ];
  return [
    ...table,
    ...builtinLine,
    ...(lifecycle.length
      ? ['', 'Lifecycle (the day requests stop, and the successor):', ...lifecycle]
      : []),
    ...(why.length ? ['', 'Why not here:', ...why] : []),
    ...(sources.length ? ['', 'Price sources:', ...sources] : []),
    '',
  ].join('\n');
}
