import type { z } from 'zod';

/** A value read against a schema: the data, or where and why it does not fit (never a throw). */
export type Reading<T> = { ok: true; data: T } | { ok: false; problem: string };

/**
 * Reads `value` with `schema`, tolerantly: fields the schema does not know are dropped (a newer
 * writer may add some), and a value that does not fit is reported as `path: message` of its
 * first problem instead of thrown, so a reader can say which file or test it could not use.
 */
export function readWith<T>(schema: z.ZodType<T>, value: unknown): Reading<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || '(root)';
  return { ok: false, problem: `${where}: ${issue?.message ?? 'invalid'}` };
}
