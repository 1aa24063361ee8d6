import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile, readlink, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { AgentRun } from '../records/agent-run.js';
import type { JudgeRecord } from '../records/case-record.js';
import { CassetteError, readCassette, writeCassette } from './cassette-file.js';
import { slug } from './cassette-paths.js';
import { CASSETTE_SCHEMA_VERSION, type Exchange } from './cassette-schema.js';
import type { CassetteSession } from './cassette-session.js';

/**
 * The development response cache of watch mode, built on the cassettes: one cassette per case ×
 * model (× repeat) under `<cacheDir>/responses/<case>/<model>/<workspace fingerprint>.json`.
 * - Keyed per request, like a cassette: a request is answered from the cache only when its
 *   method, path and normalised body (model, prompt, system prompt, tools, options, every tool
 *   result so far) equal a cached one; a changed prompt, tool or model goes to the provider.
 * - Keyed by the workspace seed's content too: any change to the seed's files is a new
 *   fingerprint, so the whole run goes to the provider (and the stale entry is removed).
 * - Written like a cassette: request bodies and responses redacted, headers allow-listed, the
 *   file atomic. Never read or written by `vitest run`, nor with NANOGRADE_FIXTURES other than
 *   `auto`, nor when a committed cassette answers the case.
 */
export interface ResponseCacheOptions {
  /** The cache folder (`node_modules/.cache/nanograde` under the Vitest root). */
  dir: string;
  caseName: string;
  /** The canonical model id. */
  model: string;
  /** Which run of a repeated case × model this is. */
  repeat?: number | undefined;
  /** The case's workspace seed folder, if any. */
  workspace?: string | undefined;
  recordCommand: string;
}

/** The cache session of one case × model's run: what the cache holds for it (if anything). */
export async function openResponseCache(options: ResponseCacheOptions): Promise<CassetteSession> {
  const fingerprint = await workspaceFingerprint(options.workspace);
  const folder = join(
    options.dir,
    'responses',
    slug(options.caseName),
    `${slug(options.model)}${options.repeat === undefined ? '' : `-${options.repeat}`}`,
  );
  const path = join(folder, `${fingerprint}.json`);
  const entry = await readEntry(path);
  const usable = entry?.case === options.caseName && entry.model === options.model;
  return {
    caseName: options.caseName,
    model: options.model,
    path,
    mode: 'cache',
    recordCommand: options.recordCommand,
    ...(usable ? { cassette: entry } : {}),
    used: usable ? entry.exchanges.map(() => false) : [],
    recorded: [],
    hits: 0,
    misses: 0,
  };
}

/** A cache entry, or undefined when there is none or it cannot be read (it is only a cache). */
async function readEntry(path: string) {
  try {
    return await readCassette(path, 'It is a cache entry; it will be replaced.');
  } catch (error) {
    if (error instanceof CassetteError) return undefined;
    throw error;
  }
}

/** Whether every request of the run was answered from the cache. */
export function answeredFromCache(session: CassetteSession): boolean {
  return session.mode === 'cache' && (session.hits ?? 0) > 0 && (session.misses ?? 0) === 0;
}

/**
 * Keeps what this run exchanged (from the cache and from the provider) for the next run, and
 * removes entries for older contents of the workspace seed. A run that ended on a provider
 * error, a timeout or an abort is not kept: the next run must ask again.
 */
export async function saveToCache(
  session: CassetteSession,
  run: AgentRun,
  judgements: readonly JudgeRecord[],
): Promise<void> {
  if (run.error && ['provider', 'timeout', 'aborted'].includes(run.error.kind)) return;
  const exchanges = session.recorded.filter(
    (exchange): exchange is Exchange =>
      exchange !== null && exchange.response.status !== 0 && !isTransient(exchange.response.status),
  );
  if (exchanges.length === 0) return;
  await writeCassette(session.path, {
    schemaVersion: CASSETTE_SCHEMA_VERSION,
    case: session.caseName,
    model: session.model,
    recordedAt: new Date().toISOString(),
    run: {
      durationMs: run.durationMs,
      toolCallDurationsMs: run.toolCalls.map((call) => call.durationMs),
      judgeDurationsMs: judgements.map((judgement) => judgement.durationMs),
    },
    exchanges,
  });
  const folder = dirname(session.path);
  for (const name of await readdir(folder)) {
    if (name !== basename(session.path) && name.endsWith('.json')) {
      await rm(join(folder, name), { force: true });
    }
  }
}

/** Rate limits and server errors say nothing about the request: never answer from them. */
const isTransient = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * A short digest of a workspace seed's content: every file's path (relative to the seed) and
 * bytes, every symlink's target. `none` without a seed.
 */
export async function workspaceFingerprint(seed: string | undefined): Promise<string> {
  if (seed === undefined) return 'none';
  const hash = createHash('sha256');
  let entries: Dirent[];
  try {
    entries = await readdir(seed, { recursive: true, withFileTypes: true });
  } catch {
    // preparing the workspace says what is wrong with the seed; the cache just misses.
    return 'unreadable';
  }
  const files = entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => ({ entry, path: join(entry.parentPath, entry.name) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const { entry, path } of files) {
    hash.update(relative(seed, path).split(sep).join('/'));
    hash.update('\0');
    hash.update(entry.isSymbolicLink() ? `-> ${await readlink(path)}` : await readFile(path));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
