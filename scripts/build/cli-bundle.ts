/**
 * The `nanograde` binary as one bundle (`npm run build` runs this config after tsc).
 *
 * Why: Node's ES module loader costs about a millisecond per module, and the CLI's light commands
 * loaded ~140 of them (zod alone is 96 files, every locale included): `nanograde models` and the
 * MCP server's first reply took 180–260 ms of CPU in imports. Bundled, they load ~20 files.
 *
 * Only the binary is bundled. The library entries (`nanograde`, `nanograde/agent`, …) stay
 * tsc's plain modules, so a user's zod schemas meet the same zod instance nanograde checks them
 * with. The CLI loads no user code, so its private copy of zod (and of the MCP SDK, Ollama's SDK
 * and yaml) never meets another. The OpenAI and Anthropic SDKs stay external: they load on first
 * use, from the package's dependencies. A test tool (Vitest, Vite, msw) reaching the bundle
 * fails the build: the CLI must run without them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, defineConfig, type Plugin } from 'rolldown';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Loaded at run time from node_modules: large, and only needed by a run on that provider. */
const EXTERNAL = /^(openai|@anthropic-ai\/sdk)(\/|$)/;

/** Packages the CLI must never carry: it runs on machines without the test tools. */
const FORBIDDEN = /^(vitest|vite|@vitest\/.*|msw|@mswjs\/.*)$/;

/**
 * The package a bundled module comes from (its innermost node_modules folder), if any; folders
 * such as node_modules/.cache hold no package.
 */
function packageOf(moduleId: string): { name: string; dir: string } | undefined {
  const match = /^(.*[\\/]node_modules[\\/])((?:@[^\\/]+[\\/])?[^.\\/][^\\/]*)[\\/]/.exec(moduleId);
  if (!match?.[1] || !match[2]) return undefined;
  return { name: match[2].replace(/\\/g, '/'), dir: match[1] + match[2] };
}

/**
 * Writes the licenses of the packages bundled into the CLI next to it (MIT, ISC and Apache-2.0
 * all ask that their text travel with copies), and refuses the packages in FORBIDDEN.
 */
export function bundledPackageLicenses(fileName: string): Plugin {
  return {
    name: 'nanograde-bundled-package-licenses',
    async generateBundle(_options, bundle) {
      const packages = new Map<string, string>();
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const id of output.moduleIds) {
          const found = packageOf(id);
          if (found) packages.set(found.name, found.dir);
        }
      }
      const forbidden = [...packages.keys()].filter((name) => FORBIDDEN.test(name)).sort();
      if (forbidden.length > 0)
        this.error(
          `the CLI bundle must not contain ${forbidden.join(', ')}: find the import that reaches it`,
        );
      const sections: string[] = [];
      for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
        const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
          version: string;
          license?: string;
        };
        const licenseFile = (await readdir(dir)).find((file) => /^licen[cs]e(\.|$)/i.test(file));
        if (!licenseFile) this.error(`${name} has no license file to ship with the CLI bundle`);
        const text = await readFile(join(dir, licenseFile), 'utf8');
        sections.push(`## ${name}@${manifest.version} (${manifest.license})\n\n${text.trim()}\n`);
      }
      this.emitFile({
        type: 'asset',
        fileName,
        source: `# Packages bundled into the nanograde CLI, and their licenses\n\n${sections.join('\n')}`,
      });
    },
  };
}

const ENTRY = join(REPO_ROOT, 'src', 'public', 'bin.ts');

/** The files that define the bundle besides the sources it bundles (for build fingerprints). */
export const CLI_BUNDLE_INPUTS: readonly string[] = [ENTRY, fileURLToPath(import.meta.url)];

/** The bundle's options, written under `outDir` (a package's `dist`). */
export function cliBundleOptions(outDir: string): BuildOptions {
  return {
    input: { bin: ENTRY },
    platform: 'node',
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    // The sources import each other as `.js`, as Node's ES modules require.
    resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
    external: (id) => EXTERNAL.test(id),
    plugins: [bundledPackageLicenses('bin/THIRD-PARTY-LICENSES.md')],
    output: {
      dir: outDir,
      format: 'esm',
      // package.json's `bin`. Chunks sit two folders deep, as the sources did, so
      // package-version.ts still finds package.json at `../../package.json`.
      entryFileNames: 'public/[name].js',
      chunkFileNames: 'bin/[name]-[hash].js',
    },
  };
}

export default defineConfig(cliBundleOptions(join(REPO_ROOT, 'dist')));
