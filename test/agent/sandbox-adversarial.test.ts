import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { executeToolCall } from '../../src/agent/file-tools.js';
import { buildHostileWorld, type HostileWorld, SECRET, SECRET_NAME } from './hostile-world.js';
import { SANDBOX_MODES, useSandboxMode } from './sandbox-modes.js';

// The whole table runs with folders anchored through /proc/self/fd (Linux) and as on a system
// without /proc (macOS, Windows).
vi.mock('../../src/agent/fd-paths.js', async (real) =>
  (await import('./sandbox-modes.js')).switchableProbe(await real()),
);

// The refusals, as the model reads them.
const OUTSIDE =
  /^Path ".*" is outside the workspace; use a path inside it, e\.g\. "notes\.txt"\.$/s;
const VIA_LINK =
  /^Path ".*" leads outside the workspace through a symbolic link; use a path inside it/s;
const LOOP =
  /^Path ".*" runs into a symbolic link loop \(more than 40 links\); it cannot be used\.$/s;
const NUL = /^Path ".*\\u0000.*" contains a NUL byte; use a plain path inside the workspace/s;
const FIFO =
  /^Path "pipe" is a FIFO \(named pipe\), not a regular file or folder; the file tools only work on regular files and folders\.$/;
const SOCKET = /^Path "sock" is a socket, not a regular file or folder/;

interface HostileCase {
  name: string;
  path: (world: HostileWorld) => string;
  refusal: RegExp;
  /** The target is a real system file: a write may only ever carry its current bytes. */
  systemFile?: string;
  /** Run with the workspace given by its alias (base/ws-alias → base/ws), not its real path. */
  viaAlias?: boolean;
}

const passwd = '/etc/passwd';

const cases: HostileCase[] = [
  { name: '..', path: () => '..', refusal: OUTSIDE },
  { name: '../', path: () => '../', refusal: OUTSIDE },
  { name: '../ sibling file', path: () => '../outside/canary.txt', refusal: OUTSIDE },
  { name: '../../etc/passwd', path: () => '../../etc/passwd', refusal: OUTSIDE },
  { name: 'dir/../../x', path: () => 'sub/../../outside/canary.txt', refusal: OUTSIDE },
  { name: 'missing/../../x', path: () => 'missing/../../outside/canary.txt', refusal: OUTSIDE },
  { name: './../x', path: () => './../outside/canary.txt', refusal: OUTSIDE },
  {
    name: 'a/./b/../../../x',
    path: () => 'sub/./deeper/../../../outside/canary.txt',
    refusal: OUTSIDE,
  },
  {
    name: 'very long ../ chain to /etc/passwd',
    path: () => `${'../'.repeat(64)}etc/passwd`,
    refusal: OUTSIDE,
    systemFile: passwd,
  },
  {
    name: 'very long path (10 KB) that climbs out at the end',
    path: () => `${'a/'.repeat(2000)}${'../'.repeat(2001)}outside/canary.txt`,
    refusal: OUTSIDE,
  },
  { name: '/etc/passwd', path: () => passwd, refusal: OUTSIDE, systemFile: passwd },
  { name: '/', path: () => '/', refusal: OUTSIDE },
  {
    name: 'absolute path to a file in a sibling dir',
    path: (w) => `${w.outside}/canary.txt`,
    refusal: OUTSIDE,
  },
  { name: 'absolute path to a sibling dir', path: (w) => w.outside, refusal: OUTSIDE },
  {
    name: 'root-prefix trick (<root>-evil)',
    path: (w) => `${w.root}-evil/canary.txt`,
    refusal: OUTSIDE,
  },
  {
    name: 'absolute <root>/../x',
    path: (w) => `${w.root}/../outside/canary.txt`,
    refusal: OUTSIDE,
  },
  {
    name: 'absolute <root>/sub/../../x',
    path: (w) => `${w.root}/sub/../../outside/canary.txt`,
    refusal: OUTSIDE,
  },
  {
    name: 'absolute through the root alias, then ../',
    path: (w) => `${w.alias}/../outside/canary.txt`,
    refusal: OUTSIDE,
    viaAlias: true,
  },
  {
    name: 'inside symlink dir then ../../ (climbs out lexically)',
    path: () => 'inside-dir-link/../../outside/canary.txt',
    refusal: OUTSIDE,
  },
  { name: '/dev/null', path: () => '/dev/null', refusal: OUTSIDE },
  { name: 'symlink file → outside', path: () => 'link-file', refusal: VIA_LINK },
  { name: 'symlink dir → outside', path: () => 'link-dir', refusal: VIA_LINK },
  {
    name: 'symlink dir → outside, existing child',
    path: () => 'link-dir/canary.txt',
    refusal: VIA_LINK,
  },
  {
    name: 'symlink dir → outside, new child',
    path: () => 'link-dir/new-file.txt',
    refusal: VIA_LINK,
  },
  {
    name: 'symlink dir → outside, subfolder',
    path: () => 'link-dir/secret-dir',
    refusal: VIA_LINK,
  },
  { name: 'symlink to outside at depth', path: () => 'sub/deeper/link-out', refusal: VIA_LINK },
  { name: 'relative symlink ../outside/x', path: () => 'rel-link', refusal: VIA_LINK },
  {
    name: 'symlink to the parent (..), then down',
    path: () => 'parent-link/outside/canary.txt',
    refusal: VIA_LINK,
  },
  {
    name: 'nested symlink ../.. then down',
    path: () => 'sub/up-link/outside/canary.txt',
    refusal: VIA_LINK,
  },
  {
    name: 'inside symlink to a symlink dir → outside',
    path: () => 'sub/hop/canary.txt',
    refusal: VIA_LINK,
  },
  { name: 'symlink chain ending outside', path: () => 'chain1', refusal: VIA_LINK },
  {
    name: 'lexical detour onto a symlink → outside',
    path: () => 'sub/deeper/../../link-file',
    refusal: VIA_LINK,
  },
  { name: 'dangling symlink → outside (absolute)', path: () => 'dangling-abs', refusal: VIA_LINK },
  { name: 'dangling symlink → outside (relative)', path: () => 'dangling-rel', refusal: VIA_LINK },
  {
    name: 'symlink to a dangling symlink → outside',
    path: () => 'dangling-chain',
    refusal: VIA_LINK,
  },
  {
    name: 'dangling symlink dir → outside, new child',
    path: () => 'dangling-dir/new.txt',
    refusal: VIA_LINK,
  },
  {
    name: 'symlink to the root-prefix sibling',
    path: () => 'evil-link/canary.txt',
    refusal: VIA_LINK,
  },
  {
    name: 'absolute through the root alias, then a symlink out',
    path: (w) => `${w.alias}/link-dir/canary.txt`,
    refusal: VIA_LINK,
    viaAlias: true,
  },
  { name: '/dev/zero via symlink', path: () => 'zero-link', refusal: VIA_LINK },
  { name: '/dev/null via symlink', path: () => 'null-link', refusal: VIA_LINK },
  { name: 'symlink to /dev, then null', path: () => 'dev-link/null', refusal: VIA_LINK },
  {
    name: 'symlink to /etc, then passwd',
    path: () => 'etc-link/passwd',
    refusal: VIA_LINK,
    systemFile: passwd,
  },
  { name: 'symlink loop a → b → a', path: () => 'loop-a', refusal: LOOP },
  { name: 'symlink to itself', path: () => 'self-loop', refusal: LOOP },
  { name: 'child of a symlink loop', path: () => 'loop-a/child', refusal: LOOP },
  {
    name: 'NUL byte hiding a traversal',
    path: () => 'notes.txt\0../../etc/passwd',
    refusal: NUL,
  },
  { name: 'trailing NUL byte', path: () => 'notes.txt\0', refusal: NUL },
  { name: 'FIFO (never opened)', path: () => 'pipe', refusal: FIFO },
  { name: 'unix socket', path: () => 'sock', refusal: SOCKET },
];

type ToolCase = {
  tool: string;
  args: (path: string, systemBytes: string | undefined) => Record<string, unknown>;
};

const tools: ToolCase[] = [
  { tool: 'read_file', args: (path) => ({ file_path: path }) },
  { tool: 'list_directory', args: (path) => ({ directory_path: path }) },
  { tool: 'get_file_info', args: (path) => ({ file_path: path }) },
  {
    tool: 'write_file',
    // A system file only ever gets its own bytes back, so even a broken sandbox changes nothing.
    args: (path, systemBytes) => ({ file_path: path, content: systemBytes ?? `PWNED ${SECRET}` }),
  },
  {
    tool: 'edit_file',
    // old_str is only in the canaries: on a system file a broken sandbox fails to match instead.
    args: (path) => ({ file_path: path, old_str: SECRET, new_str: 'PWNED' }),
  },
];

/** What is at `path` (type and content hash), following nothing; '' when nothing is there. */
async function stateOf(path: string): Promise<string> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats === undefined) return '';
  if (!stats.isFile()) return `${stats.mode} ${stats.rdev}`;
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

let world: HostileWorld;
let outsideBefore: string;

beforeAll(async () => {
  world = await buildHostileWorld();
  outsideBefore = await world.snapshotOutside();
});
afterAll(() => world.dispose());

test('the table holds at least 30 distinct hostile paths', () => {
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  expect(cases.length).toBeGreaterThanOrEqual(30);
});

describe.for(SANDBOX_MODES)('%s folders:', (mode) => {
  beforeAll(() => useSandboxMode(mode));

  describe.for(tools)('$tool refuses', ({ tool, args }) => {
    test.for(cases)('$name', async ({ path: pathOf, refusal, systemFile, viaAlias }) => {
      const path = pathOf(world);
      // Where the raw path would land if it were used as is: it must stay as it was.
      const lexical = path.includes('\0')
        ? undefined
        : isAbsolute(path)
          ? resolve(path)
          : resolve(world.root, path);
      const lexicalBefore = lexical === undefined ? '' : await stateOf(lexical);
      const systemBytes = systemFile === undefined ? undefined : await readFile(systemFile, 'utf8');

      const result = await executeToolCall(viaAlias ? world.alias : world.root, {
        id: 'call_1',
        name: tool,
        arguments: JSON.stringify(args(path, systemBytes)),
      });

      expect(result.ok).toBe(false);
      expect(result.error).toMatch(refusal);
      expect(result.content).toBe(result.error);
      expect(result.content).not.toContain(SECRET);
      expect(result.content).not.toContain(SECRET_NAME);
      expect(await world.snapshotOutside()).toBe(outsideBefore);
      if (lexical !== undefined) expect(await stateOf(lexical)).toBe(lexicalBefore);
      if (systemFile !== undefined) expect(await readFile(systemFile, 'utf8')).toBe(systemBytes);
    });
  });
});
