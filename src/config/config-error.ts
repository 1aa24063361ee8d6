import { EXIT_CONFIG_ERROR, NanogradeConfigError } from '../env/config-error.js';

/**
 * Fails a Vitest run's configuration with exit code 2 (not 1, which means a bar failed): Vitest
 * keeps an exit code already set when its config cannot load.
 */
export function failConfiguration(message: string): never {
  process.exitCode = EXIT_CONFIG_ERROR;
  const error = new NanogradeConfigError(message);
  // The message says what to fix; a stack into the bundled config file would only bury it.
  error.stack = `${error.name}: ${message}`;
  throw error;
}
