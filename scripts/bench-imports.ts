/**
 * Benchmark: what nanograde's entry points cost to load (issue 16), on the package as built by
 * the global setup, each in fresh Node processes (the median of 9, taken in turns with a bare
 * `node` so machine load hits both alike):
 * - `import('nanograde/agent')` (runAgent, prepareWorkspace, availability): its import time, and
 *   that it loads neither Vitest, msw nor any provider SDK (they load on first use);
 * - `nanograde models` with no key and no Ollama: its imports and a quick look at an unreachable
 *   Ollama — goal under 200 ms;
 * - `nanograde mcp` to its answer to `initialize` — goal under 200 ms.
 * Both commands run the bundled binary (scripts/build/cli-bundle.ts); for comparison, it prints
 * what their biggest dependencies cost as published, one module file at a time (zod + Ollama's
 * SDK; the MCP SDK), which is how the unbundled binary loaded them.
 * Each figure is past a bare `node` doing the same I/O, as CPU time (robust to other load on the
 * machine, and what imports cost) and as wall time.
 * Run it with `npm run bench:imports`; it prints, it does not fail on a figure. The processes run
 * on this Node, or on the one BENCH_NODE names (e.g. npm's `node@22`, as .ci/run installs it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, inject, test } from 'vitest';
import { BUILT_CLI_KEY } from '../test/build-dist.global-setup.js';
import { REPO_ROOT } from '../test/e2e/run-vitest.js';
import { closedPortUrl, runProcess } from '../test/fakes/test-support.js';
import { INITIALIZE_LINE } from '../test/mcp/built-server.js';
import { goalLine } from './suite-bench/bench-fakes.js';

const ROUNDS = 9;
/** The Node the measured processes run on. */
const NODE = process.env.BENCH_NODE || process.execPath;
const GOAL_MS = 200;

/** A process's wall time to its first output (or its end) and the CPU time it used in all. */
interface Timed {
  wallMs: number;
  cpuMs: number;
}

/** Prints the process's CPU time (user + system, ms) to stderr as it exits. */
const CPU_HOOK = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => { const { user, system } = process.cpuUsage(); process.stderr.write('\\nnanograde-bench-cpu-us ' + (user + system) + '\\n'); });",
)}`;

/**
 * Runs `node <args>` with `input` on stdin; times it to its first output when `untilOutput`
 * (then closes its stdin, so a server ends), else to its end; and reads the CPU time it reports.
 */
function timed(
  args: string[],
  env: Record<string, string>,
  options: { input?: string; untilOutput?: boolean } = {},
): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, ['--import', CPU_HOOK, ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let wallMs: number | undefined;
    let stderr = '';
    child.on('error', reject);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => {
      if (!options.untilOutput) return;
      wallMs = performance.now() - started;
      child.stdin.end();
    });
    child.stdin.write(options.input ?? '');
    if (!options.untilOutput) child.stdin.end();
    child.on('close', (code) => {
      const cpu = /nanograde-bench-cpu-us (\d+)/.exec(stderr)?.[1];
      if (cpu === undefined)
        return reject(new Error(`node ${args.join(' ')} (exit ${code}):\n${stderr}`));
      resolve({ wallMs: wallMs ?? performance.now() - started, cpuMs: Number(cpu) / 1000 });
    });
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

test('bench:imports — the entry points and commands that must start fast', async () => {
  const dist = dirname(dirname(inject(BUILT_CLI_KEY)));
  const bin = join(dist, 'public', 'bin.js');
  const work = await mkdtemp(join(tmpdir(), 'nanograde-bench-imports-'));
  const load = loadavg()[0] ?? 0;
  try {
    // A resolve hook that notes every package a process loads, and a load hook every module, on
    // stderr at once (writeSync: the hooks' thread loses buffered writes when the process exits).
    await writeFile(
      join(work, 'hook.mjs'),
      `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const found = /^(vitest|msw|openai|@anthropic-ai\\/sdk|ollama|@modelcontextprotocol\\/(?:sdk|server|core))(\\/|$)/.exec(specifier);
  if (found) writeSync(2, 'loaded-package ' + found[1] + '\\n');
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url.startsWith('file:')) writeSync(2, 'loaded-module ' + url + '\\n');
  return next(url, context);
}
`,
    );
    await writeFile(
      join(work, 'register.mjs'),
      "import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n",
    );
    const agent = pathToFileURL(join(dist, 'public', 'agent.js')).href;
    const loaded = await runProcess(
      NODE,
      [
        '--import',
        pathToFileURL(join(work, 'register.mjs')).href,
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(agent)});`,
      ],
      { env: { PATH: process.env.PATH ?? '' } },
    );
    const agentPackages = [...loaded.output.matchAll(/loaded-package (\S+)/g)].map((m) => m[1]);
    expect(agentPackages, 'nanograde/agent loads no test tool and no SDK').toEqual([]);

    const env = { PATH: process.env.PATH ?? '', OLLAMA_HOST: await closedPortUrl() };
    // The modules each command loads (to its first reply), then a process that only imports
    // them: what the command's imports cost, apart from the work it does.
    const modulesOf = async (args: string[], input?: string) => {
      const noted = await new Promise<{ output: string }>((resolve, reject) => {
        const child = spawn(
          NODE,
          ['--import', pathToFileURL(join(work, 'register.mjs')).href, ...args],
          { env, stdio: ['pipe', 'pipe', 'pipe'] },
        );
        let output = '';
        child.on('error', reject);
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        // A server ends when its stdin does: after its first reply.
        child.stdout.once('data', () => child.stdin.end());
        child.stdin.write(input ?? '');
        if (input === undefined) child.stdin.end();
        child.on('close', () => resolve({ output }));
      });
      const urls = [...noted.output.matchAll(/loaded-module (\S+)/g)].map((m) => m[1] as string);
      const script = join(work, `imports-${args.at(-1)}.mjs`);
      // Not the binary itself: it runs the command as it loads.
      const imports = [...new Set(urls)].filter((url) => url !== pathToFileURL(bin).href);
      // As the binary does: Node's compile cache on (where Node has one), then the imports.
      await writeFile(
        script,
        [
          "import module from 'node:module';",
          'module.enableCompileCache?.();',
          ...imports.map((url) => `await import(${JSON.stringify(url)});`),
        ].join('\n'),
      );
      return { script, count: imports.length };
    };
    const modelsImports = await modulesOf([bin, 'models']);
    const mcpImports = await modulesOf([bin, 'mcp'], INITIALIZE_LINE);
    const sdk = pathToFileURL(
      join(REPO_ROOT, 'node_modules/@modelcontextprotocol/server/dist/index.mjs'),
    ).href;
    // What the bundle spares `models`: zod (every boundary check) and Ollama's SDK (its probe),
    // loaded as published, a module file at a time.
    const modelsDependencies = join(work, 'models-dependencies.mjs');
    await writeFile(
      modelsDependencies,
      ['zod', 'ollama']
        .map(
          (name) =>
            `await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'node_modules', name, name === 'zod' ? 'index.js' : 'dist/index.mjs')).href)});`,
        )
        .join('\n'),
    );
    const runs = {
      node: [] as Timed[],
      modelsDependencies: [] as Timed[],
      agent: [] as Timed[],
      models: [] as Timed[],
      modelsImports: [] as Timed[],
      mcpImports: [] as Timed[],
      echo: [] as Timed[],
      mcp: [] as Timed[],
      sdk: [] as Timed[],
    };
    const importing = (url: string) => [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(url)});`,
    ];
    for (let round = 0; round < ROUNDS; round++) {
      runs.node.push(await timed(['-e', ''], env));
      runs.agent.push(await timed(importing(agent), env));
      runs.models.push(await timed([bin, 'models'], env));
      runs.modelsImports.push(await timed([modelsImports.script], env));
      runs.modelsDependencies.push(await timed([modelsDependencies], env));
      runs.mcpImports.push(await timed([mcpImports.script], env));
      runs.echo.push(
        await timed(
          ['-e', "process.stdin.once('data', (line) => process.stdout.write(line))"],
          env,
          {
            input: INITIALIZE_LINE,
            untilOutput: true,
          },
        ),
      );
      runs.mcp.push(await timed([bin, 'mcp'], env, { input: INITIALIZE_LINE, untilOutput: true }));
      runs.sdk.push(await timed(importing(sdk), env));
    }
    /** Median wall and CPU time past what a bare node process takes (`base`). */
    const past = (measured: Timed[], base: Timed[]) => ({
      wallMs: median(measured.map((run) => run.wallMs)) - median(base.map((run) => run.wallMs)),
      cpuMs: median(measured.map((run) => run.cpuMs)) - median(base.map((run) => run.cpuMs)),
    });
    const agentCost = past(runs.agent, runs.node);
    const models = past(runs.models, runs.node);
    const mcp = past(runs.mcp, runs.echo);
    const sdkCost = past(runs.sdk, runs.node);
    const modelsDependencyCost = past(runs.modelsDependencies, runs.node);
    const modelsImportCost = past(runs.modelsImports, runs.node);
    const mcpImportCost = past(runs.mcpImports, runs.node);
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    const both = (cost: { wallMs: number; cpuMs: number }) =>
      `${ms(cost.cpuMs)} CPU, ${ms(cost.wallMs)} wall`;
    const lines = [
      '',
      `bench:imports — medians of ${ROUNDS} fresh processes each, past a bare node ${spawnSync(NODE, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim()} (${ms(median(runs.node.map((run) => run.cpuMs)))} CPU); load average ${load.toFixed(1)}`,
      `  ${'import nanograde/agent'.padEnd(34)} ${both(agentCost).padEnd(22)} loads no Vitest, msw or provider SDK: ${agentPackages.length === 0 ? 'yes' : agentPackages.join(', ')}`,
      goalLine(
        `models: its imports (${modelsImports.count} modules)`,
        both(modelsImportCost),
        `< ${GOAL_MS} ms CPU`,
        modelsImportCost.cpuMs < GOAL_MS,
      ),
      `  ${'  the whole command (no key, no Ollama)'.padEnd(34)} ${both(models)}`,
      `  ${'  unbundled zod + Ollama SDK alone'.padEnd(34)} ${both(modelsDependencyCost)}`,
      goalLine(
        `mcp to its first reply: imports (${mcpImports.count})`,
        both(mcpImportCost),
        `< ${GOAL_MS} ms CPU`,
        mcpImportCost.cpuMs < GOAL_MS,
      ),
      `  ${'  the whole start, to the reply'.padEnd(34)} ${both(mcp)}`,
      `  ${'  unbundled MCP SDK alone'.padEnd(34)} ${both(sdkCost)}`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
