import { resolveConfiguredModel } from '../config/configured-models.js';
import { nanogradeVariable } from '../env/nanograde-env.js';
import { type Catalog, defaultCatalog } from '../models/catalog.js';
import { defaultMatrix } from '../models/default-matrix.js';
import type { ResolvedModel } from '../models/resolve-model.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The built-ins every matrix carries unless `builtins: false`: the case's gold solution, and no answer at all. */
export const BUILTIN_MODELS = ['builtin:reference', 'builtin:null'] as const;

/** What decides a case's models besides the project's `models`. */
export interface MatrixOptions {
  env?: Env;
  catalog?: Catalog;
  /** `false`: leave the built-ins out (agentsProject's `builtins`). */
  builtins?: boolean | undefined;
  /** The case's name, for messages about its `models`. */
  caseName?: string;
}

/**
 * The models a case runs on. `NANOGRADE_MODELS` (comma list) is the matrix exactly as listed;
 * otherwise the project's `models` (else the catalog's default matrix) plus the built-ins
 * `reference` and `null`, unless `builtins` is false. A case's own `models` narrows the real
 * models and keeps the built-ins (they check the case itself), unless it names a built-in,
 * then it decides those too. Unknown ids throw a configuration error with a did-you-mean.
 */
export function modelMatrix(
  configured: readonly string[] | undefined,
  caseModels: readonly string[] | undefined,
  options: MatrixOptions = {},
): ResolvedModel[] {
  const env = options.env ?? process.env;
  const context = { catalog: options.catalog ?? defaultCatalog, env };
  const fromEnv = nanogradeVariable('NANOGRADE_MODELS', env);
  const listed =
    fromEnv !== undefined
      ? fromEnv.map((id) => resolveConfiguredModel(id, 'NANOGRADE_MODELS', context))
      : [
          ...(configured ?? defaultMatrix(options.catalog).models).map((id) =>
            resolveConfiguredModel(id, 'agentsProject({ models })', context),
          ),
          ...(options.builtins === false ? [] : BUILTIN_MODELS).map((id) =>
            resolveConfiguredModel(id, 'built-in', context),
          ),
        ];
  const matrix = unique(listed);
  if (!caseModels || caseModels.length === 0) return matrix;
  const where = `agentTest(${JSON.stringify(options.caseName ?? '')}) models`;
  const wanted = caseModels.map((id) => resolveConfiguredModel(id, where, context));
  const namesBuiltins = wanted.some((model) => model.provider === 'builtin');
  const ids = new Set(wanted.map((model) => model.id));
  return matrix.filter(
    (model) => ids.has(model.id) || (!namesBuiltins && model.provider === 'builtin'),
  );
}

function unique(models: ResolvedModel[]): ResolvedModel[] {
  const seen = new Set<string>();
  return models.filter((model) => !seen.has(model.id) && seen.add(model.id));
}

/** The name a model goes by in test names: its id without the provider prefix. */
export function modelDisplayName(model: ResolvedModel): string {
  return model.id.slice(model.provider.length + 1);
}
