import type { z } from 'zod';
import { mostSimilar } from '../format/text-similarity.js';
import type { ToolCallRequest } from '../records/agent-run.js';
import { describeIssues, type ToolName, toolArgumentSchemas } from './tool-args.js';
import { fsErrorMessage, ToolError } from './tool-error.js';
import { argumentsShape, fileToolNames, fileToolSchemas } from './tool-schemas.js';
import { editFileTool } from './tools/edit-file.js';
import { getFileInfoTool } from './tools/get-file-info.js';
import { listDirectoryTool } from './tools/list-directory.js';
import { readFileTool } from './tools/read-file.js';
import { writeFileTool } from './tools/write-file.js';

/** The outcome of one tool call: `content` is what the model is shown, errors included. */
export interface ToolExecution {
  /** The parsed arguments, or the raw text when it was not JSON. */
  args: unknown;
  ok: boolean;
  content: string;
  error?: string;
}

/** A tool whose arguments are checked once; a valid call comes back ready to run. */
interface CheckedTool {
  check(
    value: unknown,
  ):
    | { ok: true; run: (root: string) => Promise<string> }
    | { ok: false; issues: readonly z.core.$ZodIssue[] };
}

function checkedTool<Args>(
  schema: z.ZodType<Args>,
  runTool: (root: string, args: Args) => Promise<string>,
): CheckedTool {
  return {
    check(value) {
      const result = schema.safeParse(value);
      if (!result.success) return { ok: false, issues: result.error.issues };
      return { ok: true, run: (root) => runTool(root, result.data) };
    },
  };
}

const tools: Record<ToolName, CheckedTool> = {
  read_file: checkedTool(toolArgumentSchemas.read_file, readFileTool),
  list_directory: checkedTool(toolArgumentSchemas.list_directory, listDirectoryTool),
  write_file: checkedTool(toolArgumentSchemas.write_file, writeFileTool),
  get_file_info: checkedTool(toolArgumentSchemas.get_file_info, getFileInfoTool),
  edit_file: checkedTool(toolArgumentSchemas.edit_file, editFileTool),
};

const isToolName = (name: string): name is ToolName => Object.hasOwn(tools, name);

/** A failed call: the model is shown `message`. */
export const failedCall = (args: unknown, message: string): ToolExecution => ({
  args,
  ok: false,
  content: message,
  error: message,
});

/** Parses the model's argument text; an empty text means no arguments. */
export function parseArguments(
  raw: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** What the model is told when it calls a tool it was not offered, with a guess when one is near. */
export function unknownToolMessage(
  name: string,
  available: readonly string[] = fileToolNames,
): string {
  const lower = name.toLowerCase();
  const closest = mostSimilar(lower, available);
  // Only a near-typo or a prefix ("read", "list") is worth a guess: "delete_file" is not "read_file".
  const guess =
    (closest && closest.score >= 0.75 ? available[closest.index] : undefined) ??
    (lower.length >= 3 ? available.find((tool) => tool.startsWith(lower)) : undefined);
  const hint = guess ? ` Did you mean "${guess}"?` : '';
  const offered = available.length > 0 ? available.join(', ') : 'none';
  return `Unknown tool ${JSON.stringify(name)}. Available tools: ${offered}.${hint}`;
}

/** The path a call was about, for error messages. */
function pathOf(value: unknown): string {
  const args = (value ?? {}) as { file_path?: unknown; directory_path?: unknown };
  const path = args.file_path ?? args.directory_path;
  return typeof path === 'string' && path !== '' ? path : '.';
}

/** Runs one tool call inside the workspace; never throws for anything the model did. */
export async function executeToolCall(
  workspaceRoot: string,
  call: ToolCallRequest,
): Promise<ToolExecution> {
  const parsed = parseArguments(call.arguments);
  const args = parsed.ok ? parsed.value : call.arguments;
  if (!isToolName(call.name)) return failedCall(args, unknownToolMessage(call.name));

  const schema = fileToolSchemas.find((tool) => tool.name === call.name);
  const expected = schema ? ` Expected ${argumentsShape(schema)}.` : '';
  if (!parsed.ok) {
    return failedCall(
      args,
      `Invalid arguments for ${call.name}: not valid JSON (${parsed.reason}).${expected}`,
    );
  }
  const checked = tools[call.name].check(parsed.value);
  if (!checked.ok) {
    const problems = describeIssues(checked.issues, parsed.value);
    return failedCall(args, `Invalid arguments for ${call.name}: ${problems}.${expected}`);
  }

  try {
    return { args, ok: true, content: await checked.run(workspaceRoot) };
  } catch (error) {
    if (error instanceof ToolError) return failedCall(args, error.message);
    const message = fsErrorMessage(error, pathOf(parsed.value));
    if (message !== undefined) return failedCall(args, `${call.name} failed: ${message}`);
    throw error;
  }
}
