/**
 * Builds nanograde once per test run, for the tests that run the real `nanograde` binary
 * (Node 20 cannot run the .ts sources). It compiles src/ with tsconfig.build.json into a
 * private folder laid out like the installed package (package.json + dist/), under
 * node_modules/.cache, one per test run: neither the package test's `npm pack` (which deletes
 * and rebuilds dist/) nor another Vitest process can pull the binary away from a running test.
 * Tests get the entry point with `inject(BUILT_CLI_KEY)`.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/** The key under which the built CLI's path is provided to tests. */
export const BUILT_CLI_KEY = 'nanogradeBuiltCli';

declare module 'vitest' {
  interface ProvidedContext {
    /** The built `dist/public/bin.js`, the file package.json's `bin` names. */
    [BUILT_CLI_KEY]: string;
  }
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(repoRoot, 'node_modules', '.cache');

const PACKAGE_PREFIX = 'nanograde-test-package-';
/** Older than this, a build is one a killed run left behind (no run lasts this long). */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

// tsc's exit codes: 0 clean; 2 type errors, output written anyway; anything else, no output.
const EMITTED_WITH_ERRORS = 2;

/** Runs tsc; resolves with its exit code and everything it printed. */
function runTsc(args: string[]): Promise<{ code: number | null; output: string }> {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, ...args], { cwd: repoRoot });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Removes the builds of runs that were killed before their teardown. */
async function removeStaleBuilds(): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (!name.startsWith(PACKAGE_PREFIX)) continue;
    const folder = join(cacheDir, name);
    const { mtimeMs } = await stat(folder).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > STALE_AFTER_MS) await rm(folder, { recursive: true, force: true });
  }
}

/** Builds the package into a fresh folder, provides its CLI's path, and removes it afterwards. */
export default async function buildDist(project: TestProject): Promise<() => Promise<void>> {
  await mkdir(cacheDir, { recursive: true });
  await removeStaleBuilds();
  const packageDir = await mkdtemp(join(cacheDir, PACKAGE_PREFIX));
  await copyFile(join(repoRoot, 'package.json'), join(packageDir, 'package.json'));
  const { code, output } = await runTsc([
    '-p',
    'tsconfig.build.json',
    '--outDir',
    join(packageDir, 'dist'),
    '--declaration',
    'false',
  ]);
  if (code === EMITTED_WITH_ERRORS) {
    // Type errors are `tsc --noEmit`'s to report; the emitted JavaScript still runs.
    process.stderr.write(`build-dist: tsc reported type errors (output written):\n${output}\n`);
  } else if (code !== 0) {
    await rm(packageDir, { recursive: true, force: true });
    throw new Error(`build-dist: tsc -p tsconfig.build.json failed (exit ${code}):\n${output}`);
  }
  project.provide(BUILT_CLI_KEY, join(packageDir, 'dist', 'public', 'bin.js'));
  return () => rm(packageDir, { recursive: true, force: true });
}
