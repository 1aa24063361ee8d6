/**
 * What a nanograde matcher returns to Vitest: `message` is read only when the assertion fails,
 * so it describes the failure of the plain form when `pass` is false and of `.not` when true.
 */
export interface MatcherOutcome {
  pass: boolean;
  message: () => string;
  /** With `expected`, lets Vitest print a diff under the message. */
  actual?: unknown;
  expected?: unknown;
}

/** Builds an outcome whose message fits the way it failed: plain (`pass` false) or `.not` (`pass` true). */
export function outcome(
  pass: boolean,
  failed: () => string,
  failedNot: () => string,
  diff?: { actual: unknown; expected: unknown },
): MatcherOutcome {
  return { pass, message: () => (pass ? failedNot() : failed()), ...diff };
}
