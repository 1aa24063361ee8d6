import { relative, sep } from 'node:path';
import {
  isHardLinked,
  openExistingFile,
  resolveWorkspacePath,
  type WorkspacePath,
  withOpenedFolder,
} from '../sandbox.js';
import { decodeText, formatBytes, lineStarts, MAX_TEXT_FILE_BYTES } from '../text-file.js';
import type { GetFileInfoArgs } from '../tool-args.js';
import { quotePath, ToolError } from '../tool-error.js';

/** Line count and binary flag of a regular file, read through the sandbox's safe open. */
async function describeContent(target: WorkspacePath, requested: string): Promise<string[]> {
  const { handle, stats } = await openExistingFile(target, requested, 'read');
  try {
    if (stats.size > MAX_TEXT_FILE_BYTES) {
      return [`lines: not counted (larger than ${formatBytes(MAX_TEXT_FILE_BYTES)})`];
    }
    const text = decodeText(await handle.readFile());
    return text === undefined
      ? ['binary: true']
      : [`lines: ${lineStarts(text).length}`, 'binary: false'];
  } finally {
    await handle.close();
  }
}

/** get_file_info: type, size, modified time, and line count and binary flag for files. */
export async function getFileInfoTool(root: string, args: GetFileInfoArgs): Promise<string> {
  const target = await resolveWorkspacePath(root, args.file_path);
  const { stats } = target;
  if (stats === undefined) {
    throw new ToolError(
      `Path ${quotePath(args.file_path)} does not exist; use list_directory to see what is in the workspace.`,
    );
  }
  const kind = stats.isDirectory() ? 'directory' : 'file';
  const lines = [`path: ${target.displayPath}`];
  if (target.viaSymlink) {
    const inside = relative(target.realRoot, target.realPath).split(sep).join('/') || '.';
    lines.push(`type: symlink -> ${inside} (${kind})`);
  } else {
    lines.push(`type: ${kind}`);
  }
  if (stats.isDirectory()) {
    const entries = await withOpenedFolder(target, args.file_path, (folder) => folder.entries());
    lines.push(`entries: ${entries.length}`, `modified: ${stats.mtime.toISOString()}`);
    return lines.join('\n');
  }
  lines.push(`size: ${formatBytes(stats.size)}`, `modified: ${stats.mtime.toISOString()}`);
  if (isHardLinked(stats)) {
    // The hard-link rule (src/agent/sandbox.ts): its content is not read, not even to count lines.
    lines.push(`links: ${stats.nlink} (a hard link: the file tools do not read or change it)`);
    return lines.join('\n');
  }
  lines.push(...(await describeContent(target, args.file_path)));
  return lines.join('\n');
}
