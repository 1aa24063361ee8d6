import { didYouMean } from '../format/did-you-mean.js';
import { type Catalog, namesOf } from '../models/catalog.js';
import { isRetired, lifecycleNow } from '../models/lifecycle.js';
import { splitModelId } from '../models/model-schema.js';
import type { ResolvedModel, UnknownModelError } from '../models/resolve-model.js';

/** Where to look a model up, and how one the catalog does not list still runs. */
export const HOW_TO_LIST_MODELS =
  '`npx nanograde models` lists the catalog; a model it does not list runs as provider:model (e.g. openai:my-model), its cost unknown.';

/**
 * The catalog name a mistyped model id most likely meant, in the form it was written: a bare
 * name (id without the provider, or an alias) for a bare id, `provider:name` for a prefixed one.
 * Retired models are never suggested: that would only trade a typo for a failure.
 */
export function suggestModel(
  input: string,
  catalog: Catalog,
  now: Date = lifecycleNow(),
): string | undefined {
  const id = input.trim();
  const prefixed = splitModelId(id) !== null;
  const names = catalog.models
    .filter((entry) => !isRetired(entry, now))
    .flatMap((entry) =>
      prefixed
        ? namesOf(entry).filter((name) => name.includes(':'))
        : [entry.id.slice(entry.provider.length + 1), ...entry.aliases],
    );
  return didYouMean(id, names);
}

/**
 * What to tell someone who named a model the catalog does not know: the model likely meant when
 * one is a typo away, then the catalog — and not the advice to run the typo as `provider:model`,
 * which would send it to the vendor as it is. Else the error's own message.
 */
export function unknownModelMessage(
  error: UnknownModelError,
  catalog: Catalog,
  now: Date = lifecycleNow(),
): string {
  const meant = suggestModel(error.input, catalog, now);
  if (meant === undefined) return error.message;
  const known = error.message.split('\n').find((line) => line.startsWith('Known models:'));
  return [
    `Unknown model "${error.input}" — did you mean '${meant}'?`,
    ...(known === undefined ? [] : [known]),
    HOW_TO_LIST_MODELS,
  ].join('\n');
}

/**
 * What to say of a `provider:model` id the catalog does not list but nearly does: it runs (a
 * model newer than the catalog is named this way, often one edit from its predecessor, and a
 * vendor refuses an id it does not know before billing anything), with the catalog id likely
 * meant. Undefined for catalog models, ids near none, and OpenAI-compatible servers' own names.
 */
export function nearMissWarning(
  model: ResolvedModel,
  catalog: Catalog,
  now: Date = lifecycleNow(),
): string | undefined {
  if (model.entry !== null || model.provider === 'openai-compatible') return undefined;
  const meant = suggestModel(model.id, catalog, now);
  if (meant === undefined) return undefined;
  // Near in the model's name itself, not only thanks to a long shared `provider:` prefix
  // (anthropic:claude-house-model is no misspelt claude-haiku-5-5); a name the catalog has
  // under another provider (openai:claude-sonnet-5-5) is near too.
  const name = (id: string) => splitModelId(id)?.model ?? id;
  if (name(meant) !== name(model.id) && didYouMean(name(model.id), [name(meant)]) === undefined) {
    return undefined;
  }
  return `${model.id} is not in the catalog (it runs with its cost unknown) — did you mean '${meant}'?`;
}
