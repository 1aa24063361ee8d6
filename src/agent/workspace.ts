import { cp, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A private folder one agent run works in. */
export interface Workspace {
  /** Absolute real path of the folder (symlinks in the temp dir's path resolved). */
  root: string;
  /** Removes the folder, unless it was prepared with `keep` (then it says where it is). */
  dispose(): Promise<void>;
}

/** Options of prepareWorkspace. */
export interface PrepareWorkspaceOptions {
  /** Leave the folder in place on dispose(), for debugging; its path is logged to stderr. */
  keep?: boolean;
}

/** Fails with a clear message unless `source` is a readable folder. */
async function checkSource(source: string): Promise<void> {
  const fix = 'Create it, or point the case\'s "workspace" at an existing fixture folder';
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new Error(`Workspace source ${source} does not exist. ${fix}.`);
    }
    throw new Error(
      `Workspace source ${source} cannot be read (${code}). Check its permissions, or ${fix.toLowerCase()}.`,
    );
  }
  if (!stats.isDirectory()) {
    throw new Error(`Workspace source ${source} is a file, not a folder. ${fix}.`);
  }
}

/** Copies `source` (a fixture folder; or nothing → empty) into a fresh temp folder. */
export async function prepareWorkspace(
  source?: string,
  options: PrepareWorkspaceOptions = {},
): Promise<Workspace> {
  const from = source === undefined ? undefined : resolve(source);
  if (from !== undefined) await checkSource(from);

  const root = await realpath(await mkdtemp(join(tmpdir(), 'nanograde-ws-')));
  if (from !== undefined) {
    try {
      // verbatimSymlinks keeps a fixture's relative links relative (Node would otherwise point
      // them back into the source); links that lead out stay out, and the sandbox refuses them.
      // Files are copied, never linked: each copy has one link, so the sandbox's hard-link rule
      // (src/agent/sandbox.ts) never refuses a file of a private workspace.
      await cp(from, root, { recursive: true, verbatimSymlinks: true, force: false });
    } catch (error) {
      await rm(root, { recursive: true, force: true });
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Could not copy workspace source ${from} into a temp folder: ${reason}. Fixtures may hold only files, folders and symlinks, all readable.`,
      );
    }
  }

  let disposed = false;
  return {
    root,
    async dispose() {
      if (options.keep) {
        if (!disposed) console.error(`nanograde: kept workspace ${root}`);
      } else {
        await rm(root, { recursive: true, force: true });
      }
      disposed = true;
    },
  };
}
