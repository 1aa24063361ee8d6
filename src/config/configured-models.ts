import { NanogradeConfigError } from '../env/config-error.js';
import { HOW_TO_LIST_MODELS, nearMissWarning, suggestModel } from '../input/model-suggestion.js';
import type { Catalog } from '../models/catalog.js';
import {
  BaseURLError,
  type ResolvedModel,
  resolveModel,
  UnknownModelError,
} from '../models/resolve-model.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What checking a configured model id needs: the project's catalog, the environment, the day. */
export interface ModelIdContext {
  catalog: Catalog;
  env?: Env;
  now?: Date;
  /** Told about a `provider:model` id the catalog does not list but nearly does (a likely typo). */
  warn?: (message: string) => void;
}

/**
 * Resolves a model id from the configuration (`where` names the option or variable it came
 * from), so a typo fails when Vitest loads the config — exit 2, before any model call — with a
 * did-you-mean, instead of in every test file. A `provider:model` id the catalog does not list
 * is accepted (any model of a known provider may run) but a near miss of a catalog id is warned
 * about.
 */
export function resolveConfiguredModel(
  id: string,
  where: string,
  context: ModelIdContext,
): ResolvedModel {
  let resolved: ResolvedModel;
  try {
    resolved = resolveModel(id, context.catalog, context.env ?? process.env);
  } catch (error) {
    if (error instanceof BaseURLError) throw new NanogradeConfigError(`${where}: ${error.message}`);
    if (!(error instanceof UnknownModelError)) throw error;
    const meant = suggestModel(id, context.catalog, context.now);
    const reason = (error.message.split('\n')[0] ?? `Unknown model "${id}".`).replace(/\.$/, '');
    const guess = meant === undefined ? '.' : ` — did you mean '${meant}'?`;
    throw new NanogradeConfigError(`${where}: ${reason}${guess} ${HOW_TO_LIST_MODELS}`);
  }
  const nearMiss = nearMissWarning(resolved, context.catalog, context.now);
  if (nearMiss !== undefined) context.warn?.(`${where}: ${nearMiss}`);
  return resolved;
}

/** Resolves every id of a configured list (see resolveConfiguredModel); the first bad one throws. */
export function resolveConfiguredModels(
  ids: readonly string[],
  where: string,
  context: ModelIdContext,
): ResolvedModel[] {
  return ids.map((id) => resolveConfiguredModel(id, where, context));
}
