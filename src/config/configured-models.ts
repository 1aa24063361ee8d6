import { NanogradeConfigError } from '../env/config-error.js';
import { didYouMean } from '../format/did-you-mean.js';
import { type Catalog, namesOf } from '../models/catalog.js';
import { isRetired, lifecycleNow } from '../models/lifecycle.js';
import { splitModelId } from '../models/model-schema.js';
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
 * The names a user could have meant, in the form they wrote: bare catalog names (ids without the
 * provider, aliases) for a bare id, `provider:name` forms for a prefixed one. Retired models are
 * left out: suggesting one would only trade a typo for a failure.
 */
function suggestionsFor(input: string, context: ModelIdContext): string[] {
  const now = context.now ?? lifecycleNow();
  const prefixed = splitModelId(input) !== null;
  return context.catalog.models
    .filter((entry) => !isRetired(entry, now))
    .flatMap((entry) =>
      prefixed
        ? namesOf(entry).filter((name) => name.includes(':'))
        : [entry.id.slice(entry.provider.length + 1), ...entry.aliases],
    );
}

const HOW_TO_LIST =
  '`npx nanograde models` lists the catalog; a model it does not list runs as provider:model (e.g. openai:my-model), its cost unknown.';

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
    const meant = didYouMean(id.trim(), suggestionsFor(id.trim(), context));
    const reason = (error.message.split('\n')[0] ?? `Unknown model "${id}".`).replace(/\.$/, '');
    const guess = meant === undefined ? '.' : ` — did you mean '${meant}'?`;
    throw new NanogradeConfigError(`${where}: ${reason}${guess} ${HOW_TO_LIST}`);
  }
  if (resolved.entry === null && resolved.provider !== 'openai-compatible') {
    const meant = didYouMean(resolved.id, suggestionsFor(resolved.id, context));
    if (meant !== undefined) {
      context.warn?.(
        `${where}: ${resolved.id} is not in the catalog (it runs with its cost unknown) — did you mean '${meant}'?`,
      );
    }
  }
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
