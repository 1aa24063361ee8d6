/**
 * nanograde as a user gets it: the repository packed with `npm pack` (prepack builds dist/) and
 * installed with npm into a fresh project. Shared by the package test (pack.slow.test.ts), the
 * compatibility lanes' example suite (installed-example-suite.lane.ts) and bench:replay.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Finished, runProcess } from '../fakes/test-support.js';

/** The repository root (this file is test/package/packed-project.ts). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The environment for child processes: this Vitest worker's own variables, npm's lifecycle
 * variables (when run through `npm test`) and any real provider settings are left out, so the
 * child project sees only what the test sets.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const dropped =
    /^(VITEST|TINYPOOL|NANOGRADE_|OPENAI_|ANTHROPIC_|OLLAMA_|npm_lifecycle_|npm_package_|npm_config_local_prefix$|INIT_CWD$|NODE_ENV$|TEST$|FORCE_COLOR$)/;
  for (const [key, value] of Object.entries(process.env)) {
    if (!dropped.test(key)) env[key] = value;
  }
  // Plain output: the assertions read Vitest's reporter text. The lifecycle day stays pinned.
  return { ...env, NO_COLOR: '1', NANOGRADE_NOW: process.env.NANOGRADE_NOW ?? '', ...extra };
}

/** Runs a command to completion, collecting stdout and stderr together. */
export function runCommand(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = childEnv(),
): Promise<Finished> {
  return runProcess(command, args, { cwd, env, shell: process.platform === 'win32' });
}

/** Like runCommand, but a non-zero exit is an error that shows the command's output. */
export async function mustRun(command: string, args: string[], cwd: string): Promise<Finished> {
  const finished = await runCommand(command, args, cwd);
  if (finished.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${finished.code}:\n${finished.output}`);
  }
  return finished;
}

/** The version of `name` installed in the repository (the one this test run uses). */
export async function installedVersion(name: string): Promise<string> {
  const manifest = JSON.parse(
    await readFile(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

/** What `npm pack` made: the tarball's path and the files in it. */
export interface Packed {
  tarball: string;
  files: string[];
}

/**
 * Packs the repository into `destination` (prepack runs `npm run build` first). A compatibility
 * lane (scripts/ci/compat-lane.sh) packs once for all its tests and names the output of its
 * `npm pack --json` in LANE_PACK_JSON, beside the tarball.
 */
export async function packRepo(destination: string): Promise<Packed> {
  const lanePack = process.env.LANE_PACK_JSON;
  const json = lanePack
    ? await readFile(lanePack, 'utf8')
    : (await mustRun('npm', ['pack', '--json', '--pack-destination', destination], repoRoot))
        .stdout;
  const [packed] = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error(`npm pack printed no package:\n${json}`);
  return {
    tarball: join(lanePack ? dirname(lanePack) : destination, packed.filename),
    files: packed.files.map((file) => file.path),
  };
}

/**
 * `npm install --save-dev` of `specs` into `project`, from the npm cache when it can; resolves
 * with what npm printed.
 */
export async function installDevDependencies(project: string, specs: string[]): Promise<string> {
  const { output } = await mustRun(
    'npm',
    ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', ...specs],
    project,
  );
  return output;
}

/**
 * The lines of npm's output that say a peer or engine range does not fit (ERESOLVE overrides,
 * "conflicting peer dependency", EBADENGINE): what a user would see on `npm i -D nanograde`.
 */
export function rangeWarnings(npmOutput: string): string[] {
  return npmOutput.split('\n').filter((line) => /\bpeer\b|ERESOLVE|EBADENGINE/i.test(line));
}

/** The README's vitest.config.ts, for a project that installed nanograde. */
export const README_VITEST_CONFIG = `import { defineConfig } from 'vitest/config';
import { agentsProject } from 'nanograde/config';

export default defineConfig({
  test: {
    projects: [agentsProject()],
  },
});
`;

/** A fresh project that installed the packed tarball and holds the example suite. */
export interface ExampleProject {
  root: string;
  /** Its own vitest (node_modules/vitest/vitest.mjs). */
  vitest: string;
  /** The example suite's files, relative to `root` (agent-tests/*.agent.ts). */
  exampleFiles: string[];
  /** What npm printed while installing. */
  installOutput: string;
}

/**
 * Packs the repository into `work` and makes `work/project`: the README's vitest.config.ts, the
 * example suite (agent-tests/ and its workspace seeds) and, as the README says (`npm i -D
 * nanograde vitest zod`), the tarball with this run's Vitest, @types/node and zod.
 */
export async function installExampleProject(work: string): Promise<ExampleProject> {
  const root = join(work, 'project');
  await mkdir(root);
  const { tarball } = await packRepo(work);
  await writeFile(
    join(root, 'package.json'),
    JSON.stringify({ name: 'nanograde-example-suite', private: true, type: 'module' }),
  );
  await writeFile(join(root, 'vitest.config.ts'), README_VITEST_CONFIG);
  await cp(join(repoRoot, 'agent-tests'), join(root, 'agent-tests'), { recursive: true });
  await cp(join(repoRoot, 'fixtures/workspaces'), join(root, 'fixtures/workspaces'), {
    recursive: true,
  });
  const exampleFiles = (await readdir(join(root, 'agent-tests')))
    .filter((name) => name.endsWith('.agent.ts'))
    .map((name) => `agent-tests/${name}`);
  const versions = await Promise.all(
    ['vitest', '@types/node', 'zod'].map(async (name) => `${name}@${await installedVersion(name)}`),
  );
  const installOutput = await installDevDependencies(root, [tarball, ...versions]);
  return {
    root,
    vitest: join(root, 'node_modules/vitest/vitest.mjs'),
    exampleFiles,
    installOutput,
  };
}
