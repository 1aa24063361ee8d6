import {
  activeSuccessor,
  type Catalog,
  CatalogError,
  defaultCatalog,
  findModel,
} from './catalog.js';

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
  note: string;
}

/** The models a run uses by default and the retired seed models they stand in for. */
export interface DefaultMatrix {
  models: string[];
  replacements: MatrixReplacement[];
}

/** The default matrix: the seed lineup with each retired model replaced by its named successor. */
export function defaultMatrix(catalog: Catalog = defaultCatalog): DefaultMatrix {
  const models: string[] = [];
  const replacements: MatrixReplacement[] = [];
  for (const seedId of SEED_LINEUP) {
    const seed = findModel(catalog, seedId);
    if (seed === undefined)
      throw new CatalogError(`the seed model ${seedId} is not in the catalog`);
    const model = activeSuccessor(catalog, seed);
    if (model !== seed) {
      replacements.push({
        from: seed.id,
        to: model.id,
        note: `${seed.label} (${seed.id}) is retired; the matrix runs its successor ${model.label} (${model.id}).`,
      });
    }
    // Two retired models can share a successor (Opus 4.1 and Opus 4 → Opus 4.5): run it once.
    if (!models.includes(model.id)) models.push(model.id);
  }
  return { models, replacements };
}
