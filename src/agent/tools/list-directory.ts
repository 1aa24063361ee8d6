import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import {
  changedWhileUsed,
  resolveWorkspacePath,
  SandboxError,
  type SandboxRefusal,
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

/** One line of the listing: folders end with '/', files show their size, symlinks where they lead. */
async function describeEntry(root: string, folder: string, entry: Dirent): Promise<string> {
  // A name with a newline could pass for several entries; such names are shown quoted.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
  const name = /[\u0000-\u001f]/.test(entry.name) ? JSON.stringify(entry.name) : entry.name;
  const path = join(folder, entry.name);
  if (entry.isDirectory()) return `${name}/`;
  if (entry.isFile()) {
    const stats = await lstat(path).catch(() => undefined);
    return stats ? `${name} (${formatBytes(stats.size)})` : name;
  }
  if (entry.isSymbolicLink()) return `${name} ${await describeSymlink(root, path)}`;
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
  const entries = await readdir(target.realPath, { withFileTypes: true });
  // readdir follows a symlink swapped in after the walk: if the folder is not the one that was
  // resolved any more, the listing is thrown away unseen.
  const after = await lstat(target.realPath);
  if (!after.isDirectory() || after.ino !== target.stats.ino) throw changedWhileUsed(requested);

  const title = target.displayPath === '.' ? 'The workspace root' : `Folder ${target.displayPath}/`;
  if (entries.length === 0) return `${title} is empty.`;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const shown = entries.slice(0, MAX_LISTED_ENTRIES);
  const lines = await Promise.all(
    shown.map((entry) => describeEntry(root, target.realPath, entry)),
  );
  const count = `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`;
  const hidden = entries.length - shown.length;
  if (hidden > 0) {
    lines.push(
      `[list_directory: ${hidden} more entries not shown (at most ${MAX_LISTED_ENTRIES} are listed); list a subfolder or use get_file_info on a path.]`,
    );
  }
  return `${title} has ${count}:\n${lines.join('\n')}`;
}
