/** Exit code of a usage or configuration error: nothing was run, nothing was gated. */
export const EXIT_CONFIG_ERROR = 2;

/** A nanograde option or environment variable that cannot be used; the message says what to fix. */
export class NanogradeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NanogradeConfigError';
  }
}
