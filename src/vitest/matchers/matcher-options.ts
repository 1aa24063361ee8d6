import type { z } from 'zod';
import { describeOptionIssues } from '../../config/option-issues.js';
import { MatcherUsageError } from './matcher-usage-error.js';

/**
 * A matcher's options, checked against its strict schema: a misspelt key throws naming the key
 * likely meant, instead of being ignored while the option it was meant to set keeps its default.
 */
export function parseMatcherOptions<T extends z.ZodType>(
  matcher: string,
  schema: T,
  options: unknown,
): z.infer<T> {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  throw new MatcherUsageError(describeOptionIssues(matcher, schema, parsed.error).join('\n'));
}
