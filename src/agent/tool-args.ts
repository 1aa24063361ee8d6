import { z } from 'zod';

const describeInput = (input: unknown): string =>
  input === null ? 'null' : Array.isArray(input) ? 'an array' : `a ${typeof input}`;

/** A required string parameter whose errors name the parameter. */
const text = (name: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? `${name} is required`
        : `${name} must be a string (got ${describeInput(issue.input)})`,
  });

/**
 * An optional whole number ≥ 1. null counts as absent: models (and OpenAI's strict mode, which
 * makes every property required but nullable) send null for "not given".
 */
const lineCount = (name: string) =>
  z
    .number({ error: (issue) => `${name} must be a number (got ${describeInput(issue.input)})` })
    .int({ error: `${name} must be a whole number` })
    .min(1, { error: `${name} must be at least 1` })
    .nullish();

/** What each tool accepts from the model; mirrors tool-schemas.ts (a test keeps them in step). */
export const toolArgumentSchemas = {
  read_file: z.strictObject({
    file_path: text('file_path'),
    offset: lineCount('offset'),
    limit: lineCount('limit'),
  }),
  list_directory: z.strictObject({
    directory_path: z
      .string({
        error: (issue) => `directory_path must be a string (got ${describeInput(issue.input)})`,
      })
      .nullish(),
  }),
  write_file: z.strictObject({ file_path: text('file_path'), content: text('content') }),
  get_file_info: z.strictObject({ file_path: text('file_path') }),
  edit_file: z.strictObject({
    file_path: text('file_path'),
    old_str: text('old_str').min(1, {
      error: 'old_str must not be empty (to replace a whole file, use write_file)',
    }),
    new_str: text('new_str'),
  }),
};

export type ToolName = keyof typeof toolArgumentSchemas;
export type ReadFileArgs = z.infer<typeof toolArgumentSchemas.read_file>;
export type ListDirectoryArgs = z.infer<typeof toolArgumentSchemas.list_directory>;
export type WriteFileArgs = z.infer<typeof toolArgumentSchemas.write_file>;
export type GetFileInfoArgs = z.infer<typeof toolArgumentSchemas.get_file_info>;
export type EditFileArgs = z.infer<typeof toolArgumentSchemas.edit_file>;

/** One readable sentence from zod's issues, e.g. `file_path must be a string (got a number)`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((key) => `"${key}"`).join(', ');
        return `unknown parameter${issue.keys.length === 1 ? '' : 's'} ${keys}`;
      }
      if (issue.path.length === 0 && issue.code === 'invalid_type') {
        return `the arguments must be a JSON object (got ${describeInput(input)})`;
      }
      return issue.message;
    })
    .join('; ');
}
