/**
 * nanograde's own environment variables, one zod schema each: the single place they are read,
 * checked and described. agentsProject() checks them all when Vitest loads the config, the CLI
 * and the MCP server when they start, so a junk value is a configuration error (exit 2) naming
 * the variable and the values it takes — before any paid call. Readers elsewhere take their
 * value from here, typed. A new variable is one more entry in NANOGRADE_VARIABLES.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { didYouMean } from '../format/did-you-mean.js';
import { NanogradeConfigError } from './config-error.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The smallest context window nanograde asks Ollama for: an agent's tool results need room. Here,
 * at the bottom, so NANOGRADE_OLLAMA_NUM_CTX and modelOptions.numCtx check the same number.
 */
export const MIN_OLLAMA_NUM_CTX = 32_768;

/** What a variable's check sees besides its text: where relative paths start. */
export interface EnvContext {
  cwd: string;
}

/** One variable: its schema (from the trimmed, non-empty text) and the values it takes, in words. */
interface Variable<T> {
  schema: (context: EnvContext) => z.ZodType<T, string>;
  allowed: string;
}

const variable = <T>(
  allowed: string,
  schema: (context: EnvContext) => z.ZodType<T, string>,
): Variable<T> => ({ allowed, schema });

/** A model id as written: `provider:model` or a catalog name; the catalog checks that it exists. */
const modelId = z
  .string()
  .regex(/^[^\s,]+$/, 'a model id has no spaces or commas')
  .refine(
    (id) => !id.startsWith(':') && !id.endsWith(':'),
    'a model id cannot start or end with ":"',
  );

const modelList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .pipe(z.array(modelId).min(1, 'it names no model'));

const calendarDay = z.string().refine((text) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}, 'not a calendar day');

/** Where a folder is, or would be created: the path must lead to a folder this process can write. */
function writableFolder(context: EnvContext) {
  return z.string().superRefine((text, issue) => {
    const problem = folderWriteProblem(resolve(context.cwd, text));
    if (problem) issue.addIssue({ code: 'custom', message: problem });
  });
}

/** Why no folder can be written at `path` (existing, or created with its missing parents), or undefined. */
function folderWriteProblem(path: string): string | undefined {
  let existing = path;
  for (;;) {
    const kind = statKind(existing);
    if (kind === 'folder') break;
    if (kind === 'other') return `${existing} exists and is not a folder`;
    const parent = dirname(existing);
    if (parent === existing) return `nothing of ${path} exists`;
    existing = parent;
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    return `${existing} is not writable by this user`;
  }
  return undefined;
}

function statKind(path: string): 'folder' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a folder above it should be; the walk up finds it.
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'other';
  }
}

function readableFile(context: EnvContext) {
  return z.string().superRefine((text, issue) => {
    const path = resolve(context.cwd, text);
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
      accessSync(path, constants.R_OK);
    } catch {
      issue.addIssue({ code: 'custom', message: `${path} is not a readable file` });
    }
  });
}

/** Where agent tests' provider traffic comes from (NANOGRADE_FIXTURES; see src/fixtures). */
export const CASSETTE_MODES = ['auto', 'record', 'replay', 'live'] as const;
export type CassetteMode = (typeof CASSETTE_MODES)[number];

/** Every NANOGRADE_* variable nanograde reads. */
export const NANOGRADE_VARIABLES = {
  NANOGRADE_MODELS: variable(
    'a comma-separated list of model ids, e.g. gpt-6.1-terra,claude-haiku-4-5,ollama:gpt-oss:20b',
    () => modelList,
  ),
  NANOGRADE_JUDGE: variable('one model id, e.g. openai:gpt-6.1-terra', () => modelId),
  NANOGRADE_FIXTURES: variable('auto, record, replay or live', () =>
    z
      .string()
      .transform((text) => text.toLowerCase())
      .pipe(z.enum(CASSETTE_MODES, { error: 'not a fixture mode' })),
  ),
  NANOGRADE_FIXTURES_DIR: variable('a folder for cassettes (created when missing)', writableFolder),
  NANOGRADE_REPEATS: variable('a whole number from 1 to 100', () =>
    z
      .string()
      .regex(/^\d+$/, 'not a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1, 'below 1').max(100, 'above 100')),
  ),
  NANOGRADE_BASELINE: variable('the path of a readable report.json', readableFile),
  NANOGRADE_OUT: variable('a folder this user can write (created when missing)', writableFolder),
  NANOGRADE_REQUIRE: variable(
    'all (an unavailable model fails) or available (it is skipped, the default)',
    () => z.enum(['all', 'available'], { error: 'neither all nor available' }),
  ),
  NANOGRADE_NOW: variable('a calendar day, YYYY-MM-DD, e.g. 2026-11-23', () => calendarDay),
  // The most context asked of Ollama.
  NANOGRADE_OLLAMA_NUM_CTX: variable(
    `a whole number of tokens, at least ${MIN_OLLAMA_NUM_CTX}, e.g. 65536`,
    () =>
      z
        .string()
        .regex(/^\d+$/, 'not a whole number')
        .transform(Number)
        .pipe(z.number().int().min(MIN_OLLAMA_NUM_CTX, `below ${MIN_OLLAMA_NUM_CTX}`)),
  ),
} as const;

export type NanogradeVariable = keyof typeof NANOGRADE_VARIABLES;
type ValueOf<K extends NanogradeVariable> =
  (typeof NANOGRADE_VARIABLES)[K] extends Variable<infer T> ? T : never;
/** The variables that are set, each as its typed value. */
export type NanogradeEnv = { [K in NanogradeVariable]?: ValueOf<K> };

const isKnown = (name: string): name is NanogradeVariable =>
  Object.hasOwn(NANOGRADE_VARIABLES, name);

/** What is wrong with one variable's value, or undefined when it is unset or fine. */
function problemWith(
  name: NanogradeVariable,
  raw: string,
  context: EnvContext,
): string | undefined {
  const parsed = NANOGRADE_VARIABLES[name].schema(context).safeParse(raw.trim());
  if (parsed.success) return undefined;
  const why = parsed.error.issues.map((issue) => issue.message).join('; ');
  return `${name}=${JSON.stringify(raw)}: ${why}. Allowed: ${NANOGRADE_VARIABLES[name].allowed}.`;
}

const PREFIX = 'NANOGRADE_';

/**
 * Why an unknown NANOGRADE_* name is refused: the variable it most likely misspells, then the
 * known ones. Names are compared after the shared prefix, which would otherwise make every
 * short name look close to another; a known name with words added (NANOGRADE_OUT_DIR) means
 * the longest known name it starts with.
 */
function unknownVariableMessage(name: string): string {
  const known = Object.keys(NANOGRADE_VARIABLES);
  const rest = name.slice(PREFIX.length);
  const rests = known.map((candidate) => candidate.slice(PREFIX.length));
  const extended = rests
    .filter((candidate) => rest.startsWith(`${candidate}_`))
    .sort((a, b) => b.length - a.length)[0];
  const meant = didYouMean(rest, rests) ?? extended;
  const guess = meant === undefined ? '.' : ` — did you mean ${PREFIX}${meant}?`;
  return `${name} is not a nanograde variable${guess} Known: ${known.join(', ')}`;
}

/** Set and not blank: an empty variable counts as unset, as shells write `VAR=`. */
const setValue = (env: Env, name: string): string | undefined => {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw;
};

/**
 * Checks every NANOGRADE_* variable of `env`: each known one against its schema, and none unknown
 * (a typo such as NANOGRADE_MODEL would otherwise be ignored). Throws one NanogradeConfigError
 * naming every bad variable and the values it takes.
 */
export function checkNanogradeEnv(env: Env = process.env, context?: EnvContext): NanogradeEnv {
  const where = context ?? { cwd: process.cwd() };
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(env)
    .filter((key) => key.startsWith(PREFIX))
    .sort()) {
    const raw = setValue(env, name);
    if (raw === undefined) continue;
    if (!isKnown(name)) {
      problems.push(unknownVariableMessage(name));
      continue;
    }
    const problem = problemWith(name, raw, where);
    if (problem) problems.push(problem);
    else values[name] = NANOGRADE_VARIABLES[name].schema(where).parse(raw.trim());
  }
  if (problems.length > 0) {
    throw new NanogradeConfigError(
      `invalid environment:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
    );
  }
  return values as NanogradeEnv;
}

/**
 * One variable's typed value, or undefined when unset (or blank). A bad value throws a
 * NanogradeConfigError naming the variable and what it takes (start-up checks catch it first).
 */
export function nanogradeVariable<K extends NanogradeVariable>(
  name: K,
  env: Env = process.env,
  context?: EnvContext,
): ValueOf<K> | undefined {
  const raw = setValue(env, name);
  if (raw === undefined) return undefined;
  const where = context ?? { cwd: process.cwd() };
  const problem = problemWith(name, raw, where);
  if (problem) throw new NanogradeConfigError(problem);
  return NANOGRADE_VARIABLES[name].schema(where).parse(raw.trim()) as ValueOf<K>;
}
