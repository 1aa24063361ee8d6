import { inject } from 'vitest';
import { type NanogradeOptions, NanogradeOptionsSchema } from '../config/nanograde-options.js';
import { RUN_CONTEXT_KEY, type RunContext } from '../config/run-context.js';

/** The `provide`/`inject` key the options travel under (agentsProject provides them). */
const OPTIONS_KEY = 'nanograde';

/** A provided value, or undefined outside a Vitest worker that provides it. */
function provided<K extends typeof OPTIONS_KEY | typeof RUN_CONTEXT_KEY>(key: K): unknown {
  try {
    return inject(key);
  } catch {
    return undefined;
  }
}

/** The options of the project the current test runs in (empty outside agentsProject). */
export function projectOptions(): NanogradeOptions {
  return NanogradeOptionsSchema.parse(provided(OPTIONS_KEY) ?? {});
}

/**
 * What the agents project's plugin said about this run; outside it (a project without the
 * plugin, as nanograde's own unit tests of agentTest), a run that may call models and no cache.
 */
export function runContext(): RunContext {
  const context = provided(RUN_CONTEXT_KEY) as RunContext | undefined;
  return context ?? { watch: false, live: { allowed: true }, cacheDir: '' };
}
