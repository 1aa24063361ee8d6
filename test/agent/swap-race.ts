import { createHash } from 'node:crypto';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect } from 'vitest';
import { executeToolCall } from '../../src/agent/file-tools.js';

/** Text that only exists outside the workspace: no tool result may ever contain it. */
const SECRET = 'SWAP-RACE-SECRET';
/** A name that only exists outside: no listing may ever show it. */
const OUTSIDE_ONLY = 'outside-only-name.txt';

/** What one swap race found. */
export interface SwapRaceResult {
  attempts: number;
  /** Tool calls whose result showed something from outside (content, names, sizes). */
  readEscapes: number;
  /** Files or folders created, changed or removed outside the workspace. */
  writeEscapes: number;
  /** Tool calls that threw instead of answering the model. */
  thrown: number;
  /** Tool calls that succeeded, per tool: proof the tools kept working through the race. */
  succeeded: Record<string, number>;
  /** Times the folder was turned into a symlink and back. */
  flips: number;
  /** What escaped, for the failure message (at most 20 lines). */
  evidence: string[];
  durationMs: number;
}

/**
 * The flipper: in its own thread, as fast as it can, turns `swap` from the real folder into a
 * symlink to the outside folder and back, with two renames each way. It pauses (always with the
 * real folder in place) while control[0] is 1, acknowledging in control[1], and stops on 2;
 * control[2] counts the flips.
 */
const FLIPPER = `
const { workerData } = require('node:worker_threads');
const { renameSync } = require('node:fs');
const { swap, parked, link, control } = workerData;
const flags = new Int32Array(control);
let strays = 0;
// While swap is missing, a tool may create it (a write that makes parent folders): that folder
// is inside the workspace, so it is moved aside (.stray-N) and the flip goes on.
const move = (from, to) => {
  for (;;) {
    try {
      return renameSync(from, to);
    } catch (error) {
      if (!['EEXIST', 'ENOTEMPTY', 'EISDIR', 'ENOTDIR'].includes(error.code)) throw error;
      renameSync(to, to.replace(/[^/]*$/, '.stray-' + strays++));
    }
  }
};
for (;;) {
  const command = Atomics.load(flags, 0);
  if (command === 2) break;
  if (command === 1) {
    Atomics.store(flags, 1, 1);
    Atomics.notify(flags, 1);
    Atomics.wait(flags, 0, 1);
    Atomics.store(flags, 1, 0);
    continue;
  }
  move(swap, parked);
  move(link, swap);
  renameSync(swap, link);
  move(parked, swap);
  Atomics.add(flags, 2, 1);
}
`;

/** Each file's hash and each folder, under `folder`: what "unchanged outside" is compared on. */
async function treeOf(folder: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  const visit = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const stats = await lstat(path);
      if (stats.isDirectory()) {
        tree.set(path, 'folder');
        await visit(path);
      } else {
        const bytes = await readFile(path);
        tree.set(path, `${stats.nlink} ${createHash('sha256').update(bytes).digest('hex')}`);
      }
    }
  };
  await visit(folder);
  return tree;
}

/** The tool calls of attempt `i`: every tool, through the folder being swapped. */
function callFor(i: number): { name: string; args: Record<string, unknown> } {
  switch (i % 8) {
    case 0:
      return { name: 'read_file', args: { file_path: 'swap/file.txt' } };
    case 1:
      return { name: 'read_file', args: { file_path: 'swap/sub/inner.txt' } };
    case 2:
      return { name: 'write_file', args: { file_path: `swap/w-${i % 5}.txt`, content: 'written' } };
    case 3:
      return { name: 'write_file', args: { file_path: 'swap/file.txt', content: 'inside\n' } };
    case 4:
      // Parent folders to create: a new name each time (the batch's clean-up removes them).
      return {
        name: 'write_file',
        args: { file_path: `swap/mk-${i}/deeper/new.txt`, content: 'x' },
      };
    case 5: {
      const [from, to] = (i >> 3) % 2 === 0 ? ['alpha', 'beta'] : ['beta', 'alpha'];
      return {
        name: 'edit_file',
        args: { file_path: 'swap/edit.txt', old_str: from, new_str: to },
      };
    }
    case 6:
      return i % 16 < 8
        ? { name: 'list_directory', args: { directory_path: 'swap' } }
        : { name: 'list_directory', args: { directory_path: 'swap/sub' } };
    default:
      return i % 16 < 8
        ? { name: 'get_file_info', args: { file_path: 'swap/file.txt' } }
        : { name: 'get_file_info', args: { file_path: 'swap/sub' } };
  }
}

/** The outside file.txt's size as get_file_info prints it: no inside file has this size. */
const OUTSIDE_FILE = `${SECRET}\nline 2\nline 3 of the outside file\n`;
const OUTSIDE_SIZE = `size: ${Buffer.byteLength(OUTSIDE_FILE)} bytes`;

/** Whether a tool result shows anything that exists only outside. */
function showsOutside(content: string): boolean {
  return (
    content.includes(SECRET) ||
    content.includes(OUTSIDE_ONLY) ||
    content.includes(OUTSIDE_SIZE) ||
    content.includes('entries: 3')
  );
}

/** The outside folder: the same names as inside (so an escape finds something), other content. */
async function fillOutside(outside: string): Promise<void> {
  await mkdir(join(outside, 'sub'), { recursive: true });
  await writeFile(join(outside, 'file.txt'), OUTSIDE_FILE);
  await writeFile(join(outside, 'edit.txt'), `alpha\n${SECRET}\n`);
  await writeFile(join(outside, OUTSIDE_ONLY), SECRET);
  await writeFile(join(outside, 'sub', 'inner.txt'), `${SECRET} inner\n`);
  await writeFile(join(outside, 'sub', OUTSIDE_ONLY), SECRET);
  await writeFile(join(outside, 'sub', 'third.txt'), SECRET);
}

/**
 * Races the five file tools against a thread that swaps a workspace folder for a symlink to an
 * outside folder, `attempts` tool calls in all, `concurrency` at a time. Between batches the
 * flipper pauses, the outside folder is compared with how it started (and put back), and the
 * folders the writes created inside are removed, so every batch creates parent folders afresh.
 */
export async function runSwapRace(attempts: number, concurrency = 16): Promise<SwapRaceResult> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'nanograde-swap-race-')));
  const root = join(base, 'ws');
  const swap = join(root, 'swap');
  const outside = join(base, 'outside');
  await mkdir(join(swap, 'sub'), { recursive: true });
  await writeFile(join(swap, 'file.txt'), 'inside\n');
  await writeFile(join(swap, 'edit.txt'), 'alpha\n');
  await writeFile(join(swap, 'sub', 'inner.txt'), 'inner\n');
  await fillOutside(outside);
  await symlink(outside, join(root, '.link'));
  const baseline = await treeOf(outside);

  const control = new SharedArrayBuffer(12);
  const flags = new Int32Array(control);
  const flipper = new Worker(FLIPPER, {
    eval: true,
    workerData: { swap, parked: join(root, '.parked'), link: join(root, '.link'), control },
  });
  const flipperFailed = new Promise<never>((_, reject) => {
    flipper.once('error', reject);
  });
  const pause = () => {
    Atomics.store(flags, 0, 1);
    while (Atomics.load(flags, 1) !== 1) Atomics.wait(flags, 1, 0, 50);
  };
  const resume = () => {
    Atomics.store(flags, 0, 0);
    Atomics.notify(flags, 0);
  };

  const result: SwapRaceResult = {
    attempts,
    readEscapes: 0,
    writeEscapes: 0,
    thrown: 0,
    succeeded: {},
    flips: 0,
    evidence: [],
    durationMs: 0,
  };
  const note = (line: string) => {
    if (result.evidence.length < 20) result.evidence.push(line);
  };

  /** Counts and undoes every difference outside; removes what the writes created inside. */
  const checkAndReset = async () => {
    const now = await treeOf(outside);
    const paths = new Set([...baseline.keys(), ...now.keys()]);
    const differences = [...paths].filter((path) => now.get(path) !== baseline.get(path));
    for (const path of differences) {
      const what = !baseline.has(path) ? 'created' : !now.has(path) ? 'removed' : 'changed';
      note(`outside ${what}: ${path}`);
    }
    result.writeEscapes += differences.length;
    if (differences.length > 0) {
      await rm(outside, { recursive: true, force: true });
      await fillOutside(outside);
    }
    for (const name of await readdir(swap)) {
      if (name.startsWith('mk-')) await rm(join(swap, name), { recursive: true });
    }
    for (const name of await readdir(root)) {
      if (name.startsWith('.stray-')) await rm(join(root, name), { recursive: true });
    }
  };

  const started = performance.now();
  try {
    for (let done = 0; done < attempts; ) {
      const batch = Math.min(concurrency * 4, attempts - done);
      const calls = Array.from({ length: batch }, (_, k) => callFor(done + k));
      let next = 0;
      const lane = async () => {
        while (next < calls.length) {
          const call = calls[next++] as (typeof calls)[number];
          try {
            const answer = await executeToolCall(root, {
              id: 'race',
              name: call.name,
              arguments: JSON.stringify(call.args),
            });
            if (showsOutside(answer.content)) {
              result.readEscapes += 1;
              note(
                `${call.name} ${JSON.stringify(call.args)} showed: ${answer.content.slice(0, 120)}`,
              );
            }
            if (answer.ok) result.succeeded[call.name] = (result.succeeded[call.name] ?? 0) + 1;
          } catch (error) {
            result.thrown += 1;
            note(`${call.name} threw: ${(error as Error).message}`);
          }
        }
      };
      await Promise.race([Promise.all(Array.from({ length: concurrency }, lane)), flipperFailed]);
      done += batch;
      pause();
      await checkAndReset();
      resume();
    }
  } finally {
    result.flips = Atomics.load(flags, 2);
    Atomics.store(flags, 0, 2);
    Atomics.notify(flags, 0);
    await flipper.terminate();
    result.durationMs = performance.now() - started;
    await rm(base, { recursive: true, force: true });
  }
  return result;
}

/** One line for the test log: what the race did and found. */
export function describeRace(race: SwapRaceResult): string {
  const seconds = (race.durationMs / 1000).toFixed(1);
  return `swap race: ${race.attempts} attempts, ${race.flips} flips, ${race.readEscapes} read and ${race.writeEscapes} write escapes, ${race.thrown} thrown, ${seconds} s; succeeded ${JSON.stringify(race.succeeded)}`;
}

/** Fails unless nothing escaped, nothing threw, the race was live and every tool still worked. */
export function expectNoEscape(race: SwapRaceResult): void {
  expect(race.evidence).toEqual([]);
  expect(race.readEscapes + race.writeEscapes + race.thrown).toBe(0);
  expect(race.flips).toBeGreaterThan(race.attempts);
  for (const tool of ['read_file', 'write_file', 'edit_file', 'list_directory', 'get_file_info']) {
    expect(race.succeeded[tool], `${tool} calls that succeeded`).toBeGreaterThan(0);
  }
}
