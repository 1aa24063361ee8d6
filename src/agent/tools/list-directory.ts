import type { Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  isHardLinked,
  type OpenedFolder,
  resolveWorkspacePath,
  SandboxError,
  type SandboxRefusal,
  withOpenedFolder,
} from '../sandbox.js';
import { formatBytes } from '../text-file.js';
import type { ListDirectoryArgs } from '../tool-args.js';
import { quotePath, ToolError } from '../tool-error.js';

/** Most entries one list_directory call shows. */
export const MAX_LISTED_ENTRIES = 500;

const unreachable: Record<SandboxRefusal, string> = {
  outside: 'pointing outside the workspace',
  symlink_outside: 'pointing outside the workspace',
  symlink_loop: 'in a loop',
  special_file: 'to a FIFO, socket or device',
  nul_byte: 'with an unusable name',
  empty: 'with an unusable name',
  hard_link: 'to a shared file',
  changed: 'that changed while being listed',
  shared_folder: 'through a folder other users can change',
};

/** How a symlink entry is shown: where it leads inside the workspace, or why it cannot be used. */
async function describeSymlink(root: string, path: string): Promise<string> {
  try {
    const target = await resolveWorkspacePath(root, path);
    const inside = relative(target.realRoot, target.realPath).split(sep).join('/') || '.';
    if (target.stats === undefined) return `-> ${inside} (broken symlink)`;
    return `-> ${inside}${target.stats.isDirectory() ? '/' : ''} (symlink)`;
  } catch (error) {
    if (error instanceof SandboxError) {
      return `(symlink ${unreachable[error.refusal]}; not accessible)`;
    }
    if (error instanceof ToolError) return '(broken symlink)';
    throw error;
  }
}

/**
 * One line of the listing: folders end with '/', files show their size (a hard-linked file only
 * that it cannot be used), symlinks where they lead.
 */
async function describeEntry(
  root: string,
  path: string,
  folder: OpenedFolder,
  entry: Dirent,
): Promise<string> {
  // A name with a newline could pass for several entries; such names are shown quoted.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
  const name = /[\u0000-\u001f]/.test(entry.name) ? JSON.stringify(entry.name) : entry.name;
  if (entry.isDirectory()) return `${name}/`;
  if (entry.isFile()) {
    const stats = await folder.entryStats(entry.name);
    if (stats && isHardLinked(stats)) return `${name} (hard link; not accessible)`;
    return stats ? `${name} (${formatBytes(stats.size)})` : name;
  }
  if (entry.isSymbolicLink()) {
    return `${name} ${await describeSymlink(root, join(path, entry.name))}`;
  }
  const kind = entry.isFIFO() ? 'FIFO' : entry.isSocket() ? 'socket' : 'device';
  return `${name} (${kind}; not accessible)`;
}

/** list_directory: a folder's entries, sorted by name, at most MAX_LISTED_ENTRIES. */
export async function listDirectoryTool(root: string, args: ListDirectoryArgs): Promise<string> {
  const requested = args.directory_path ?? '';
  const target = await resolveWorkspacePath(root, requested, { emptyMeansRoot: true });
  if (target.stats === undefined) {
    throw new ToolError(
      `Folder ${quotePath(requested)} does not exist; call list_directory without a path to see the workspace root.`,
    );
  }
  if (!target.stats.isDirectory()) {
    throw new ToolError(
      `Path ${quotePath(requested)} is a file, not a folder; use read_file or get_file_info on it.`,
    );
  }
  const title = target.displayPath === '.' ? 'The workspace root' : `Folder ${target.displayPath}/`;
  return withOpenedFolder(target, requested, async (folder) => {
    const entries = await folder.entries();
    if (entries.length === 0) return `${title} is empty.`;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const shown = entries.slice(0, MAX_LISTED_ENTRIES);
    const lines = await Promise.all(
      shown.map((entry) => describeEntry(root, target.realPath, folder, entry)),
    );
    const count = `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`;
    const hidden = entries.length - shown.length;
    if (hidden > 0) {
      lines.push(
        `[list_directory: ${hidden} more entries not shown (at most ${MAX_LISTED_ENTRIES} are listed); list a subfolder or use get_file_info on a path.]`,
      );
    }
    return `${title} has ${count}:\n${lines.join('\n')}`;
  });
}
