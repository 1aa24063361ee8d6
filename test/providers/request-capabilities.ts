import type { Capabilities } from '../../src/models/capabilities.js';
import { capabilitiesOf, resolveModel } from '../../src/models/resolve-model.js';
import type { ProviderName } from '../../src/records/provider-facts.js';

/**
 * The capability record the agent loop and the judge would send with a request for `model`
 * (its catalog record, or its provider's cautious default), as adapters get it in real use.
 */
export function capabilitiesFor(provider: ProviderName, model: string): Capabilities {
  return capabilitiesOf(
    resolveModel(`${provider}:${model}`, undefined, {
      OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:1/v1',
    }),
  );
}
