import type { z } from 'zod';

/** Anything with zod's `safeParse` (zod 4, zod/mini, or zod 3 at runtime). */
export type Schema = z.ZodType;

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

type SafeParseResult = { success: true } | { success: false; error: { issues: readonly Issue[] } };

/** Whether a value is a zod schema (duck-typed, so another copy of zod works too). */
export function isSchema(value: unknown): value is Schema {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

/** Writes a zod issue path as `names[1].first`; the root as `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

const MAX_ISSUES = 8;

/** Validates `value`; returns null when it passes, else the issues as `  • path: message` lines. */
export function schemaIssues(schema: Schema, value: unknown): string | null {
  const result = (schema.safeParse as (value: unknown) => SafeParseResult)(value);
  if (result.success) return null;
  const issues = result.error.issues;
  const lines = issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `  • ${formatPath(issue.path)}: ${issue.message}`);
  if (issues.length > MAX_ISSUES) lines.push(`  • … ${issues.length - MAX_ISSUES} more issues`);
  return lines.join('\n');
}
