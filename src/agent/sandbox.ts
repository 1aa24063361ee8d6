/**
 * The workspace sandbox: every path a tool touches is resolved here, component by component,
 * before anything is opened, and must stay inside the workspace root.
 *
 * - '..' in a requested path is resolved lexically (like path.resolve), so it can never climb
 *   out through a symlink; '..' inside a symlink's target is resolved the way the kernel does.
 * - Symlinks are followed by hand (at most 40 hops, like Linux), and only while every step stays
 *   inside the root: no stat, readlink or open ever touches a path outside it.
 * - FIFOs, sockets and devices are refused before any open, and files are opened with
 *   O_NOFOLLOW | O_NONBLOCK and re-checked with fstat, so a last-moment swap cannot make a tool
 *   follow a new symlink or block on a pipe.
 *
 * What remains (TOCTOU): between the walk and the open, another process could replace an
 * intermediate folder with a symlink (Node has no openat/O_BENEATH to close that). The agent
 * itself cannot: no tool creates symlinks, and a run's workspace is a private temp copy.
 * Hard links cannot be told apart from ordinary files, so files with more than one link are
 * never written (a copied workspace has none).
 */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
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
  | 'changed';

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

/** A refusal for a path that changed between being checked and being opened. */
export const changedWhileUsed = (requested: string) =>
  new SandboxError(
    'changed',
    `Path ${quotePath(requested)} changed while it was being used (it became a symbolic link or special file); it was not touched.`,
  );

/** The kind of a FIFO, socket or device, or undefined for files, folders and symlinks. */
export function specialFileKind(stats: Stats): string | undefined {
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return undefined;
}

/** lstat that reports a missing path as undefined and a path through a file as a ToolError. */
async function lstatIfPresent(path: string, requested: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') {
      throw new ToolError(
        `Path ${quotePath(requested)} does not exist: a part of it is a file, not a folder.`,
      );
    }
    throw error;
  }
}

interface Walked {
  realPath: string;
  stats: Stats | undefined;
  existingParent: string;
}

/**
 * Follows `segments` from the real root like the kernel would, symlinks included, refusing the
 * moment a step would leave the root. `aliases` are the root's spellings that an absolute
 * symlink target may use (the real root and the root as given).
 */
async function walk(
  realRoot: string,
  aliases: string[],
  segments: string[],
  requested: string,
): Promise<Walked> {
  let current = realRoot; // always a real, existing folder inside the root
  const pending = [...segments];
  let hops = 0;
  while (pending.length > 0) {
    const segment = pending.shift() as string;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      current = dirname(current);
      if (!isInside(realRoot, current)) throw symlinkOutside(requested);
      continue;
    }
    const candidate = join(current, segment);
    const stats = await lstatIfPresent(candidate, requested);
    if (stats === undefined) {
      // Nothing exists from here on, so no symlink can follow; the kernel would not walk '..'
      // through a missing folder either.
      if (pending.includes('..')) {
        throw new ToolError(`Path ${quotePath(requested)} does not exist.`);
      }
      const realPath = resolve(candidate, ...pending);
      if (!isInside(realRoot, realPath)) throw symlinkOutside(requested);
      return { realPath, stats: undefined, existingParent: current };
    }
    if (stats.isSymbolicLink()) {
      hops += 1;
      if (hops > MAX_SYMLINK_HOPS) throw symlinkLoop(requested);
      const target = await readlink(candidate);
      if (isAbsolute(target)) {
        const absolute = resolve(target);
        const base = aliases.find((alias) => isInside(alias, absolute));
        if (base === undefined) throw symlinkOutside(requested);
        current = realRoot;
        const rest = relative(base, absolute);
        pending.unshift(...(rest === '' ? [] : rest.split(sep)));
      } else {
        pending.unshift(...target.split('/'));
      }
      continue;
    }
    const more = pending.some((next) => next !== '' && next !== '.');
    if (more && !stats.isDirectory()) {
      throw new ToolError(
        `Path ${quotePath(requested)} does not exist: a part of it is a file, not a folder.`,
      );
    }
    current = candidate;
  }
  return { realPath: current, stats: await lstat(current), existingParent: dirname(current) };
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
  // The walk proved every step stays inside, so this lstat only touches the root's own entries.
  const lexical = join(realRoot, relativePath);
  const viaSymlink =
    segments.length > 0 && (await lstat(lexical).catch(() => undefined))?.isSymbolicLink() === true;

  return {
    realRoot,
    realPath: walked.realPath,
    displayPath: relativePath === '' ? '.' : segments.join('/'),
    stats: walked.stats,
    viaSymlink,
    existingParent: walked.existingParent,
  };
}

/** An open file and its fstat, checked to be the regular file the sandbox resolved. */
export interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
  /** True when write_file created the file. */
  created: boolean;
}

/** fstat's the handle and closes it unless it is the same regular file that was resolved. */
async function checkOpened(
  handle: FileHandle,
  target: WorkspacePath,
  requested: string,
  forWriting: boolean,
): Promise<Stats> {
  try {
    const stats = await handle.stat();
    const expected = target.stats;
    const swapped =
      expected !== undefined && (stats.ino !== expected.ino || stats.dev !== expected.dev);
    if (!stats.isFile() || swapped) throw changedWhileUsed(requested);
    if (forWriting && stats.nlink > 1) {
      throw new SandboxError(
        'hard_link',
        `Path ${quotePath(requested)} is a hard link (it may be shared with a file outside the workspace), so it is never changed; write a new file instead.`,
      );
    }
    return stats;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Maps an open() failure caused by a last-moment swap (a symlink, a pipe) to a refusal. */
function openFailure(error: unknown, requested: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  // ELOOP: the last component became a symlink (O_NOFOLLOW). ENXIO: a FIFO with no reader.
  return code === 'ELOOP' || code === 'ENXIO' ? changedWhileUsed(requested) : error;
}

/**
 * Opens the existing regular file `target` (for reading, or reading and writing) without
 * following a last-moment symlink or blocking on a FIFO.
 */
export async function openExistingFile(
  target: WorkspacePath,
  requested: string,
  mode: 'read' | 'readwrite',
): Promise<OpenedFile> {
  const access = mode === 'read' ? constants.O_RDONLY : constants.O_RDWR;
  let handle: FileHandle;
  try {
    handle = await open(target.realPath, access | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    throw openFailure(error, requested);
  }
  const stats = await checkOpened(handle, target, requested, mode === 'readwrite');
  return { handle, stats, created: false };
}

/**
 * Creates the missing folders on the way to `target` (one level at a time: mkdir never follows
 * a symlink at its last component) and opens the file for writing, creating it when missing.
 * The file is not truncated: the caller replaces its contents once it is known to be safe.
 */
export async function openFileForWriting(
  target: WorkspacePath,
  requested: string,
): Promise<OpenedFile> {
  const missing = relative(target.existingParent, dirname(target.realPath));
  let folder = target.existingParent;
  for (const part of missing === '' ? [] : missing.split(sep)) {
    folder = join(folder, part);
    try {
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!(await lstat(folder)).isDirectory()) throw changedWhileUsed(requested);
    }
  }
  let handle: FileHandle;
  try {
    handle = await open(
      target.realPath,
      constants.O_WRONLY | constants.O_CREAT | O_NOFOLLOW | O_NONBLOCK,
      0o644,
    );
  } catch (error) {
    throw openFailure(error, requested);
  }
  const stats = await checkOpened(handle, target, requested, true);
  return { handle, stats, created: target.stats === undefined };
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
