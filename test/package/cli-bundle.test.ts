/**
 * The `nanograde` binary is one bundle (scripts/build/cli-bundle.ts): what it may load at run
 * time, that its light commands load nothing from node_modules, that the licenses of what it
 * bundles ship with it, and that a test tool reaching it fails the build.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundledPackageLicenses } from '../../scripts/build/cli-bundle.js';
import { BUILT_CLI_KEY } from '../build-dist.global-setup.js';
import { REPO_ROOT } from '../e2e/run-vitest.js';
import { closedPortUrl } from '../fakes/test-support.js';
import { INITIALIZE_LINE } from '../mcp/built-server.js';
import { importedSpecifiers } from './imported-specifiers.js';

let bin: string;
let dist: string;
let hookDir: string;

beforeAll(async () => {
  bin = inject(BUILT_CLI_KEY);
  dist = dirname(dirname(bin));
  hookDir = await mkdtemp(join(tmpdir(), 'nanograde-cli-bundle-'));
  // Notes every file Node loads as a module, to stderr. Written at once (writeSync): the hooks
  // run on a thread of their own, whose buffered writes are lost when the command exits first.
  await writeFile(
    join(hookDir, 'hook.mjs'),
    "import { writeSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) writeSync(2, 'loaded-module ' + url + '\\n');\n  return next(url, context);\n}\n",
  );
  await writeFile(
    join(hookDir, 'register.mjs'),
    "import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n",
  );
});

afterAll(async () => {
  await rm(hookDir, { recursive: true, force: true });
});

/** The module files `nanograde <args>` loads, given `input` on stdin (a server ends with it). */
async function loadedModules(args: string[], input = ''): Promise<string[]> {
  const env = { PATH: process.env.PATH ?? '', OLLAMA_HOST: await closedPortUrl() };
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(join(hookDir, 'register.mjs')).href, bin, ...args],
    { env, stdio: 'pipe' },
  );
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stdin.end(input);
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect({ code, answered: stdout.length > 0 }, stderr).toEqual({ code: 0, answered: true });
  return [...stderr.matchAll(/loaded-module (\S+)/g)].map((match) => match[1] as string);
}

describe('the bundled nanograde binary', () => {
  it('imports only Node built-ins and the OpenAI and Anthropic SDKs (on first use)', async () => {
    const files = [
      bin,
      ...(await readdir(join(dist, 'bin'))).map((name) => join(dist, 'bin', name)),
    ];
    const specifiers = new Set<string>();
    for (const file of files.filter((name) => name.endsWith('.js')))
      for (const specifier of importedSpecifiers(await readFile(file, 'utf8'), 'js'))
        specifiers.add(specifier);
    const outside = [...specifiers].filter(
      (specifier) =>
        !specifier.startsWith('./') &&
        !specifier.startsWith('../') &&
        !specifier.startsWith('node:') &&
        !builtinModules.includes(specifier),
    );
    expect(outside.sort(), [...specifiers].join(' ')).toEqual(['@anthropic-ai/sdk', 'openai']);
  });

  it.each([
    ['models', ['models'], ''],
    ['mcp, to its first reply', ['mcp'], INITIALIZE_LINE],
  ])(
    '%s loads every module from the bundle, none from node_modules',
    async (_name, args, input) => {
      const loaded = await loadedModules(args, input);
      expect(loaded.length).toBeGreaterThan(1);
      const distUrl = pathToFileURL(dist).href;
      expect(loaded.filter((url) => !url.startsWith(distUrl))).toEqual([]);
    },
  );

  it("ships the licenses of the packages it bundles, each package's own text", async () => {
    const licenses = await readFile(join(dist, 'bin', 'THIRD-PARTY-LICENSES.md'), 'utf8');
    const headings = [...licenses.matchAll(/^## (\S+)@\S+ \(([^)]+)\)$/gm)];
    const names = headings.map((match) => match[1]);
    for (const name of [
      'zod',
      'ollama',
      '@modelcontextprotocol/server',
      '@modelcontextprotocol/core',
    ])
      expect(names).toContain(name);
    for (const [, name] of headings) {
      const packageDir = join(REPO_ROOT, 'node_modules', name as string);
      const licenseFile = (await readdir(packageDir)).find((file) => /^licen[cs]e/i.test(file));
      const text = await readFile(join(packageDir, licenseFile as string), 'utf8');
      expect(licenses, name).toContain(text.trim());
    }
  });
});

describe('building the bundle', () => {
  it('fails when a test tool reaches it, naming the package', async () => {
    // Inside the repository, so `msw` resolves as it would from src/.
    const dir = await mkdtemp(join(REPO_ROOT, 'node_modules', '.cache', 'cli-bundle-test-'));
    try {
      await writeFile(join(dir, 'entry.js'), "import { http } from 'msw';\nconsole.log(http);\n");
      await expect(
        build({
          input: join(dir, 'entry.js'),
          platform: 'node',
          logLevel: 'silent',
          plugins: [bundledPackageLicenses('LICENSES.md')],
          output: { dir: join(dir, 'out') },
        }),
      ).rejects.toThrow(/must not contain @mswjs\/interceptors, msw:/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
