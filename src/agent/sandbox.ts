/**
 * The workspace sandbox: every path a tool touches is resolved here, component by component,
 * and must stay inside the workspace root, even while another process rearranges the folder.
 *
 * - '..' in a requested path is resolved lexically (like path.resolve), so it can never climb
 *   out through a symlink; '..' inside a symlink's target is resolved the way the kernel does.
 * - Resolving (resolveWorkspacePath) follows symlinks by hand (at most 40 hops, like Linux), and
 *   only while every step stays inside the root. It walks through open folders (folder-handle.ts):
 *   each folder is opened from its parent with O_NOFOLLOW and its entries are looked at through
 *   the open folder, so no lstat, readlink or open ever touches a path outside the root.
 * - Using a resolved path (opening, creating, listing) walks its symlink-free real path again,
 *   the same way, and allows no symlink at all: a component that became one is refused as
 *   "changed". Missing folders are created one at a time inside the folder opened last. The
 *   file itself is opened relative to its open folder with O_NOFOLLOW | O_NONBLOCK, then checked:
 *   a regular file, the one resolved (device and inode), and its name still leading to it.
 * - On Linux this is immune to concurrent swaps: an open folder stays the folder that was
 *   checked, whatever is renamed or replaced by symlinks around it (what openat() gives C
 *   programs; Node has none, so /proc/self/fd/<fd>/<name> stands in). Without /proc (macOS,
 *   Windows) each step is re-checked after it is taken, which narrows the window but cannot
 *   close it, so folders that other users can change are refused there ('shared_folder'): only
 *   the user's own processes could still race the tools (folder-handle.ts).
 * - FIFOs, sockets and devices are refused before any open (and if one is swapped in, O_NONBLOCK
 *   keeps the open from blocking and the check refuses it).
 *
 * The hard-link rule: a regular file with more than one link is never read or written by the
 * file tools, in any workspace. Its other names may be outside the workspace, and nothing says
 * where they are, so its content cannot count as the workspace's. A run's private workspace
 * loses nothing by this (prepareWorkspace copies each file, so every copy has one link); a folder
 * used in place, as by the MCP server, may hold a link to a file outside.
 */
import { constants, type Dirent, type Stats } from 'node:fs';
import { type FileHandle, lstat, open, readdir, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  type Folder,
  type FolderProblem,
  makeChildFolder,
  openChildFolder,
  openRootFolder,
  sameFile,
} from './folder-handle.js';
import { quotePath, ToolError } from './tool-error.js';

/** Why the sandbox refused a path. */
export type SandboxRefusal =
  | 'outside'
  | 'symlink_outside'
  | 'symlink_loop'
  | 'nul_byte'
  | 'empty'
  | 'special_file'
  | 'hard_link'
  | 'changed'
  | 'shared_folder';

/** A path the sandbox refused; the message tells the model what to do instead. */
export class SandboxError extends ToolError {
  override name = 'SandboxError';
  readonly refusal: SandboxRefusal;

  constructor(refusal: SandboxRefusal, message: string) {
    super(message);
    this.refusal = refusal;
  }
}

/** A path resolved inside the workspace. */
export interface WorkspacePath {
  /** The workspace root with every symlink resolved. */
  realRoot: string;
  /** Where the path really leads: absolute, symlink-free, inside realRoot; may not exist yet. */
  realPath: string;
  /** The requested path normalised and relative to the root, with '/' ('.' is the root). */
  displayPath: string;
  /** lstat of realPath (never a symlink), or undefined when nothing is there yet. */
  stats: Stats | undefined;
  /** True when the requested path's own last component is a symlink (pointing inside). */
  viaSymlink: boolean;
  /** The deepest existing folder on the way to realPath (realPath itself excluded). */
  existingParent: string;
}

/** Linux's MAXSYMLINKS: more hops than this is treated as a loop. */
const MAX_SYMLINK_HOPS = 40;
/** Linux's PATH_MAX: a deeper real path would need more folders open than any tool should hold. */
const MAX_PATH_BYTES = 4096;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Whether `path` is `base` or inside it (both absolute and normalised). */
export function isInside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

const outside = (requested: string) =>
  new SandboxError(
    'outside',
    `Path ${quotePath(requested)} is outside the workspace; use a path inside it, e.g. "notes.txt".`,
  );

const symlinkOutside = (requested: string) =>
  new SandboxError(
    'symlink_outside',
    `Path ${quotePath(requested)} leads outside the workspace through a symbolic link; use a path inside it, e.g. "notes.txt".`,
  );

const symlinkLoop = (requested: string) =>
  new SandboxError(
    'symlink_loop',
    `Path ${quotePath(requested)} runs into a symbolic link loop (more than ${MAX_SYMLINK_HOPS} links); it cannot be used.`,
  );

const partIsFile = (requested: string) =>
  new ToolError(
    `Path ${quotePath(requested)} does not exist: a part of it is a file, not a folder.`,
  );

/** A refusal for a path that changed between being checked and being used. */
export const changedWhileUsed = (requested: string) =>
  new SandboxError(
    'changed',
    `Path ${quotePath(requested)} changed while it was being used (a part of it was moved, replaced or linked); nothing was read or written. Try again.`,
  );

/**
 * The hard-link rule (see the top of this file): a regular file with more than one link may share
 * its content with a file outside the workspace, so it is neither read nor written.
 */
const hardLink = (requested: string, forWriting: boolean) =>
  new SandboxError(
    'hard_link',
    forWriting
      ? `Path ${quotePath(requested)} is a hard link (it may be shared with a file outside the workspace), so it is never changed; write a new file instead.`
      : `Path ${quotePath(requested)} is a hard link (it may be shared with a file outside the workspace), so it is never read; ask the user for a plain copy if you need its content.`,
  );

/** Whether a regular file has names besides the one the tools reached it by. */
export function isHardLinked(stats: Stats): boolean {
  return stats.isFile() && stats.nlink > 1;
}

/** The kind of a FIFO, socket or device, or undefined for files, folders and symlinks. */
export function specialFileKind(stats: Stats): string | undefined {
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return undefined;
}

/** lstat of the entry `name` of `folder`, undefined when nothing is there. */
async function entryStats(
  folder: Folder,
  name: string,
  requested: string,
): Promise<Stats | undefined> {
  let stats: Stats | undefined;
  try {
    stats = await lstat(folder.entry(name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw partIsFile(requested);
    if (code !== 'ENOENT') throw error;
  }
  if (!(await folder.inPlace())) throw changedWhileUsed(requested);
  return stats;
}

/** The target of the symlink `name` in `folder`. */
async function linkTarget(folder: Folder, name: string, requested: string): Promise<string> {
  let target: string;
  try {
    target = await readlink(folder.entry(name));
  } catch (error) {
    // EINVAL: no longer a symlink; ENOENT: gone.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EINVAL' || code === 'ENOENT') throw changedWhileUsed(requested);
    throw error;
  }
  if (!(await folder.inPlace())) throw changedWhileUsed(requested);
  return target;
}

const sharedFolder = (requested: string) =>
  new SandboxError(
    'shared_folder',
    `Path ${quotePath(requested)} goes through a folder that other users can change; on this system (no /proc) the sandbox cannot stop them from swapping it while it is used, so it is refused. Ask the user to make the folder private (chmod go-w) or to work on a copy.`,
  );

/** The folder, or the refusal for one that is gone, no longer the folder it was, or shared. */
function folderOrRefusal(folder: Folder | FolderProblem, requested: string): Folder {
  if (folder === 'shared') throw sharedFolder(requested);
  if (typeof folder === 'string') throw changedWhileUsed(requested);
  return folder;
}

const nameTooLong = () =>
  Object.assign(new Error('The path is too long.'), { code: 'ENAMETOOLONG' });

interface Walked {
  realPath: string;
  stats: Stats | undefined;
  existingParent: string;
  viaSymlink: boolean;
}

/** A component still to walk; `requestedLast` marks the requested path's own last component. */
interface Step {
  name: string;
  requestedLast: boolean;
}

const steps = (names: string[], requested = false): Step[] =>
  names.map((name, index) => ({ name, requestedLast: requested && index === names.length - 1 }));

/**
 * Follows `segments` from the root like the kernel would, symlinks included, refusing the moment
 * a step would leave the root. Each folder on the way is held open (`trail`) and its entries are
 * looked at through it. `aliases` are the root's spellings that an absolute symlink target may
 * use (the real root and the root as given).
 */
async function walk(
  realRoot: string,
  aliases: string[],
  segments: string[],
  requested: string,
): Promise<Walked> {
  const trail = [folderOrRefusal(await openRootFolder(realRoot), requested)];
  const names: string[] = []; // trail[i + 1] is the folder realRoot/names[0..i]
  const pending = steps(segments, true);
  let hops = 0;
  let viaSymlink = false;
  try {
    while (pending.length > 0) {
      const { name, requestedLast } = pending.shift() as Step;
      if (name === '' || name === '.') continue;
      const folder = trail[trail.length - 1] as Folder;
      const here = join(realRoot, ...names);
      if (name === '..') {
        if (trail.length === 1) throw symlinkOutside(requested);
        await (trail.pop() as Folder).close();
        names.pop();
        continue;
      }
      const stats = await entryStats(folder, name, requested);
      if (stats === undefined) {
        // Nothing exists from here on, so no symlink can follow; the kernel would not walk '..'
        // through a missing folder either.
        if (pending.some((step) => step.name === '..')) {
          throw new ToolError(`Path ${quotePath(requested)} does not exist.`);
        }
        const realPath = resolve(here, name, ...pending.map((step) => step.name));
        return { realPath, stats: undefined, existingParent: here, viaSymlink };
      }
      if (stats.isSymbolicLink()) {
        viaSymlink ||= requestedLast;
        hops += 1;
        if (hops > MAX_SYMLINK_HOPS) throw symlinkLoop(requested);
        const target = await linkTarget(folder, name, requested);
        if (isAbsolute(target)) {
          const absolute = resolve(target);
          const base = aliases.find((alias) => isInside(alias, absolute));
          if (base === undefined) throw symlinkOutside(requested);
          while (trail.length > 1) await (trail.pop() as Folder).close();
          names.length = 0;
          const rest = relative(base, absolute);
          pending.unshift(...steps(rest === '' ? [] : rest.split(sep)));
        } else {
          pending.unshift(...steps(target.split('/')));
        }
        continue;
      }
      const more = pending.some((step) => step.name !== '' && step.name !== '.');
      if (!more) return { realPath: join(here, name), stats, existingParent: here, viaSymlink };
      if (!stats.isDirectory()) throw partIsFile(requested);
      if (Buffer.byteLength(join(here, name)) >= MAX_PATH_BYTES) throw nameTooLong();
      const child = folderOrRefusal(await openChildFolder(folder, name), requested);
      trail.push(child);
      names.push(name);
      if (!sameFile(child.stats, stats)) throw changedWhileUsed(requested);
    }
    const realPath = join(realRoot, ...names);
    const stats = (trail[trail.length - 1] as Folder).stats;
    return { realPath, stats, existingParent: dirname(realPath), viaSymlink };
  } finally {
    await Promise.all(trail.map((folder) => folder.close()));
  }
}

/** Options of resolveWorkspacePath. */
export interface ResolveOptions {
  /** An empty path means the root (list_directory); otherwise it is refused. */
  emptyMeansRoot?: boolean;
}

/**
 * Resolves `requested` (relative to the root, or absolute inside it) to where it really leads,
 * refusing with a SandboxError anything that would leave the workspace or is not a regular file,
 * folder or symlink. Nothing outside the root is touched, not even with lstat.
 */
export async function resolveWorkspacePath(
  root: string,
  requested: string,
  options: ResolveOptions = {},
): Promise<WorkspacePath> {
  if (requested.includes('\0')) {
    throw new SandboxError(
      'nul_byte',
      `Path ${quotePath(requested)} contains a NUL byte; use a plain path inside the workspace, e.g. "notes.txt".`,
    );
  }
  const empty = requested.trim() === '';
  if (empty && !options.emptyMeansRoot) {
    throw new SandboxError(
      'empty',
      'The path is empty; give a path inside the workspace, e.g. "notes.txt".',
    );
  }
  // A missing root is the harness's fault, not the model's: it must not pass for a tool error.
  const realRoot = await realpath(root).catch((error: Error) => {
    throw new Error(`The workspace root ${root} cannot be used: ${error.message}`);
  });
  const givenRoot = resolve(root);
  const aliases = givenRoot === realRoot ? [realRoot] : [realRoot, givenRoot];

  let relativePath = '';
  if (!empty) {
    const absolute = isAbsolute(requested) ? resolve(requested) : resolve(realRoot, requested);
    const base = aliases.find((alias) => isInside(alias, absolute));
    if (base === undefined) throw outside(requested);
    relativePath = relative(base, absolute);
  }
  const segments = relativePath === '' ? [] : relativePath.split(sep);
  const walked = await walk(realRoot, aliases, segments, requested);
  if (Buffer.byteLength(walked.realPath) >= MAX_PATH_BYTES) throw nameTooLong();

  if (walked.stats) {
    const special = specialFileKind(walked.stats);
    if (special) {
      throw new SandboxError(
        'special_file',
        `Path ${quotePath(requested)} is a ${special}, not a regular file or folder; the file tools only work on regular files and folders.`,
      );
    }
    if (/\/\.?$/.test(requested) && !walked.stats.isDirectory()) {
      throw new ToolError(
        `Path ${quotePath(requested)} ends with "/" but is a file, not a folder; drop the "/".`,
      );
    }
  }
  return {
    realRoot,
    realPath: walked.realPath,
    displayPath: relativePath === '' ? '.' : segments.join('/'),
    stats: walked.stats,
    viaSymlink: walked.viaSymlink,
    existingParent: walked.existingParent,
  };
}

/**
 * Opens the folders on the way to the resolved `target` from the root, each through the one
 * before, following no symlink (one found is refused: the path changed since it was resolved),
 * and hands `use` the folder that holds the target and the target's name in it (undefined for
 * the root itself). With `create`, missing folders are made on the way.
 */
async function inParentFolder<T>(
  target: WorkspacePath,
  requested: string,
  create: boolean,
  use: (folder: Folder, name: string | undefined) => Promise<T>,
): Promise<T> {
  const rel = relative(target.realRoot, target.realPath);
  const names = rel === '' ? [] : rel.split(sep);
  const last = names.pop();
  let folder = folderOrRefusal(await openRootFolder(target.realRoot), requested);
  try {
    for (const name of names) {
      let child = await openChildFolder(folder, name);
      if (child === 'missing' && create) child = await makeChildFolder(folder, name);
      const next = folderOrRefusal(child, requested);
      await folder.close();
      folder = next;
    }
    return await use(folder, last);
  } finally {
    await folder.close();
  }
}

/** An open file and its fstat, checked to be the regular file the sandbox resolved. */
export interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
  /** True when write_file created the file. */
  created: boolean;
}

/** Maps an open() failure caused by a last-moment swap (a symlink, a pipe) to a refusal. */
function openFailure(error: unknown, requested: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  // ELOOP: the last component became a symlink (O_NOFOLLOW). ENXIO: a FIFO with no reader.
  return code === 'ELOOP' || code === 'ENXIO' ? changedWhileUsed(requested) : error;
}

/**
 * Opens the entry `name` of `folder` with `flags` (never following a symlink, never blocking),
 * and keeps it only if it is a regular file, the one resolved, with no other name (the name
 * checked last, so a link removed in between cannot slip through).
 */
async function openFileIn(
  folder: Folder,
  name: string,
  flags: number,
  target: WorkspacePath,
  requested: string,
  forWriting: boolean,
): Promise<OpenedFile> {
  let handle: FileHandle;
  try {
    handle = await open(folder.entry(name), flags | O_NOFOLLOW | O_NONBLOCK, 0o644);
  } catch (error) {
    throw openFailure(error, requested);
  }
  try {
    const stats = await handle.stat();
    const expected = target.stats;
    if (!stats.isFile() || (expected !== undefined && !sameFile(stats, expected))) {
      throw changedWhileUsed(requested);
    }
    if (isHardLinked(stats)) throw hardLink(requested, forWriting);
    const named = await lstat(folder.entry(name)).catch(() => undefined);
    if (named === undefined || !sameFile(named, stats)) throw changedWhileUsed(requested);
    if (isHardLinked(named)) throw hardLink(requested, forWriting);
    if (!(await folder.inPlace())) throw changedWhileUsed(requested);
    return { handle, stats, created: expected === undefined };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Opens the existing regular file `target` (for reading, or reading and writing) without
 * following a symlink anywhere on the way or blocking on a FIFO.
 */
export function openExistingFile(
  target: WorkspacePath,
  requested: string,
  mode: 'read' | 'readwrite',
): Promise<OpenedFile> {
  const access = mode === 'read' ? constants.O_RDONLY : constants.O_RDWR;
  return inParentFolder(target, requested, false, (folder, name) => {
    if (name === undefined) throw changedWhileUsed(requested); // the root is never a file
    return openFileIn(folder, name, access, target, requested, mode === 'readwrite');
  });
}

/**
 * Creates the missing folders on the way to `target` (each inside the folder opened before it)
 * and opens the file for writing, creating it when missing. The file is not truncated: the
 * caller replaces its contents once it is known to be safe.
 */
export function openFileForWriting(target: WorkspacePath, requested: string): Promise<OpenedFile> {
  const flags = constants.O_WRONLY | constants.O_CREAT;
  return inParentFolder(target, requested, true, (folder, name) => {
    if (name === undefined) throw changedWhileUsed(requested);
    return openFileIn(folder, name, flags, target, requested, true);
  });
}

/** A workspace folder held open for listing: its entries are read through it. */
export interface OpenedFolder {
  stats: Stats;
  /** The folder's entries. */
  entries(): Promise<Dirent[]>;
  /** lstat of the entry `name`, or undefined when it is gone. */
  entryStats(name: string): Promise<Stats | undefined>;
}

/** Opens the resolved folder `target` (following no symlink) for `use`, then closes it. */
export function withOpenedFolder<T>(
  target: WorkspacePath,
  requested: string,
  use: (folder: OpenedFolder) => Promise<T>,
): Promise<T> {
  return inParentFolder(target, requested, false, async (parent, name) => {
    const folder =
      name === undefined ? parent : folderOrRefusal(await openChildFolder(parent, name), requested);
    try {
      if (target.stats !== undefined && !sameFile(folder.stats, target.stats)) {
        throw changedWhileUsed(requested);
      }
      const checked = async <R>(value: R): Promise<R> => {
        if (!(await folder.inPlace())) throw changedWhileUsed(requested);
        return value;
      };
      return await use({
        stats: folder.stats,
        entries: async () => checked(await readdir(folder.self, { withFileTypes: true })),
        entryStats: async (entry) =>
          checked(await lstat(folder.entry(entry)).catch(() => undefined)),
      });
    } finally {
      if (folder !== parent) await folder.close();
    }
  });
}

/** Replaces the whole contents of an open file with `bytes`. */
export async function replaceContents(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  await handle.truncate(0);
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, written);
    written += bytesWritten;
  }
}
