import { InputError } from '../input/input-error.js';
import { assertLanguageModel } from '../input/language-model.js';
import { nearMissWarning, unknownModelMessage } from '../input/model-suggestion.js';
import { type Catalog, defaultCatalog, findModel } from '../models/catalog.js';
import { splitModelId } from '../models/model-schema.js';
import {
  assertNotRetired,
  BaseURLError,
  type ResolvedModel,
  RetiredModelError,
  resolveModel,
  UnknownModelError,
} from '../models/resolve-model.js';

/**
 * The model a `prompt_nano_agent` call asks for. `model` is a catalog name or a
 * 'provider:model' id; `provider`, when given, must agree with it, or names the provider of a
 * bare model name the catalog does not list (the seed system's `model` + `provider` pair, e.g.
 * `qwen3:8b` + `ollama`). Unknown, retired and conflicting choices throw an InputError; an id
 * the catalog does not list but nearly does runs, and `warn` hears the id likely meant.
 */
export function selectModel(
  model: string,
  provider?: string,
  catalog: Catalog = defaultCatalog,
  env: Readonly<Record<string, string | undefined>> = process.env,
  warn?: (message: string) => void,
): ResolvedModel {
  const name = model.trim();
  let resolved: ResolvedModel;
  try {
    if (provider === undefined || splitModelId(name) !== null) {
      resolved = resolveModel(name, catalog, env);
    } else {
      const entry = findModel(catalog, name);
      // Proxies serve every vendor's names, so openai-compatible never conflicts.
      if (entry !== undefined && entry.provider !== provider && provider !== 'openai-compatible') {
        throw conflict(name, entry.provider, provider, entry.id);
      }
      resolved = resolveModel(`${provider}:${name}`, catalog, env);
    }
    assertNotRetired(resolved, catalog);
  } catch (error) {
    if (error instanceof UnknownModelError) {
      throw new InputError(unknownModelMessage(error, catalog));
    }
    if (error instanceof RetiredModelError || error instanceof BaseURLError) {
      throw new InputError(error.message);
    }
    throw error;
  }
  if (provider !== undefined && resolved.provider !== provider) {
    throw conflict(name, resolved.provider, provider, resolved.id);
  }
  assertLanguageModel(resolved);
  const nearMiss = nearMissWarning(resolved, catalog);
  if (nearMiss !== undefined) warn?.(nearMiss);
  return resolved;
}

function conflict(model: string, actual: string, given: string, id: string): InputError {
  return new InputError(
    `The model "${model}" is served by ${actual} (${id}), but provider is "${given}". ` +
      `Drop "provider" (it is inferred from the model), set it to "${actual}", or pick a ${given} model.`,
  );
}
