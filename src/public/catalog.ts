/**
 * `nanograde/catalog`: the models nanograde knows — ids, lifecycles, prices with their sources,
 * what each model's API accepts (capabilities) — how an id resolves, what a run costs, the
 * default matrix and the default model, and the check of model options.
 */

export { MIN_OLLAMA_NUM_CTX } from '../env/nanograde-env.js';
export { builtinModels, LIFECYCLE_SOURCES } from '../models/builtin-models.js';
export {
  acceptsSampling,
  type Capabilities,
  type CapabilitiesInput,
  CapabilitiesSchema,
  defaultCapabilities,
  EFFORTS,
  type Effort,
  type Sampling,
  THINKING_MODES,
  type ThinkingMode,
  TOOL_CHOICE_MODES,
  type ToolChoiceMode,
} from '../models/capabilities.js';
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
export {
  DEFAULT_MODEL_MIN_DAYS_LEFT,
  defaultAgentModel,
  SEED_DEFAULT_MODEL,
} from '../models/default-model.js';
export { type Lifecycle, lifecycleNow, lifecycleOf } from '../models/lifecycle.js';
export {
  checkModelOptions,
  type ModelOptions,
  ModelOptionsError,
  ModelOptionsSchema,
} from '../models/model-options.js';
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
  capabilitiesOf,
  type ResolvedModel,
  RetiredModelError,
  resolveModel,
  UnknownModelError,
} from '../models/resolve-model.js';
export { PROVIDER_NAMES, type ProviderName } from '../records/provider-facts.js';
