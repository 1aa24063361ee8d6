import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  link,
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
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { executeToolCall } from '../../src/agent/file-tools.js';
import { prepareWorkspace } from '../../src/agent/workspace.js';

/**
 * A hash of every path under `folder` with its type, each file's bytes and each link's target;
 * with `times`, also modes and modification times (a copy has its own).
 */
async function treeHash(folder: string, times = false): Promise<string> {
  const hash = createHash('sha256');
  const visit = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const stats = await lstat(path);
      const kind = stats.isSymbolicLink() ? 'l' : stats.isDirectory() ? 'd' : 'f';
      hash.update(
        `${relative(folder, path)}\0${kind}\0${times ? `${stats.mode} ${stats.mtimeMs}` : ''}\0`,
      );
      if (stats.isSymbolicLink()) hash.update(await readlink(path));
      else if (stats.isDirectory()) await visit(path);
      else hash.update(await readFile(path));
    }
  };
  await visit(folder);
  return hash.digest('hex');
}

let scratch: string;
let temp: string;
let source: string;
beforeEach(async () => {
  scratch = await realpath(await mkdtemp(join(tmpdir(), 'nanograde-wstest-')));
  // Workspaces go to a private TMPDIR, so the test sees exactly what was created there.
  temp = join(scratch, 'tmp');
  await mkdir(temp);
  vi.stubEnv('TMPDIR', temp);
  source = join(scratch, 'fixture');
  await mkdir(join(source, 'src', 'nested'), { recursive: true });
  await writeFile(join(source, 'README.md'), '# Fixture\n');
  await writeFile(join(source, 'src', 'index.ts'), 'export const x = 1;\n');
  await writeFile(join(source, 'src', 'nested', 'data.bin'), Buffer.from([0, 1, 2, 255]));
  await writeFile(join(source, '.hidden'), 'dot\n');
  await symlink('src/index.ts', join(source, 'index-link'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await rm(scratch, { recursive: true, force: true });
});

describe('prepareWorkspace', () => {
  test('copies the fixture into a fresh temp folder, byte for byte, symlinks kept relative', async () => {
    const workspace = await prepareWorkspace(source);
    expect(dirname(workspace.root)).toBe(temp);
    expect(workspace.root).toMatch(/\/nanograde-ws-[^/]+$/);
    expect(await treeHash(workspace.root)).toBe(await treeHash(source));
    expect((await readdir(workspace.root)).sort()).toEqual([
      '.hidden',
      'README.md',
      'index-link',
      'src',
    ]);
    expect(await readFile(join(workspace.root, 'src/nested/data.bin'))).toEqual(
      Buffer.from([0, 1, 2, 255]),
    );
    // Node's default would re-point the link at the source; verbatim keeps it inside the copy.
    expect(await readlink(join(workspace.root, 'index-link'))).toBe('src/index.ts');
    const viaLink = await executeToolCall(workspace.root, {
      id: '1',
      name: 'read_file',
      arguments: '{"file_path": "index-link"}',
    });
    expect(viaLink).toMatchObject({ ok: true, content: 'export const x = 1;\n' });
    await workspace.dispose();
  });

  test('isolates: the agent changing the copy leaves the source unchanged', async () => {
    const before = await treeHash(source, true);
    const workspace = await prepareWorkspace(source);
    const tool = (name: string, args: object) =>
      executeToolCall(workspace.root, { id: '1', name, arguments: JSON.stringify(args) });
    expect((await tool('write_file', { file_path: 'README.md', content: 'changed' })).ok).toBe(
      true,
    );
    expect((await tool('write_file', { file_path: 'src/new.ts', content: 'new' })).ok).toBe(true);
    expect(
      (await tool('edit_file', { file_path: 'index-link', old_str: 'x = 1', new_str: 'x = 2' })).ok,
    ).toBe(true);
    expect(await readFile(join(workspace.root, 'src/index.ts'), 'utf8')).toBe(
      'export const x = 2;\n',
    );
    expect(await treeHash(source, true)).toBe(before);
    await workspace.dispose();
  });

  test('hard links in the fixture become plain files: every copy has one link, so the tools read it', async () => {
    await link(join(source, 'README.md'), join(source, 'README-again.md'));
    const workspace = await prepareWorkspace(source);
    for (const name of ['README.md', 'README-again.md']) {
      expect((await lstat(join(workspace.root, name))).nlink).toBe(1);
      const read = await executeToolCall(workspace.root, {
        id: '1',
        name: 'read_file',
        arguments: JSON.stringify({ file_path: name }),
      });
      expect(read).toMatchObject({ ok: true, content: '# Fixture\n' });
    }
    await workspace.dispose();
  });

  test('two workspaces of one fixture are separate folders', async () => {
    const [a, b] = await Promise.all([prepareWorkspace(source), prepareWorkspace(source)]);
    expect(a.root).not.toBe(b.root);
    await writeFile(join(a.root, 'README.md'), 'only in a');
    expect(await readFile(join(b.root, 'README.md'), 'utf8')).toBe('# Fixture\n');
    await Promise.all([a.dispose(), b.dispose()]);
  });

  test('no source: an empty folder', async () => {
    const workspace = await prepareWorkspace();
    expect(await readdir(workspace.root)).toEqual([]);
    await workspace.dispose();
  });

  test('dispose removes the copy (and may be called twice)', async () => {
    const workspace = await prepareWorkspace(source);
    await workspace.dispose();
    expect(existsSync(workspace.root)).toBe(false);
    await workspace.dispose();
    expect(await readdir(temp)).toEqual([]);
  });

  test('keep: dispose leaves the copy and says where it is', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const workspace = await prepareWorkspace(source, { keep: true });
    await writeFile(join(workspace.root, 'debug.txt'), 'look at me');
    await workspace.dispose();
    expect(await readFile(join(workspace.root, 'debug.txt'), 'utf8')).toBe('look at me');
    expect(log).toHaveBeenCalledExactlyOnceWith(`nanograde: kept workspace ${workspace.root}`);
  });

  test('a missing source fails clearly, naming the path and what to do', async () => {
    const missing = join(scratch, 'no-such-fixture');
    await expect(prepareWorkspace(missing)).rejects.toThrow(
      `Workspace source ${missing} does not exist. Create it, or point the case's "workspace" at an existing fixture folder.`,
    );
    expect(await readdir(temp)).toEqual([]);
  });

  test('a relative source is taken from the current directory', async () => {
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(scratch);
    const workspace = await prepareWorkspace('fixture');
    expect(cwd).toHaveBeenCalled();
    expect(await readFile(join(workspace.root, 'README.md'), 'utf8')).toBe('# Fixture\n');
    await workspace.dispose();
  });

  test('a file as source fails clearly', async () => {
    const file = join(source, 'README.md');
    await expect(prepareWorkspace(file)).rejects.toThrow(
      `Workspace source ${file} is a file, not a folder.`,
    );
  });

  test('a fixture holding a FIFO fails to copy, clearly, and leaves no temp folder behind', async () => {
    execFileSync('mkfifo', [join(source, 'pipe')]);
    await expect(prepareWorkspace(source)).rejects.toThrow(
      new RegExp(
        `^Could not copy workspace source ${source} into a temp folder: .*Fixtures may hold only files, folders and symlinks`,
      ),
    );
    expect(await readdir(temp)).toEqual([]);
  });
});
