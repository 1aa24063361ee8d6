import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/input-error.js';
import { allowedRoots, checkWorkspaceAllowed } from '../../src/mcp/allowed-roots.js';

describe('which folders an MCP call may work in', () => {
  let base: string;
  let home: string;
  beforeAll(async () => {
    base = await realpath(await mkdtemp(join(tmpdir(), 'nanograde-roots-')));
    home = join(base, 'home', 'ada');
    await mkdir(join(home, 'project'), { recursive: true });
    await mkdir(join(base, 'work', 'repo'), { recursive: true });
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  it("is the client's file:// roots when it declares them, else the working directory", async () => {
    const listed = {
      roots: [
        { uri: pathToFileURL(join(home, 'project')).href },
        { uri: 'https://example.com/repo' },
        { uri: pathToFileURL(join(base, 'gone')).href },
      ],
    };
    expect(await allowedRoots({ declared: true, list: async () => listed }, base)).toEqual({
      folders: [join(home, 'project')],
      source: 'client',
    });
    const notAsked = async () => {
      throw new Error('roots/list must not be sent to a client without the capability');
    };
    expect(await allowedRoots({ declared: false, list: notAsked }, base)).toEqual({
      folders: [base],
      source: 'cwd',
    });
  });

  it('refuses when a client that declares roots does not list them', async () => {
    const silent = { declared: true, list: () => Promise.reject(new Error('Request timed out')) };
    await expect(allowedRoots(silent, base)).rejects.toThrow(
      'The client declares MCP roots but did not list them (roots/list: Request timed out)',
    );
  });

  const roots = () => ({ folders: [join(base, 'work')], source: 'cwd' as const });
  it.for([
    ['/', 'the filesystem root'],
    ['home', 'your home folder'],
    ['home/..', 'a folder that holds your home folder'],
  ])('refuses %s as %s unless --allow-home-and-root', async ([where, what]) => {
    const path = where === '/' ? '/' : join(home, where === 'home' ? '' : '..');
    const everything = { folders: ['/'], source: 'client' as const };
    const refused = checkWorkspaceAllowed(path, everything, { allowHomeAndRoot: false, home });
    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(refused).rejects.toThrow(`is ${what}`);
    await expect(
      checkWorkspaceAllowed(path, everything, { allowHomeAndRoot: true, home }),
    ).resolves.toBeUndefined();
  });

  it('allows a folder inside a root, and the root itself; refuses one beside it', async () => {
    const options = { allowHomeAndRoot: false, home };
    await expect(checkWorkspaceAllowed(join(base, 'work', 'repo'), roots(), options)).resolves.toBe(
      undefined,
    );
    await expect(
      checkWorkspaceAllowed(join(base, 'work'), roots(), options),
    ).resolves.toBeUndefined();
    await expect(
      checkWorkspaceAllowed(join(base, 'work-sibling'), roots(), options),
    ).rejects.toThrow(/is outside the folders this server may work in/);
  });
});
