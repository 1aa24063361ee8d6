import type { Catalog } from '../models/catalog.js';
import {
  BaseURLError,
  type ResolvedModel,
  resolveModel,
  retiredMessage,
  UnknownModelError,
} from '../models/resolve-model.js';
import type { Availability, Provider } from './provider-types.js';
import { PROVIDERS } from './registry.js';

/** What `availability` may be given besides the model. */
export interface AvailabilityOptions {
  catalog?: Catalog;
  /** Overrides the provider chosen from the model id. */
  provider?: Provider;
}

/**
 * Whether a model can run here and, if not, exactly why: unknown or retired (naming the
 * replacement), not configured, missing or rejected key, server unreachable, model not pulled.
 */
export async function availability(
  model: string | ResolvedModel,
  options: AvailabilityOptions = {},
): Promise<Availability> {
  let resolved: ResolvedModel;
  try {
    resolved = typeof model === 'string' ? resolveModel(model, options.catalog) : model;
  } catch (error) {
    if (error instanceof UnknownModelError) {
      return { available: false, reason: 'unknown_model', message: error.message };
    }
    if (error instanceof BaseURLError) {
      return { available: false, reason: 'not_configured', message: error.message };
    }
    throw error;
  }
  const retired = resolved.entry && retiredMessage(resolved.entry, options.catalog);
  if (retired) return { available: false, reason: 'retired', message: retired };
  const entry = PROVIDERS[resolved.provider];
  // A provider handed in answers for a language model; a built-in needs no check.
  if (options.provider && entry.languageModel)
    return options.provider.availability(resolved.apiModel);
  return entry.probe(resolved);
}
