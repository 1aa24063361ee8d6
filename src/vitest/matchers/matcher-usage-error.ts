/**
 * A matcher used wrongly: a misspelt option, a value of the wrong kind, a path outside the
 * workspace. The case is at fault, not the run, so agentTest's built-ins report the case broken
 * instead of reading the throw as a check an empty answer fails. Still a TypeError to callers.
 */
export class MatcherUsageError extends TypeError {}
