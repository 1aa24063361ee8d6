import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/e2e/run-vitest.js';

/** How a child `vitest run` ended. */
export interface ChildOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the bench stopped it: it went quiet (`idle`) or ran past its deadline. */
  stoppedBy?: 'idle' | 'deadline';
  durationMs: number;
}

export interface ChildOptions {
  /** The Vitest root (a folder with a vitest.config.ts). */
  root: string;
  /** The child's whole environment (nothing of this process's is passed on). */
  env: Record<string, string>;
  /** Where its stdout and stderr go. */
  logPath: string;
  /** How long the traffic it makes may stay quiet before it is taken to hang. */
  idleMs: number;
  /** ms since its traffic last moved (0 while a request is in flight). */
  quietForMs: () => number;
  /** Stopped after this long, whatever it is doing. */
  deadlineMs: number;
}

/**
 * Runs `vitest run` in `root` with a watchdog: when the child's traffic stays quiet for `idleMs`,
 * or it runs past `deadlineMs`, it is stopped (SIGTERM, SIGKILL 5 s later) — a run that never
 * ends must not stall the bench. Vitest writes no report when stopped that way.
 */
export function runChildVitest(options: ChildOptions): Promise<ChildOutcome> {
  const started = performance.now();
  const log = createWriteStream(options.logPath);
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--root',
      options.root,
      '--no-cache',
    ],
    { cwd: options.root, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let stoppedBy: ChildOutcome['stoppedBy'];
  const stop = (why: 'idle' | 'deadline') => {
    stoppedBy = why;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  };
  const watchdog = setInterval(() => {
    if (stoppedBy) return;
    if (performance.now() - started > options.deadlineMs) stop('deadline');
    else if (options.quietForMs() > options.idleMs) stop('idle');
  }, 1_000);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearInterval(watchdog);
      log.end(() =>
        resolve({
          exitCode,
          signal,
          ...(stoppedBy ? { stoppedBy } : {}),
          durationMs: performance.now() - started,
        }),
      );
    });
  });
}
