/** Exit code of a usage or configuration error: nothing was run, nothing was gated. */
export const EXIT_CONFIG_ERROR = 2;

/** A nanograde option or environment variable that cannot be used; the message says what to fix. */
export class NanogradeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NanogradeConfigError';
  }
}

/**
 * Fails a Vitest run's configuration with exit code 2 (not 1, which means a bar failed): Vitest
 * keeps an exit code already set when its config cannot load.
 */
export function failConfiguration(message: string): never {
  process.exitCode = EXIT_CONFIG_ERROR;
  throw new NanogradeConfigError(message);
}
