import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  link,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { executeToolCall } from '../../src/agent/file-tools.js';
import {
  isInside,
  openExistingFile,
  openFileForWriting,
  resolveWorkspacePath,
  SandboxError,
} from '../../src/agent/sandbox.js';
import { buildHostileWorld, type HostileWorld, SECRET } from './hostile-world.js';

const call = (root: string, name: string, args: Record<string, unknown>) =>
  executeToolCall(root, { id: 'call_1', name, arguments: JSON.stringify(args) });

describe('isInside', () => {
  test.for([
    ['/tmp/ws', '/tmp/ws', true],
    ['/tmp/ws', '/tmp/ws/a/b', true],
    ['/tmp/ws', '/tmp/ws/..a', true],
    ['/tmp/ws', '/tmp/ws-evil', false],
    ['/tmp/ws', '/tmp/ws-evil/x', false],
    ['/tmp/ws', '/tmp', false],
    ['/tmp/ws', '/etc/passwd', false],
  ] as const)('%s contains %s: %s', ([base, path, inside]) => {
    expect(isInside(base, path)).toBe(inside);
  });
});

let world: HostileWorld;
let outsideBefore: string;
beforeAll(async () => {
  world = await buildHostileWorld();
  outsideBefore = await world.snapshotOutside();
});
afterAll(() => world.dispose());
afterEach(async () => {
  // Whatever a test did inside, nothing beside the workspace changed.
  expect(await world.snapshotOutside()).toBe(outsideBefore);
});

describe('resolveWorkspacePath', () => {
  test('a plain relative path', async () => {
    const resolved = await resolveWorkspacePath(world.root, 'notes.txt');
    expect(resolved).toMatchObject({
      realRoot: world.root,
      realPath: join(world.root, 'notes.txt'),
      displayPath: 'notes.txt',
      viaSymlink: false,
      existingParent: world.root,
    });
    expect(resolved.stats?.isFile()).toBe(true);
  });

  test('a missing path keeps its deepest existing folder, for creating the rest', async () => {
    const resolved = await resolveWorkspacePath(world.root, 'sub/new/deeper/file.txt');
    expect(resolved.stats).toBeUndefined();
    expect(resolved.realPath).toBe(join(world.root, 'sub/new/deeper/file.txt'));
    expect(resolved.existingParent).toBe(join(world.root, 'sub'));
  });

  test('a symlink inside resolves to its target and says it was one', async () => {
    const resolved = await resolveWorkspacePath(world.root, 'inside-link');
    expect(resolved.realPath).toBe(join(world.root, 'notes.txt'));
    expect(resolved.displayPath).toBe('inside-link');
    expect(resolved.viaSymlink).toBe(true);
  });

  test('the root given by an alias: both spellings of an absolute path work', async () => {
    for (const path of [`${world.alias}/sub`, `${world.root}/sub`]) {
      const resolved = await resolveWorkspacePath(world.alias, path);
      expect(resolved.realRoot).toBe(world.root);
      expect(resolved.realPath).toBe(join(world.root, 'sub'));
      expect(resolved.displayPath).toBe('sub');
    }
  });

  test('empty paths: refused, or the root when asked for', async () => {
    await expect(resolveWorkspacePath(world.root, '')).rejects.toMatchObject({
      refusal: 'empty',
    });
    await expect(resolveWorkspacePath(world.root, '   ')).rejects.toBeInstanceOf(SandboxError);
    const root = await resolveWorkspacePath(world.root, '', { emptyMeansRoot: true });
    expect(root.realPath).toBe(world.root);
    expect(root.displayPath).toBe('.');
  });

  test('each refusal says why', async () => {
    const refusalOf = (path: string) =>
      resolveWorkspacePath(world.root, path).then(
        () => 'resolved',
        (error: SandboxError) => error.refusal,
      );
    expect(await refusalOf('../x')).toBe('outside');
    expect(await refusalOf('link-dir/x')).toBe('symlink_outside');
    expect(await refusalOf('loop-a')).toBe('symlink_loop');
    expect(await refusalOf('a\0b')).toBe('nul_byte');
    expect(await refusalOf('pipe')).toBe('special_file');
  });

  test('a path through a file is a plain not-found error, not a refusal', async () => {
    const error = await resolveWorkspacePath(world.root, 'notes.txt/x').catch((e: Error) => e);
    expect(error).not.toBeInstanceOf(SandboxError);
    expect((error as Error).message).toBe(
      'Path "notes.txt/x" does not exist: a part of it is a file, not a folder.',
    );
  });
});

describe('symlinks and absolute paths that stay inside keep working', () => {
  test('read through a symlink to a file inside', async () => {
    const result = await call(world.root, 'read_file', { file_path: 'inside-link' });
    expect(result).toMatchObject({ ok: true, content: 'hello\n' });
  });

  test('list through a symlink to a folder inside', async () => {
    const result = await call(world.root, 'list_directory', { directory_path: 'inside-dir-link' });
    expect(result.ok).toBe(true);
    expect(result.content.split('\n')[0]).toBe('Folder inside-dir-link/ has 5 entries:');
    expect(result.content).toContain('\ndeeper/\n');
  });

  test('an absolute symlink to the root itself, then a child', async () => {
    const result = await call(world.root, 'read_file', { file_path: 'root-link/notes.txt' });
    expect(result).toMatchObject({ ok: true, content: 'hello\n' });
  });

  test('a symlink whose target climbs with .. but stays inside', async () => {
    const result = await call(world.root, 'read_file', { file_path: 'sub/up/notes.txt' });
    expect(result).toMatchObject({ ok: true, content: 'hello\n' });
  });

  test('a lexical .. that stays inside', async () => {
    const result = await call(world.root, 'read_file', { file_path: 'sub/deeper/../../notes.txt' });
    expect(result).toMatchObject({ ok: true, content: 'hello\n' });
  });

  test('absolute paths inside the root, by its real path and by the alias it was given as', async () => {
    const real = await call(world.alias, 'read_file', { file_path: `${world.root}/notes.txt` });
    const alias = await call(world.alias, 'read_file', { file_path: `${world.alias}/notes.txt` });
    expect(real).toMatchObject({ ok: true, content: 'hello\n' });
    expect(alias).toMatchObject({ ok: true, content: 'hello\n' });
  });

  test('write through a dangling symlink that points inside creates its target inside', async () => {
    const result = await call(world.root, 'write_file', {
      file_path: 'dangling-inside',
      content: 'made',
    });
    expect(result).toMatchObject({ ok: true, content: 'Wrote 4 bytes to dangling-inside' });
    expect(await readFile(join(world.root, 'sub/created-through-link.txt'), 'utf8')).toBe('made');
    await rm(join(world.root, 'sub/created-through-link.txt'));
  });
});

describe('odd-looking paths are literal names inside the workspace', () => {
  // On POSIX none of these is a traversal: `~` is not expanded, `\` is not a separator and
  // %2e is not decoded. They are created as the literal names they are, inside the root.
  test.for([
    { path: '~/nanograde-tilde-probe.txt', created: ['~', 'nanograde-tilde-probe.txt'] },
    { path: '..\\..\\evil.txt', created: ['..\\..\\evil.txt'] },
    { path: '%2e%2e/%2e%2e/evil.txt', created: ['%2e%2e', '%2e%2e', 'evil.txt'] },
    { path: '....//evil.txt', created: ['....', 'evil.txt'] },
    { path: '.../evil.txt', created: ['...', 'evil.txt'] },
    { path: ' ../evil.txt', created: [' ..', 'evil.txt'] },
    { path: '\u2025/evil.txt', created: ['\u2025', 'evil.txt'] },
    { path: 'file:///etc/passwd', created: ['file:', 'etc', 'passwd'] },
  ])('$path', async ({ path, created }) => {
    const write = await call(world.root, 'write_file', { file_path: path, content: 'literal' });
    expect(write).toMatchObject({ ok: true, content: `Wrote 7 bytes to ${created.join('/')}` });
    expect(await readFile(join(world.root, ...created), 'utf8')).toBe('literal');
    const read = await call(world.root, 'read_file', { file_path: path });
    expect(read).toMatchObject({ ok: true, content: 'literal' });
    expect(existsSync(join(homedir(), 'nanograde-tilde-probe.txt'))).toBe(false);
    expect(existsSync(join(world.base, 'evil.txt'))).toBe(false);
    await rm(join(world.root, created[0] as string), { recursive: true });
  });

  test('a path deeper than the file system allows is refused before any folder is made', async () => {
    const path = `${'d/'.repeat(2100)}file.txt`;
    const result = await call(world.root, 'write_file', { file_path: path, content: 'x' });
    expect(result.error).toMatch(
      /^write_file failed: "(d\/){100}…" is too long for the file system/,
    );
    expect(existsSync(join(world.root, 'd'))).toBe(false);
  });

  test('a path too long for the file system is a clear error and creates nothing', async () => {
    const path = `${'x'.repeat(300)}/file.txt`;
    const result = await call(world.root, 'write_file', { file_path: path, content: 'x' });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^write_file failed: "x{200}…" is too long for the file system/);
  });
});

describe('hard links are never read or written', () => {
  let linked: string;
  beforeEach(async () => {
    linked = join(world.root, 'hard-link.txt');
    await link(join(world.outside, 'canary.txt'), linked);
  });
  afterEach(() => rm(linked));

  test.for([
    ['write_file', { file_path: 'hard-link.txt', content: 'PWNED' }],
    ['edit_file', { file_path: 'hard-link.txt', old_str: SECRET, new_str: 'PWNED' }],
  ] as const)('%s', async ([tool, args]) => {
    const result = await call(world.root, tool, args);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^Path "hard-link.txt" is a hard link .* so it is never changed/);
    expect(await readFile(join(world.outside, 'canary.txt'), 'utf8')).toBe(`${SECRET} outside\n`);
  });

  test('read_file refuses, saying why', async () => {
    const result = await call(world.root, 'read_file', { file_path: 'hard-link.txt' });
    expect(result).toMatchObject({
      ok: false,
      error:
        'Path "hard-link.txt" is a hard link (it may be shared with a file outside the workspace), so it is never read; ask the user for a plain copy if you need its content.',
    });
  });

  test('get_file_info and list_directory name it without reading it', async () => {
    const info = await call(world.root, 'get_file_info', { file_path: 'hard-link.txt' });
    expect(info.content).toMatch(
      /^path: hard-link\.txt\ntype: file\nsize: \d+ bytes\nmodified: .*\nlinks: 2 \(a hard link: the file tools do not read or change it\)$/,
    );
    const listing = await call(world.root, 'list_directory', {});
    expect(listing.content).toContain('\nhard-link.txt (hard link; not accessible)\n');
    expect(listing.content).not.toContain(SECRET);
  });

  test('a link between two files inside is refused too: nothing tells where the other names are', async () => {
    await link(join(world.root, 'notes.txt'), join(world.root, 'notes-again.txt'));
    try {
      const result = await call(world.root, 'read_file', { file_path: 'notes.txt' });
      expect(result.error).toMatch(/^Path "notes.txt" is a hard link/);
    } finally {
      await rm(join(world.root, 'notes-again.txt'));
    }
    expect(await call(world.root, 'read_file', { file_path: 'notes.txt' })).toMatchObject({
      ok: true,
      content: 'hello\n',
    });
  });
});

describe('a path swapped after it was checked is refused at open (TOCTOU)', () => {
  let scratch: string;
  beforeEach(async () => {
    scratch = await mkdtemp(join(world.root, 'scratch-'));
    await writeFile(join(scratch, 'file.txt'), 'inside\n');
  });
  afterEach(() => rm(scratch, { recursive: true }));

  const swapTo = async (kind: 'symlink' | 'fifo' | 'other-file') => {
    const path = join(scratch, 'file.txt');
    if (kind === 'other-file') {
      // Written before the old file goes, so it cannot reuse its inode number.
      await writeFile(join(scratch, 'other.txt'), 'other\n');
      await rename(join(scratch, 'other.txt'), path);
      return;
    }
    await rm(path);
    if (kind === 'symlink') await symlink(join(world.outside, 'canary.txt'), path);
    if (kind === 'fifo') execFileSync('mkfifo', [path]);
  };

  test.for(['symlink', 'fifo', 'other-file'] as const)(
    'read after a swap to a %s',
    async (kind) => {
      const target = await resolveWorkspacePath(scratch, 'file.txt');
      await swapTo(kind);
      await expect(openExistingFile(target, 'file.txt', 'read')).rejects.toMatchObject({
        refusal: 'changed',
      });
    },
  );

  test.for(['symlink', 'fifo'] as const)('write after a swap to a %s', async (kind) => {
    const target = await resolveWorkspacePath(scratch, 'file.txt');
    await swapTo(kind);
    await expect(openFileForWriting(target, 'file.txt')).rejects.toMatchObject({
      refusal: 'changed',
    });
    expect(await readFile(join(world.outside, 'canary.txt'), 'utf8')).toBe(`${SECRET} outside\n`);
  });

  test('creating a file whose name became a dangling symlink out', async () => {
    const target = await resolveWorkspacePath(scratch, 'new.txt');
    await symlink(join(world.outside, 'ghost-late.txt'), join(scratch, 'new.txt'));
    await expect(openFileForWriting(target, 'new.txt')).rejects.toMatchObject({
      refusal: 'changed',
    });
    expect(existsSync(join(world.outside, 'ghost-late.txt'))).toBe(false);
  });

  test('a missing parent folder that became a symlink out is not followed by mkdir', async () => {
    const target = await resolveWorkspacePath(scratch, 'newdir/file.txt');
    await symlink(world.outside, join(scratch, 'newdir'));
    await expect(openFileForWriting(target, 'newdir/file.txt')).rejects.toMatchObject({
      refusal: 'changed',
    });
    expect(existsSync(join(world.outside, 'file.txt'))).toBe(false);
  });
});

test.runIf(process.platform === 'linux')(
  'every tool closes the folders and files it opens, whether it succeeds or refuses',
  async () => {
    const openDescriptors = async () => (await readdir('/proc/self/fd')).length;
    const before = await openDescriptors();
    const paths = ['notes.txt', 'sub', 'sub/up/notes.txt', 'root-link/sub', 'new/deep/x.txt'];
    paths.push('link-dir/canary.txt', 'loop-a', 'pipe', 'notes.txt/x', 'missing/x', 'dangling-abs');
    const results = [];
    for (const file_path of paths) {
      results.push(
        await call(world.root, 'read_file', { file_path }),
        await call(world.root, 'list_directory', { directory_path: file_path }),
        await call(world.root, 'get_file_info', { file_path }),
        await call(world.root, 'edit_file', { file_path, old_str: 'hello', new_str: 'hello' }),
        await call(world.root, 'write_file', { file_path, content: 'hello\n' }),
      );
    }
    // Both kinds happened: tools that worked and tools that refused.
    expect(results.filter((result) => result.ok).length).toBeGreaterThan(10);
    expect(results.filter((result) => !result.ok).length).toBeGreaterThan(10);
    expect(results.some((result) => result.error?.startsWith('Invalid arguments'))).toBe(false);
    expect(await openDescriptors()).toBe(before);
    await rm(join(world.root, 'new'), { recursive: true });
  },
);

test('the sandbox follows at most 40 symlinks, like the kernel', async () => {
  const folder = await realpath(await mkdtemp(join(tmpdir(), 'nanograde-hops-')));
  try {
    await writeFile(join(folder, 'end.txt'), 'end');
    // link0 → link1 → … → linkN → end.txt: N+1 hops.
    const chain = async (length: number) => {
      for (let i = 0; i < length; i += 1) {
        const next = i === length - 1 ? 'end.txt' : `c${length}-${i + 1}`;
        await symlink(next, join(folder, `c${length}-${i}`));
      }
    };
    await chain(40);
    await chain(41);
    expect((await resolveWorkspacePath(folder, 'c40-0')).realPath).toBe(join(folder, 'end.txt'));
    await expect(resolveWorkspacePath(folder, 'c41-0')).rejects.toMatchObject({
      refusal: 'symlink_loop',
    });
  } finally {
    await rm(folder, { recursive: true });
  }
});
