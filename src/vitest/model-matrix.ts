import { nanogradeVariable } from '../env/nanograde-env.js';
import type { Catalog } from '../models/catalog.js';
import { defaultMatrix } from '../models/default-matrix.js';
import { type ResolvedModel, resolveModel } from '../models/resolve-model.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The built-ins every default matrix carries: the case's gold solution, and no answer at all. */
export const BUILTIN_MODELS = ['builtin:reference', 'builtin:null'] as const;

/**
 * The models a case runs on: `NANOGRADE_MODELS` (comma list) over the project's `models` over
 * the catalog's default matrix plus the built-ins `reference` and `null`, narrowed to the case's own `models` when it names any.
 * Unknown ids throw (with the list of known ids), so a typo never silently drops a model.
 */
export function modelMatrix(
  configured: readonly string[] | undefined,
  caseModels: readonly string[] | undefined,
  options: { env?: Env; catalog?: Catalog } = {},
): ResolvedModel[] {
  const env = options.env ?? process.env;
  const ids = nanogradeVariable('NANOGRADE_MODELS', env) ??
    configured ?? [...defaultMatrix(options.catalog).models, ...BUILTIN_MODELS];
  const matrix = unique(ids.map((id) => resolveModel(id, options.catalog, env)));
  if (!caseModels || caseModels.length === 0) return matrix;
  const wanted = new Set(caseModels.map((id) => resolveModel(id, options.catalog, env).id));
  return matrix.filter((model) => wanted.has(model.id));
}

function unique(models: ResolvedModel[]): ResolvedModel[] {
  const seen = new Set<string>();
  return models.filter((model) => !seen.has(model.id) && seen.add(model.id));
}

/** The name a model goes by in test names: its id without the provider prefix. */
export function modelDisplayName(model: ResolvedModel): string {
  return model.id.slice(model.provider.length + 1);
}
