import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Report, ReportSchema } from '../../src/records/report.js';

/** The repository root (this file is test/e2e/run-vitest.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A fixture project under test/e2e/projects. */
export const e2eProject = (name: string): string => join(REPO_ROOT, 'test/e2e/projects', name);

/** What a spawned `vitest run` left behind. */
export interface VitestRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for searching the report wherever Vitest put a line. */
  output: string;
  durationMs: number;
}

export interface RunVitestOptions {
  /** The Vitest root: a folder with a vitest.config.ts that has an `agents` project. */
  root: string;
  /** The project to run, or several (default `agents`). */
  project?: string | string[];
  /** Variables added to the minimal environment (fake URLs, keys, NANOGRADE_*). */
  env?: Record<string, string>;
  /** Extra CLI arguments (default `--reporter=verbose`, which prints skip notes). */
  args?: string[];
  /** Kill the child after this long (default 60 s). */
  timeoutMs?: number;
}

/**
 * Runs the repo's own vitest as a child process: `vitest run --project agents --root <root>`
 * (or another project)
 * with an explicit environment that starts from PATH and HOME only, so no real API key of the
 * machine can leak into the child (the providers read keys from the environment).
 */
export function runVitest(options: RunVitestOptions): Promise<VitestRun> {
  // Wherever a reporter writes its report, never into the repo.
  const out = mkdtempSync(join(tmpdir(), 'nanograde-e2e-out-'));
  const args = [
    'run',
    ...[options.project ?? 'agents'].flat().flatMap((name) => ['--project', name]),
    '--root',
    options.root,
    // The results cache would land in node_modules/.vite inside the fixture projects.
    '--no-cache',
    ...(options.args ?? ['--reporter=verbose']),
  ];
  return spawnVitest(args, {
    cwd: options.root,
    env: { CI: 'true', NANOGRADE_OUT: out, ...options.env },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  }).finally(() => rmSync(out, { recursive: true, force: true }));
}

/**
 * Spawns the repo's own vitest with `args` in `cwd`, with only the variables given plus PATH,
 * HOME, NO_COLOR and the pinned NANOGRADE_NOW — so no real API key or CI setting of this
 * machine (GITHUB_STEP_SUMMARY) can reach the child. Killed after `timeoutMs` (default 60 s).
 */
export function spawnVitest(
  args: string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    /** Which Vitest: its `vitest.mjs` (default: the repository's own). */
    vitest?: string;
  },
): Promise<VitestRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: '1',
    // The day model lifecycles are judged on, pinned by the unit project.
    NANOGRADE_NOW: process.env.NANOGRADE_NOW ?? '',
    ...options.env,
  };
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const vitest = options.vitest ?? join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
    const child = spawn(process.execPath, [vitest, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolvePromise({
        exitCode,
        stdout,
        stderr,
        output: `${stdout}\n${stderr}`,
        durationMs: performance.now() - started,
      });
    });
  });
}

/**
 * The verbose reporter's line for the test named exactly `name` (`✓ …`, `× …`, `↓ … [note]`,
 * `□ …` for a todo), or undefined when there is none; `motto › gpt-5` does not pick up
 * `motto › gpt-5-mini`.
 */
export function testLine(output: string, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(`^\\s*[✓×↓□] .* > ${escaped}(?: |$)`);
  return output.split('\n').find((candidate) => line.test(candidate));
}

/** The report.json a child run wrote into `out`, checked; without one, fails with what the child said. */
export async function readChildReport(out: string, child: VitestRun): Promise<Report> {
  const json = await readFile(join(out, 'report.json'), 'utf8').catch(() => {
    throw new Error(`no report.json; the child said:\n${child.output}`);
  });
  return ReportSchema.parse(JSON.parse(json));
}

/** A `vitest --watch` child process, and its output as it comes. */
export interface WatchedVitest {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Waits until the grade reporter has finished `count` runs (it prints "Reports:" each time). */
  runsDone(count: number, timeoutMs?: number): Promise<void>;
  /** Ends the watcher and its workers. */
  stop(): void;
}

/**
 * Starts the repo's own vitest with `args` (which say `--watch`) in `cwd`, in a process group of
 * its own (the watcher and its workers end together), with only the variables given plus PATH,
 * HOME, NO_COLOR and the pinned NANOGRADE_NOW.
 */
export function watchVitest(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): WatchedVitest {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), ...args],
    {
      cwd: options.cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? tmpdir(),
        NO_COLOR: '1',
        NANOGRADE_NOW: process.env.NANOGRADE_NOW ?? '',
        ...options.env,
      },
    },
  );
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
  }
  return {
    child,
    output: () => output,
    runsDone: async (count, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (output.split('Reports: ').length - 1 < count) {
        if (Date.now() > deadline)
          throw new Error(`no run ${count} within ${timeoutMs} ms:\n${output}`);
        if (child.exitCode !== null) throw new Error(`vitest exited ${child.exitCode}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    },
  };
}
