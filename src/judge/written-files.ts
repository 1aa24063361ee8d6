import { openExistingFile, resolveWorkspacePath } from '../agent/sandbox.js';
import { decodeText, formatBytes } from '../agent/text-file.js';
import type { AgentRun } from '../records/agent-run.js';
import type { WrittenFile } from './judge-prompt.js';

/** The tools that leave a file behind. */
const WRITING_TOOLS = new Set(['write_file', 'edit_file']);
/** Limits that keep a judge's prompt affordable when an agent writes a lot. */
const FILE_CHARS = 20_000;
const TOTAL_CHARS = 60_000;
const FILE_BYTES = 1024 * 1024;

/** The paths the agent's successful write_file / edit_file calls named, in first-written order. */
export function writtenPaths(run: AgentRun): string[] {
  const paths: string[] = [];
  for (const call of run.toolCalls) {
    if (!call.ok || !WRITING_TOOLS.has(call.name)) continue;
    const path = (call.args as { file_path?: unknown } | null)?.file_path;
    if (typeof path === 'string' && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

/**
 * The files the agent wrote, read from `workspace` as they ended up, through the same sandbox as
 * the agent's tools (nothing outside the workspace is read). Long files are cut; binary,
 * missing and very large files are named without their content.
 */
export async function readWrittenFiles(run: AgentRun, workspace: string): Promise<WrittenFile[]> {
  const files: WrittenFile[] = [];
  const seen = new Set<string>();
  let budget = TOTAL_CHARS;
  for (const requested of writtenPaths(run)) {
    const file = await readOne(workspace, requested, budget);
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    budget -= file.content?.length ?? 0;
    files.push(file);
  }
  return files;
}

async function readOne(workspace: string, requested: string, budget: number): Promise<WrittenFile> {
  let target: Awaited<ReturnType<typeof resolveWorkspacePath>>;
  try {
    target = await resolveWorkspacePath(workspace, requested);
  } catch (error) {
    return { path: requested, note: `not readable: ${(error as Error).message}` };
  }
  const path = target.displayPath;
  if (!target.stats) return { path, note: 'no longer in the workspace' };
  if (!target.stats.isFile()) return { path, note: 'not a file' };
  if (target.stats.size > FILE_BYTES) {
    return { path, note: `${formatBytes(target.stats.size)}, too large to show` };
  }
  if (budget <= 0) return { path, note: 'not shown: the files before it fill the judge’s budget' };
  let text: string | undefined;
  try {
    const opened = await openExistingFile(target, requested, 'read');
    try {
      text = decodeText(await opened.handle.readFile());
    } finally {
      await opened.handle.close();
    }
  } catch (error) {
    return { path, note: `not readable: ${(error as Error).message}` };
  }
  if (text === undefined) return { path, note: 'binary, not shown' };
  const limit = Math.min(FILE_CHARS, budget);
  if (text.length <= limit) return { path, content: text };
  return {
    path,
    content: text.slice(0, limit),
    note: `cut at ${limit} of ${text.length} characters`,
  };
}
