import type { MatcherState } from 'vitest';
import { redactJson, redactText } from '../../redaction/redact-secrets.js';

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

/**
 * The outcome with its message and diff redacted: a failure message shows what the model said
 * and did, and it ends up in files (JUnit, CI logs); no key the run read may reach them.
 */
export function redactOutcome(result: MatcherOutcome): MatcherOutcome {
  return {
    ...result,
    message: () => redactText(result.message()),
    ...('actual' in result ? { actual: redactJson(result.actual) } : {}),
    ...('expected' in result ? { expected: redactJson(result.expected) } : {}),
  };
}

/** A matcher whose outcomes are redacted (see redactOutcome). */
export function redacting<A extends unknown[]>(
  matcher: (this: MatcherState, received: unknown, ...args: A) => MatcherOutcome,
): (this: MatcherState, received: unknown, ...args: A) => MatcherOutcome {
  return function redacted(this: MatcherState, received: unknown, ...args: A) {
    return redactOutcome(matcher.call(this, received, ...args));
  };
}
