import { inject } from 'vitest';
import { type NanogradeOptions, NanogradeOptionsSchema } from '../config/nanograde-options.js';

/** The `provide`/`inject` key the options travel under (agentsProject provides them). */
const OPTIONS_KEY = 'nanograde';

/** The options of the project the current test runs in (empty outside agentsProject). */
export function projectOptions(): NanogradeOptions {
  let provided: unknown;
  try {
    provided = inject(OPTIONS_KEY);
  } catch {
    provided = undefined; // not inside a Vitest worker that provides options
  }
  return NanogradeOptionsSchema.parse(provided ?? {});
}
