import { sep } from 'node:path';
import type { Vitest } from 'vitest/node';

/**
 * Which test files use which workspace seed, learned from the runs (agentTest puts the seed's
 * path in each test's meta), so that in watch mode a change under a seed re-runs exactly those
 * files — Vitest's module graph cannot know: a seed is data copied at run time, not imported.
 */
export class SeedWatch {
  private readonly users = new Map<string, Set<string>>();
  private vitest: Vitest | undefined;

  /** Registers the trigger with Vitest's watcher (watch mode only). */
  install(vitest: Vitest): void {
    this.vitest = vitest;
    vitest.config.watchTriggerPatterns ??= [];
    vitest.config.watchTriggerPatterns.push({
      // Any path: testsToRun answers undefined for what is not under a seed, which leaves the
      // change to Vitest's own handling.
      pattern: /[\s\S]/,
      testsToRun: (file) => this.testFilesUsing(file),
    });
    for (const seed of this.users.keys()) vitest.vite.watcher.add(seed);
  }

  /** A test file used this seed folder. */
  note(seed: string, testFile: string): void {
    let files = this.users.get(seed);
    if (!files) {
      files = new Set();
      this.users.set(seed, files);
      // Seeds outside the Vitest root are not watched by default.
      this.vitest?.vite.watcher.add(seed);
    }
    files.add(testFile);
  }

  /** The test files to re-run when `file` changed, or undefined when no seed holds it. */
  testFilesUsing(file: string): string[] | undefined {
    const files = new Set<string>();
    for (const [seed, users] of this.users) {
      if (file === seed || file.startsWith(`${seed}${sep}`) || file.startsWith(`${seed}/`)) {
        for (const user of users) files.add(user);
      }
    }
    return files.size > 0 ? [...files] : undefined;
  }
}
