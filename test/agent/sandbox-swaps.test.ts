import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { fdPathsWork } from '../../src/agent/fd-paths.js';
import {
  openExistingFile,
  openFileForWriting,
  resolveWorkspacePath,
  type WorkspacePath,
  withOpenedFolder,
} from '../../src/agent/sandbox.js';
import { buildHostileWorld, type HostileWorld } from './hostile-world.js';
import { SANDBOX_MODES, useSandboxMode } from './sandbox-modes.js';

// Every test runs twice: with folders anchored through /proc/self/fd (Linux), and as on a system
// without /proc (macOS, Windows), where each step is re-checked after it is taken.
vi.mock('../../src/agent/fd-paths.js', async (real) =>
  (await import('./sandbox-modes.js')).switchableProbe(await real()),
);

let world: HostileWorld;
beforeAll(async () => {
  world = await buildHostileWorld();
});
afterAll(() => world.dispose());

test.runIf(process.platform === 'linux')(
  'on Linux, folder entries are reached through /proc/self/fd',
  async () => {
    expect(await fdPathsWork()).toBe(true);
  },
);

describe.for(SANDBOX_MODES)('%s folders', (mode) => {
  beforeAll(() => useSandboxMode(mode));

  let scratch: string;
  let name: string;
  let outsideBefore: string;
  beforeEach(async () => {
    outsideBefore = await world.snapshotOutside();
    scratch = await mkdtemp(join(world.root, 'swaps-'));
    name = basename(scratch);
    await mkdir(join(scratch, 'dir'));
    await writeFile(join(scratch, 'dir', 'canary.txt'), 'inside\n');
  });
  afterEach(async () => {
    await rm(scratch, { recursive: true });
    // Whatever the test did, nothing beside the workspace changed.
    expect(await world.snapshotOutside()).toBe(outsideBefore);
  });

  /** Resolves `path` (under the scratch folder), then swaps scratch/dir for a symlink out. */
  const resolveThenSwap = async (path: string): Promise<WorkspacePath> => {
    const target = await resolveWorkspacePath(world.root, `${name}/${path}`);
    await rename(join(scratch, 'dir'), join(scratch, 'dir-real'));
    await symlink(world.outside, join(scratch, 'dir'));
    return target;
  };
  const changed = { refusal: 'changed' };

  test('reading a file through a folder swapped after it was resolved', async () => {
    const target = await resolveThenSwap('dir/canary.txt');
    await expect(openExistingFile(target, 'dir/canary.txt', 'read')).rejects.toMatchObject(changed);
    await expect(openExistingFile(target, 'dir/canary.txt', 'readwrite')).rejects.toMatchObject(
      changed,
    );
  });

  test('creating a file in a folder swapped after it was resolved', async () => {
    const target = await resolveThenSwap('dir/new.txt');
    await expect(openFileForWriting(target, 'dir/new.txt')).rejects.toMatchObject(changed);
    expect(existsSync(join(world.outside, 'new.txt'))).toBe(false);
  });

  test('creating parent folders under a folder swapped after it was resolved', async () => {
    const target = await resolveThenSwap('dir/a/b/new.txt');
    expect(target.existingParent).toBe(join(scratch, 'dir'));
    await expect(openFileForWriting(target, 'dir/a/b/new.txt')).rejects.toMatchObject(changed);
    expect(existsSync(join(world.outside, 'a'))).toBe(false);
  });

  test('listing a folder swapped after it was resolved', async () => {
    const target = await resolveThenSwap('dir');
    await expect(
      withOpenedFolder(target, 'dir', (folder) => folder.entries()),
    ).rejects.toMatchObject(changed);
  });

  test('a folder swapped while it is open', async () => {
    const target = await resolveWorkspacePath(world.root, `${name}/dir`);
    const listing = withOpenedFolder(target, 'dir', async (folder) => {
      await rename(join(scratch, 'dir'), join(scratch, 'dir-real'));
      await symlink(world.outside, join(scratch, 'dir'));
      return (await folder.entries()).map((entry) => entry.name);
    });
    if (mode === 'anchored') {
      // The open folder is the folder that was checked, wherever it has gone since.
      expect(await listing).toEqual(['canary.txt']);
    } else {
      await expect(listing).rejects.toMatchObject(changed);
    }
  });

  test('a folder other users can change is refused where folders cannot be anchored', async () => {
    await chmod(join(scratch, 'dir'), 0o777);
    const resolving = resolveWorkspacePath(world.root, `${name}/dir/canary.txt`);
    if (mode === 'anchored') {
      expect((await resolving).stats?.isFile()).toBe(true);
    } else {
      await expect(resolving).rejects.toMatchObject({
        refusal: 'shared_folder',
        message: expect.stringMatching(/goes through a folder that other users can change/),
      });
    }
  });

  test('folders the tools create are private whatever the umask, so they stay usable', async () => {
    const umask = process.umask(0o002);
    try {
      const path = `${name}/dir/made/deeper/new.txt`;
      const opened = await openFileForWriting(await resolveWorkspacePath(world.root, path), path);
      await opened.handle.close();
      const made = await resolveWorkspacePath(world.root, path);
      expect(made.stats?.isFile()).toBe(true);
      expect(await readFile(join(scratch, 'dir/made/deeper/new.txt'), 'utf8')).toBe('');
    } finally {
      process.umask(umask);
    }
  });
});
