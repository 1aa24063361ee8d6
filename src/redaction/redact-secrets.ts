/**
 * The one redaction pass for everything nanograde writes: cassettes, report.json/md/html, the
 * records in task meta (and so blob reports), agent snapshots, and test failure messages (what
 * JUnit gets). A run can read a key from its workspace and say it back; none of these may keep it.
 */

/**
 * Key-shaped text, each with the vendor's own prefix or form. Private-key blocks come first (an
 * unfinished block is redacted to the end of the text); the AWS secret-key form — 40 characters
 * of base64 with upper case, lower case and a digit, standing alone — comes last.
 */
export const SECRET_PATTERNS: readonly RegExp[] = [
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*$)/g,
  // Anthropic, then OpenAI (sk-…, sk-proj-…); organisation and project ids.
  /\bsk-ant-[A-Za-z0-9_-]{3,}/g,
  /\bsk-(?!ant-)[A-Za-z0-9_-]{3,}/g,
  /\borg-[A-Za-z0-9]{16,}/g,
  /\bproj_[A-Za-z0-9]{16,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // AWS access key ids (long-term AKIA…, temporary ASIA…, and the other id prefixes).
  /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}\b/g,
  // GitHub: classic and OAuth/app tokens, fine-grained personal access tokens.
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g,
  // Google: API keys, OAuth access tokens, OAuth client secrets.
  /\bAIza[0-9A-Za-z_-]{35}/g,
  /\bya29\.[0-9A-Za-z_-]{20,}/g,
  /\bGOCSPX-[A-Za-z0-9_-]{20,}/g,
  // Slack tokens and Stripe secret keys, as often found beside the others in .env files.
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\b[sr]k_(?:live|test)_[A-Za-z0-9]{10,}/g,
  // AWS secret access keys. Standing alone means not inside a longer base64 or base64url token
  // (`-` and `_`): an OpenAI encrypted_content is base64url, and a 40-character run between two
  // of its `_` is no key (redacting it made a replayed run differ from the recorded one).
  /(?<![A-Za-z0-9/+_-])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_-])/g,
];

export const REDACTED = '[redacted]';

/** The text with every key-shaped part replaced by `[redacted]`. */
export function redactText(text: string): string {
  let redacted = text;
  for (const pattern of SECRET_PATTERNS) redacted = redacted.replace(pattern, REDACTED);
  return redacted;
}

/** A JSON value with every string redacted (keys too), leaving its shape alone. */
export function redactJson<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map(redactJson) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactText(key), redactJson(item)]),
    ) as T;
  }
  return value;
}

/**
 * The error, redacted in place where a test report reads it: message, stack, and the actual and
 * expected values Vitest diffs. Returns it, for `throw redactError(error)`.
 */
export function redactError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactText(error) : error;
  error.message = redactText(error.message);
  if (error.stack) error.stack = redactText(error.stack);
  const diffed = error as { actual?: unknown; expected?: unknown };
  if ('actual' in diffed) diffed.actual = redactJson(diffed.actual);
  if ('expected' in diffed) diffed.expected = redactJson(diffed.expected);
  if (error.cause !== undefined) redactError(error.cause);
  return error;
}

/** Every key-shaped string in `text` (for scans of what was written). */
export function findSecrets(text: string): string[] {
  return SECRET_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[0]));
}
