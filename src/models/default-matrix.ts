import {
  activeSuccessor,
  type Catalog,
  CatalogError,
  defaultCatalog,
  findModel,
} from './catalog.js';
import { lifecycleNow, lifecycleOf } from './lifecycle.js';
import type { ModelEntry } from './model-schema.js';

/** The seed system's lineup (disler/nano-agent), in its order. */
export const SEED_LINEUP: readonly string[] = Object.freeze([
  'openai:gpt-5',
  'openai:gpt-5-mini',
  'openai:gpt-5-nano',
  'anthropic:claude-opus-4-1',
  'anthropic:claude-opus-4',
  'anthropic:claude-sonnet-4',
  'anthropic:claude-3-haiku',
  'ollama:gpt-oss:20b',
  'ollama:gpt-oss:120b',
]);

/** A seed model the matrix runs a successor of, with the sentence the report shows. */
export interface MatrixReplacement {
  from: string;
  to: string;
  /** Why: the seed model is retired, or deprecated (still served, but not for long). */
  reason: 'retired' | 'deprecated';
  note: string;
}

/** The models a run uses by default and the seed models they stand in for. */
export interface DefaultMatrix {
  models: string[];
  replacements: MatrixReplacement[];
}

/** The report's sentence for a seed model the matrix does not run. */
function replacementNote(seed: ModelEntry, model: ModelEntry, now: Date): string {
  const successor = `the matrix runs its successor ${model.label} (${model.id})`;
  if (seed.status.state === 'deprecated' && lifecycleOf(seed, now) === 'deprecated') {
    return `${seed.label} (${seed.id}) is deprecated and retires on ${seed.status.retiresOn}; ${successor}.`;
  }
  return `${seed.label} (${seed.id}) is retired; ${successor}.`;
}

/**
 * The default matrix: the seed lineup with each retired or deprecated model replaced by its named
 * successor, following the chain to an active model, so the matrix never holds a model that fails
 * or is about to. `now` only decides how a deprecated model is described.
 */
export function defaultMatrix(
  catalog: Catalog = defaultCatalog,
  now: Date = lifecycleNow(),
): DefaultMatrix {
  const models: string[] = [];
  const replacements: MatrixReplacement[] = [];
  for (const seedId of SEED_LINEUP) {
    const seed = findModel(catalog, seedId);
    if (seed === undefined)
      throw new CatalogError(`the seed model ${seedId} is not in the catalog`);
    const model = activeSuccessor(catalog, seed);
    if (model !== seed) {
      const lifecycle = lifecycleOf(seed, now);
      replacements.push({
        from: seed.id,
        to: model.id,
        reason: lifecycle === 'deprecated' ? 'deprecated' : 'retired',
        note: replacementNote(seed, model, now),
      });
    }
    // Two retired models can share a successor (Opus 4.1 and Opus 4 → Opus 4.8): run it once.
    if (!models.includes(model.id)) models.push(model.id);
  }
  return { models, replacements };
}
