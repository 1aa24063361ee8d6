/**
 * The package's edge: each entry point is one file in src/public with an explicit export list.
 * What each one exports is snapshotted (a change to the public API shows up in review), every
 * runtime value it exports carries a doc comment, and `nanograde/agent` is proven to load
 * neither Vitest nor msw, in a fresh Node process running the built package.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUILT_CLI_KEY } from '../build-dist.global-setup.js';
import { type Finished, runProcess } from '../fakes/test-support.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** package.json's export subpaths and the file in src/public behind each. */
const ENTRY_POINTS = {
  '.': 'index',
  './agent': 'agent',
  './catalog': 'catalog',
  './config': 'config',
  './reporter': 'reporter',
} as const;

interface ExportedNames {
  values: string[];
  types: string[];
}

let program: ts.Program;
let checker: ts.TypeChecker;

function entryModule(name: string): ts.Symbol {
  const file = program.getSourceFile(join(repoRoot, 'src', 'public', `${name}.ts`));
  const symbol = file && checker.getSymbolAtLocation(file);
  if (!symbol) throw new Error(`src/public/${name}.ts is not in the program`);
  return symbol;
}

function resolved(symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function exportedNames(name: string): ExportedNames {
  const names: ExportedNames = { values: [], types: [] };
  for (const symbol of checker.getExportsOfModule(entryModule(name))) {
    const isValue = (resolved(symbol).flags & ts.SymbolFlags.Value) !== 0;
    (isValue ? names.values : names.types).push(symbol.name);
  }
  names.values.sort();
  names.types.sort();
  return names;
}

// The names and doc comments are read from the sources alone: every file of tsconfig.build.json,
// without the declarations of the packages they import (the SDKs' alone take seconds to parse).
// The entry points export only nanograde's own declarations, so nothing they name is lost.
beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, 'tsconfig.build.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error('tsconfig.build.json cannot be read');
  program = ts.createProgram(config.fileNames, {
    ...config.options,
    noEmit: true,
    noResolve: true,
    noLib: true,
    types: [],
  });
  checker = program.getTypeChecker();
}, 60_000);

describe('the entry points', () => {
  it('are the files package.json exports, one per subpath, built from src/public', async () => {
    const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { types: string; default: string }>;
      bin: Record<string, string>;
    };
    const { './package.json': _manifest, ...subpaths } = manifest.exports;
    expect(subpaths).toEqual(
      Object.fromEntries(
        Object.entries(ENTRY_POINTS).map(([subpath, name]) => [
          subpath,
          { types: `./dist/public/${name}.d.ts`, default: `./dist/public/${name}.js` },
        ]),
      ),
    );
    expect(manifest.bin).toEqual({ nanograde: 'dist/public/bin.js' });
  });

  it.each(Object.entries(ENTRY_POINTS))('%s exports exactly these names', (subpath, name) => {
    expect(exportedNames(name)).toMatchSnapshot(`nanograde${subpath.slice(1)}`);
  });

  it('document every runtime value they export with a doc comment', () => {
    const undocumented: string[] = [];
    for (const [subpath, name] of Object.entries(ENTRY_POINTS)) {
      for (const symbol of checker.getExportsOfModule(entryModule(name))) {
        const target = resolved(symbol);
        if ((target.flags & ts.SymbolFlags.Value) === 0) continue;
        const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
        if (doc === '') undocumented.push(`nanograde${subpath.slice(1)}: ${symbol.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});

/** Runs Node on `code` with a resolve hook that refuses Vitest and msw. */
function nodeWithoutTestTools(hookDir: string, code: string): Promise<Finished> {
  const register = pathToFileURL(join(hookDir, 'register.mjs')).href;
  return runProcess(process.execPath, ['--import', register, '--input-type=module', '-e', code], {
    env: { PATH: process.env.PATH ?? '' },
  });
}

describe('nanograde/agent in a plain Node script', () => {
  let hookDir: string;
  let dist: string;

  beforeAll(async () => {
    dist = dirname(dirname(inject(BUILT_CLI_KEY)));
    hookDir = await mkdtemp(join(tmpdir(), 'nanograde-entry-'));
    // Every module Node resolves passes this hook: Vitest or msw anywhere in the graph fails.
    await writeFile(
      join(hookDir, 'hook.mjs'),
      `export async function resolve(specifier, context, next) {
  if (/^(vitest|msw|@vitest\\/)/.test(specifier)) {
    throw new Error('loaded ' + specifier + ' from ' + context.parentURL);
  }
  return next(specifier, context);
}
`,
    );
    await writeFile(
      join(hookDir, 'register.mjs'),
      "import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n",
    );
  });
  afterAll(async () => {
    if (hookDir) await rm(hookDir, { recursive: true, force: true });
  });

  it('loads neither Vitest nor msw, and runs the agent', async () => {
    const agent = pathToFileURL(join(dist, 'public', 'agent.js')).href;
    const { code, output } = await nodeWithoutTestTools(
      hookDir,
      `const { runAgent } = await import(${JSON.stringify(agent)});
const run = await runAgent({ model: 'builtin:null', prompt: 'hi', workspace: '.', provider: { name: 'null', availability: async () => ({ available: true }), complete: async () => ({ message: { role: 'assistant', content: 'done', toolCalls: [] }, usage: { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 }, stopReason: 'end' }) } });
console.log(JSON.stringify({ output: run.output, error: run.error }));`,
    );
    expect(output).toBe('{"output":"done","error":null}\n');
    expect(code).toBe(0);
  });

  it('the hook does refuse them: the test API (nanograde) loads Vitest', async () => {
    const index = pathToFileURL(join(dist, 'public', 'index.js')).href;
    const { code, output } = await nodeWithoutTestTools(
      hookDir,
      `await import(${JSON.stringify(index)});`,
    );
    expect(output).toMatch(/Error: loaded vitest from file:.*\/dist\//);
    expect(code).not.toBe(0);
  });
});
