/** A tool call or command line that no run could succeed with; the message says what to fix. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
