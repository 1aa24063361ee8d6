import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../input/input-error.js';

/** The folders a call's workspace must lie in, and where that rule comes from. */
export interface AllowedRoots {
  folders: string[];
  source: 'client' | 'cwd';
}

/** What the server knows of the client's MCP roots. */
export interface ClientRoots {
  /** Whether the client declared the `roots` capability. */
  declared: boolean;
  /** Its roots/list answer (only asked when declared). */
  list(): Promise<{ roots: { uri: string }[] }>;
}

/** How long the client has to answer roots/list. */
export const LIST_ROOTS_TIMEOUT_MS = 10_000;

/**
 * The roots the client declares (MCP roots/list, `file://` URIs only), else the server's working
 * directory. A client that declares roots but does not list them in time cannot be served.
 */
export async function allowedRoots(client: ClientRoots, cwd: string): Promise<AllowedRoots> {
  if (!client.declared) return { folders: [await realpath(cwd)], source: 'cwd' };
  let listed: { roots: { uri: string }[] };
  try {
    listed = await client.list();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError(
      `The client declares MCP roots but did not list them (roots/list: ${why}); the workspace cannot be checked against them.`,
    );
  }
  const folders: string[] = [];
  for (const { uri } of listed.roots) {
    if (!uri.startsWith('file://')) continue;
    // A root that does not exist (yet) allows nothing.
    const folder = await realpath(fileURLToPath(uri)).catch(() => undefined);
    if (folder !== undefined) folders.push(folder);
  }
  return { folders, source: 'client' };
}

/** Whether `path` is `folder` or inside it (both real, absolute paths). */
function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The filesystem root, the home folder, or a folder holding the home folder (/home, /Users). */
function broadFolder(path: string, home: string): string | undefined {
  if (dirname(path) === path) return 'the filesystem root';
  if (path === home) return 'your home folder';
  if (isWithin(home, path)) return `a folder that holds your home folder (${home})`;
  return undefined;
}

/**
 * Refuses a workspace (a real path) outside the allowed roots, and — unless `allowHomeAndRoot` —
 * one that is the filesystem root, the home folder or a folder above it: the agent's file tools
 * could read and change everything there.
 */
export async function checkWorkspaceAllowed(
  workspace: string,
  roots: AllowedRoots,
  options: { allowHomeAndRoot: boolean; home?: string },
): Promise<void> {
  const home = await realpath(options.home ?? homedir()).catch(() => options.home ?? homedir());
  const broad = broadFolder(workspace, home);
  if (broad && !options.allowHomeAndRoot) {
    throw new InputError(
      `The workspace ${workspace} is ${broad}: the agent could read and change everything in it. Give a project folder, or start the server with \`nanograde mcp --allow-home-and-root\`.`,
    );
  }
  if (roots.folders.some((folder) => isWithin(workspace, folder))) return;
  const where =
    roots.source === 'client'
      ? roots.folders.length === 0
        ? 'the client lists no file:// roots'
        : `the client's roots: ${roots.folders.join(', ')}`
      : `the server's working directory, ${roots.folders.join(', ')} (a client that declares MCP roots can allow others)`;
  throw new InputError(
    `The workspace ${workspace} is outside the folders this server may work in (${where}); give a folder inside one of them.`,
  );
}
