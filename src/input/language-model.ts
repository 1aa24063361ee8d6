import { defaultAgentModel } from '../models/default-model.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { PROVIDER_FACTS } from '../records/provider-facts.js';
import { InputError } from './input-error.js';

/** Refuses the built-in models: they only make sense inside an agent test case. */
export function assertLanguageModel(model: ResolvedModel): void {
  if (!PROVIDER_FACTS[model.provider].languageModel) {
    throw new InputError(
      `${model.id} is a built-in model for checking agent test cases (it replays a case's reference solution, or answers nothing); pick a language model, e.g. ${defaultAgentModel().id} or anthropic:claude-sonnet-5-5.`,
    );
  }
}
