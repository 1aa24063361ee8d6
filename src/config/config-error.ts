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

/** `NANOGRADE_REPEATS` as a whole number 1–100, or undefined when unset; anything else is a config error. */
export function repeatsFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const repeats = Number(value);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) {
    throw new NanogradeConfigError(
      `NANOGRADE_REPEATS must be a whole number from 1 to 100, not "${value}"`,
    );
  }
  return repeats;
}
