import { openFileForWriting, replaceContents, resolveWorkspacePath } from '../sandbox.js';
import { formatBytes } from '../text-file.js';
import type { WriteFileArgs } from '../tool-args.js';
import { quotePath, ToolError } from '../tool-error.js';

/** The largest content write_file (and the result of edit_file) may have. */
export const MAX_WRITE_BYTES = 10 * 1024 * 1024;

/** A ToolError when `bytes` is over MAX_WRITE_BYTES. */
export function checkWriteSize(bytes: number, tool: string): void {
  if (bytes > MAX_WRITE_BYTES) {
    throw new ToolError(
      `The content is ${formatBytes(bytes)}; ${tool} writes files up to ${formatBytes(MAX_WRITE_BYTES)}.`,
    );
  }
}

/** write_file: creates or overwrites a file with `content`, creating its folders inside the workspace. */
export async function writeFileTool(root: string, args: WriteFileArgs): Promise<string> {
  const bytes = Buffer.from(args.content, 'utf8');
  checkWriteSize(bytes.length, 'write_file');
  const target = await resolveWorkspacePath(root, args.file_path);
  const isFolder = target.stats?.isDirectory() === true;
  if (isFolder || /\/\.?$/.test(args.file_path)) {
    const folder = target.displayPath === '.' ? '' : `${target.displayPath}/`;
    const what = isFolder ? 'is a folder' : 'ends with "/"';
    throw new ToolError(
      `Path ${quotePath(args.file_path)} ${what}; write_file needs a file path such as "${folder}notes.txt".`,
    );
  }
  const { handle } = await openFileForWriting(target, args.file_path);
  try {
    await replaceContents(handle, bytes);
  } finally {
    await handle.close();
  }
  return `Wrote ${bytes.length} bytes to ${target.displayPath}`;
}
