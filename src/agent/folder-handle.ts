/**
 * Workspace folders opened so that their entries are reached without trusting any path: the
 * building block of the sandbox (src/agent/sandbox.ts).
 *
 * Node has no openat(). On Linux the sandbox gets its guarantee another way: a folder is held
 * open, and its entries are named `/proc/self/fd/<fd>/<name>`. The kernel resolves that magic
 * link to the open folder itself, not to a path, so once a folder is open no rename or swap of
 * it or of any folder above it can change what its entries are. Each folder is opened from its
 * parent's descriptor with O_DIRECTORY | O_NOFOLLOW, so no symlink is ever followed on the way
 * down ("anchored" folders).
 *
 * Where /proc is missing (macOS, Windows) entries are reached by path, and each step is checked
 * afterwards: the folder must still be at its path, the same folder (device and inode), not a
 * symlink ("checked" folders). That narrows the window a concurrent swap needs but cannot close
 * it: a swap and a swap back that both fall between two system calls go unseen. So a checked
 * folder must also be one that only this process's user can change (owned by it, not writable
 * by group or others): then only the user's own processes could race the sandbox, and they can
 * read and write the user's files anyway. A folder others can change is refused ('shared').
 * Windows has no owner ids to compare, so there the check cannot be made.
 */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fdPathsWork } from './fd-paths.js';

const OPEN_FOLDER =
  constants.O_RDONLY |
  (constants.O_DIRECTORY ?? 0) |
  (constants.O_NOFOLLOW ?? 0) |
  (constants.O_NONBLOCK ?? 0);

/** A folder of the workspace, held so that its entries are reached through it. */
export interface Folder {
  /** The folder's stats when it was reached. */
  readonly stats: Stats;
  /** The path the folder itself goes by in fs calls (for readdir). */
  readonly self: string;
  /** The path its entry `name` (one path component, never '.' or '..') goes by in fs calls. */
  entry(name: string): string;
  /** False when the folder was moved or swapped since it was reached (never, when anchored). */
  inPlace(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Why a folder was not opened: nothing there; not a folder (a symlink or a file); its parent
 * moved; or (checked folders only) other users can change it.
 */
export type FolderProblem = 'missing' | 'not_folder' | 'moved' | 'shared';

/** Whether two stats describe the same file (device and inode). */
export function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

class AnchoredFolder implements Folder {
  readonly self: string;

  constructor(
    private readonly handle: FileHandle,
    readonly stats: Stats,
  ) {
    this.self = `/proc/self/fd/${handle.fd}`;
  }

  entry(name: string): string {
    return `${this.self}/${name}`;
  }

  async inPlace(): Promise<boolean> {
    return true; // the descriptor is the folder, wherever it has been moved since
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

class CheckedFolder implements Folder {
  constructor(
    readonly self: string,
    readonly stats: Stats,
  ) {}

  entry(name: string): string {
    return join(this.self, name);
  }

  async inPlace(): Promise<boolean> {
    const now = await lstat(this.self).catch(() => undefined);
    return now?.isDirectory() === true && sameFile(now, this.stats);
  }

  async close(): Promise<void> {}
}

/** Whether only this process's user can change the folder's entries (unknowable on Windows). */
function privateToUser(stats: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (stats.uid === uid && (stats.mode & 0o022) === 0);
}

async function openAnchored(path: string): Promise<Folder | FolderProblem> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FOLDER);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ELOOP' || code === 'ENOTDIR') return 'not_folder';
    throw error;
  }
  try {
    return new AnchoredFolder(handle, await handle.stat());
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Opens the workspace root (its own path is trusted: it is where the caller said to work). */
export async function openRootFolder(realRoot: string): Promise<Folder | FolderProblem> {
  if (await fdPathsWork()) return openAnchored(realRoot);
  const stats = await stat(realRoot);
  return privateToUser(stats) ? new CheckedFolder(realRoot, stats) : 'shared';
}

/** Opens the folder `name` in `parent`, following no symlink. */
export async function openChildFolder(
  parent: Folder,
  name: string,
): Promise<Folder | FolderProblem> {
  if (parent instanceof AnchoredFolder) return openAnchored(parent.entry(name));
  const path = parent.entry(name);
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'not_folder';
    throw error;
  }
  if (!stats.isDirectory()) return 'not_folder';
  if (!(await parent.inPlace())) return 'moved';
  return privateToUser(stats) ? new CheckedFolder(path, stats) : 'shared';
}

/**
 * Creates the folder `name` in `parent` unless something is there already, then opens it
 * (mkdir never follows a symlink in its last component, so one found there is refused). Like the
 * files the tools create (0644), it is writable by its owner only, whatever the umask.
 */
export async function makeChildFolder(
  parent: Folder,
  name: string,
): Promise<Folder | FolderProblem> {
  try {
    await mkdir(parent.entry(name), 0o755);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!(await parent.inPlace())) return 'moved';
  return openChildFolder(parent, name);
}
