/**
 * `nanograde/catalog`: the models nanograde knows — ids, lifecycles, prices with their sources —
 * how an id resolves, what a run costs, and the default matrix.
 */
export { builtinModels, LIFECYCLE_SOURCES } from '../models/builtin-models.js';
export {
  type Catalog,
  CatalogError,
  createCatalog,
  defaultCatalog,
  findModel,
} from '../models/catalog.js';
export { costOf, type Pricing, pricingOf } from '../models/cost.js';
export {
  type DefaultMatrix,
  defaultMatrix,
  type MatrixReplacement,
} from '../models/default-matrix.js';
export { type Lifecycle, lifecycleNow, lifecycleOf } from '../models/lifecycle.js';
export type {
  CatalogOverrides,
  LocalPrice,
  ModelEntry,
  ModelEntryInput,
  ModelPrice,
  ModelStatus,
  Price,
  PriceInput,
  PriceTier,
} from '../models/model-schema.js';
export {
  BaseURLError,
  type ResolvedModel,
  RetiredModelError,
  resolveModel,
  UnknownModelError,
} from '../models/resolve-model.js';
export { PROVIDER_NAMES, type ProviderName } from '../records/provider-facts.js';
