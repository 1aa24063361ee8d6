import { type Catalog, CatalogError, defaultCatalog, findModel } from './catalog.js';
import { daysUntil, lifecycleNow, lifecycleOf } from './lifecycle.js';
import type { ModelEntry } from './model-schema.js';

/** The seed system's default model (disler/nano-agent), where the default starts from. */
export const SEED_DEFAULT_MODEL = 'openai:gpt-5-mini';

/** A default model must stay served for more than this many days. */
export const DEFAULT_MODEL_MIN_DAYS_LEFT = 30;

/** Whether `entry` may be a default on `now`: served, and not retiring within the notice period. */
function fitForDefault(entry: ModelEntry, now: Date): boolean {
  const lifecycle = lifecycleOf(entry, now);
  if (lifecycle === 'active') return true;
  if (lifecycle === 'retired' || entry.status.state !== 'deprecated') return false;
  return daysUntil(entry.status.retiresOn, now) > DEFAULT_MODEL_MIN_DAYS_LEFT;
}

/**
 * The model a single run uses when none is named (the MCP server's `prompt_nano_agent`, the
 * CLI's examples): the seed's gpt-5-mini while it is served for more than 30 more days, else the
 * successor its vendor named, followed until one is — so a default never retires within 30 days.
 */
export function defaultAgentModel(
  catalog: Catalog = defaultCatalog,
  now: Date = lifecycleNow(),
): ModelEntry {
  let entry = findModel(catalog, SEED_DEFAULT_MODEL);
  const seen = new Set<string>();
  while (entry !== undefined && !fitForDefault(entry, now)) {
    if (entry.status.state === 'active' || seen.has(entry.id)) break;
    seen.add(entry.id);
    entry = findModel(catalog, entry.status.replacement);
  }
  if (entry === undefined || !fitForDefault(entry, now)) {
    throw new CatalogError(
      `no default model: ${SEED_DEFAULT_MODEL} and its successors all retire within ${DEFAULT_MODEL_MIN_DAYS_LEFT} days of ${now.toISOString().slice(0, 10)}`,
    );
  }
  return entry;
}

/**
 * Two current models for the CLI's examples: the default model and a Claude one (never retiring
 * soon). Here rather than in `run`'s parser: the help, printed by any command, need not load it.
 */
export function exampleModels(): string {
  const model = defaultAgentModel();
  return `${model.aliases[0] ?? model.id},claude-sonnet-5-5`;
}
