import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Text that only exists outside the workspace: no tool result may ever contain it. */
export const SECRET = 'CANARY-SECRET';
/** A file name that only exists outside the workspace: no listing may ever show it. */
export const SECRET_NAME = 'outside-secret-name.txt';

/**
 * A temp folder holding a workspace full of traps and, beside it, what they point at:
 *
 *   base/outside/        canary.txt, secret-dir/outside-secret-name.txt
 *   base/ws-evil/        canary.txt (the root-prefix trick: "/…/ws-evil" starts with "/…/ws")
 *   base/ws-alias -> ws  the root under another name (like macOS's /tmp -> /private/tmp)
 *   base/ws/             the workspace root, with symlinks out, loops, a FIFO and a socket
 */
export interface HostileWorld {
  base: string;
  root: string;
  outside: string;
  alias: string;
  /** Everything under base except the workspace, as text: equal snapshots = nothing outside changed. */
  snapshotOutside(): Promise<string>;
  dispose(): Promise<void>;
}

/** A listing of `folder` with each file's hash and each symlink's target, skipping `skip`. */
async function snapshotTree(folder: string, skip: string): Promise<string> {
  const lines: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const path = join(dir, name);
      if (path === skip) continue;
      const stats = await lstat(path);
      if (stats.isSymbolicLink()) lines.push(`${path} -> ${await readlink(path)}`);
      else if (stats.isDirectory()) {
        lines.push(`${path}/`);
        await visit(path);
      } else {
        const hash = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
        lines.push(`${path} ${stats.size} ${stats.mtimeMs} ${hash}`);
      }
    }
  };
  await visit(folder);
  return lines.join('\n');
}

/** Builds the hostile world in a fresh temp folder. */
export async function buildHostileWorld(): Promise<HostileWorld> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'nanograde-sandbox-')));
  const root = join(base, 'ws');
  const outside = join(base, 'outside');
  const evil = join(base, 'ws-evil');
  const alias = join(base, 'ws-alias');

  await mkdir(join(outside, 'secret-dir'), { recursive: true });
  await writeFile(join(outside, 'canary.txt'), `${SECRET} outside\n`);
  await writeFile(join(outside, 'secret-dir', SECRET_NAME), `${SECRET} deep\n`);
  await mkdir(evil);
  await writeFile(join(evil, 'canary.txt'), `${SECRET} evil\n`);

  await mkdir(join(root, 'sub', 'deeper'), { recursive: true });
  await writeFile(join(root, 'notes.txt'), 'hello\n');
  await symlink(root, alias);

  const links: [string, string][] = [
    ['link-file', join(outside, 'canary.txt')],
    ['link-dir', outside],
    ['sub/deeper/link-out', join(outside, 'canary.txt')],
    ['rel-link', '../outside/canary.txt'],
    ['parent-link', '..'],
    ['sub/up-link', '../..'],
    ['sub/hop', '../link-dir'],
    ['chain1', 'chain2'],
    ['chain2', 'sub/chain3'],
    ['sub/chain3', join(outside, 'canary.txt')],
    ['dangling-abs', join(outside, 'ghost-abs.txt')],
    ['dangling-rel', '../outside/ghost-rel.txt'],
    ['dangling-chain', 'dangling-abs'],
    ['dangling-dir', join(outside, 'ghost-dir')],
    ['evil-link', evil],
    ['loop-a', 'loop-b'],
    ['loop-b', 'loop-a'],
    ['self-loop', 'self-loop'],
    ['zero-link', '/dev/zero'],
    ['null-link', '/dev/null'],
    ['dev-link', '/dev'],
    ['etc-link', '/etc'],
    // Symlinks that stay inside: these must keep working.
    ['inside-link', 'notes.txt'],
    ['inside-dir-link', 'sub'],
    ['root-link', root],
    ['sub/up', '..'],
    ['dangling-inside', 'sub/created-through-link.txt'],
  ];
  for (const [path, target] of links) await symlink(target, join(root, path));

  execFileSync('mkfifo', [join(root, 'pipe')]);
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(join(root, 'sock'), resolve));

  return {
    base,
    root,
    outside,
    alias,
    snapshotOutside: () => snapshotTree(base, root),
    async dispose() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(base, { recursive: true, force: true });
    },
  };
}
