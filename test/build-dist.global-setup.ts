/**
 * Builds nanograde once, for the tests that run the real `nanograde` binary (Node 20 cannot run
 * the .ts sources). It bundles the binary as `npm run build` does (scripts/build/cli-bundle.ts),
 * and compiles every file tsconfig.build.json names one at a time:
 * `isolatedModules` makes that emit the same JavaScript as `tsc -p tsconfig.build.json`, without
 * its seconds of type-checking, which is `tsc --noEmit`'s job (the real build is tested by
 * test/package/pack.slow.test.ts). The build is laid out like the installed package
 * (package.json + dist/) in node_modules/.cache, named by a fingerprint of its sources: a run
 * whose sources are unchanged reuses it, and neither the package test's `npm pack` (which
 * deletes and rebuilds dist/) nor another Vitest process can pull the binary away from a
 * running test. Tests get the entry point with `inject(BUILT_CLI_KEY)`.
 */
import { createHash } from 'node:crypto';
import {
  access,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import ts from 'typescript';
import type { TestProject } from 'vitest/node';
import { CLI_BUNDLE_INPUTS, cliBundleOptions } from '../scripts/build/cli-bundle.js';

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
const BUILDING_PREFIX = 'nanograde-test-building-';
/** Older than this, a build is one a killed run left behind (no run lasts this long). */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Removes the builds of runs that were killed before their teardown. */
async function removeStaleBuilds(): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (!name.startsWith(PACKAGE_PREFIX) && !name.startsWith(BUILDING_PREFIX)) continue;
    const folder = join(cacheDir, name);
    const { mtimeMs } = await stat(folder).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > STALE_AFTER_MS) await rm(folder, { recursive: true, force: true });
  }
}

/** tsconfig.build.json's compiler options and source files; a broken config is an error. */
function readBuildConfig(): ts.ParsedCommandLine {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(
          `build-dist: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
        );
      },
    },
  );
  if (!config) throw new Error('build-dist: tsconfig.build.json cannot be read');
  return config;
}

/** Emits each source file's JavaScript under `outDir`, mirroring its place under rootDir. */
async function transpileInto(config: ts.ParsedCommandLine, outDir: string): Promise<void> {
  const { options, fileNames } = config;
  const rootDir = options.rootDir ?? join(repoRoot, 'src');
  // One file alone cannot see package.json's `"type": "module"`, which NodeNext reads to emit ES
  // modules; ESNext emits the same imports and exports.
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    declaration: false,
    noEmit: false,
  };
  await Promise.all(
    fileNames
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .map(async (file) => {
        const { outputText, diagnostics } = ts.transpileModule(await readFile(file, 'utf8'), {
          compilerOptions,
          fileName: file,
          reportDiagnostics: true,
        });
        if (diagnostics?.length) {
          const messages = diagnostics.map((d) =>
            ts.flattenDiagnosticMessageText(d.messageText, '\n'),
          );
          throw new Error(`build-dist: ${file} cannot be compiled:\n${messages.join('\n')}`);
        }
        const target = join(outDir, relative(rootDir, file)).replace(/\.ts$/, '.js');
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, outputText);
      }),
  );
}

/**
 * What the build depends on: every source file, both tsconfigs, package.json (which pins the
 * bundler), the bundle's config and the compiler's version. Equal fingerprints, equal builds.
 */
async function fingerprint(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(ts.version);
  const inputs = [
    ...files,
    ...CLI_BUNDLE_INPUTS,
    join(repoRoot, 'package.json'),
    join(repoRoot, 'tsconfig.json'),
    join(repoRoot, 'tsconfig.build.json'),
  ];
  for (const file of inputs)
    hash
      .update(file)
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the package unless a build of the same sources is already in the cache, and provides
 * its CLI's path. A build is made in a fresh folder and renamed into place, so a concurrent run
 * never sees half of one; a build in use is touched, so it never looks stale.
 */
export default async function buildDist(project: TestProject): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  await removeStaleBuilds();
  const config = readBuildConfig();
  const packageDir = join(cacheDir, `${PACKAGE_PREFIX}${await fingerprint(config.fileNames)}`);
  const bin = join(packageDir, 'dist', 'public', 'bin.js');
  if (await exists(bin)) {
    const now = new Date();
    await utimes(packageDir, now, now);
  } else {
    const building = await mkdtemp(join(cacheDir, BUILDING_PREFIX));
    try {
      await copyFile(join(repoRoot, 'package.json'), join(building, 'package.json'));
      await transpileInto(config, join(building, 'dist'));
      await build({ ...cliBundleOptions(join(building, 'dist')), logLevel: 'warn' });
      await rename(building, packageDir).catch(async (error: NodeJS.ErrnoException) => {
        // Another run built the same sources first: use its build.
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      });
    } finally {
      await rm(building, { recursive: true, force: true });
    }
  }
  project.provide(BUILT_CLI_KEY, bin);
}
