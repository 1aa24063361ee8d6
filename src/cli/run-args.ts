import { nanogradeVariable } from '../env/nanograde-env.js';
import { InputError } from '../input/input-error.js';
import { assertLanguageModel } from '../input/language-model.js';
import { nearMissWarning, unknownModelMessage } from '../input/model-suggestion.js';
import { readableFolder } from '../input/readable-folder.js';
import { defaultCatalog } from '../models/catalog.js';
import { defaultMatrix } from '../models/default-matrix.js';
import { exampleModels } from '../models/default-model.js';
import {
  checkModelOptions,
  type ModelOptions,
  ModelOptionsError,
  OPTION_VALUES,
} from '../models/model-options.js';
import {
  assertNotRetired,
  BaseURLError,
  capabilitiesOf,
  type ResolvedModel,
  RetiredModelError,
  resolveModel,
  UnknownModelError,
} from '../models/resolve-model.js';
import { LimitsSchema } from '../records/agent-run.js';
import { GRADES, type Grade } from '../records/grade.js';
import { MAX_TIMEOUT_MS } from '../records/max-timeout.js';
import type { CliIO } from './cli-io.js';
import { parseCommandLine } from './parse-command-line.js';

/** A checked `nanograde run` command line. */
export interface RunOptions {
  prompt: string;
  /** Distinct, resolved, not retired. */
  models: ResolvedModel[];
  /** The real path of the folder each run gets a copy of; undefined → an empty folder. */
  workspace: string | undefined;
  maxTurns: number | undefined;
  timeoutMs: number | undefined;
  /** What the answer must contain (or match); undefined → no such check. */
  expect: ExpectedAnswer | undefined;
  /** The model that grades every answer (S–F); undefined → no judge. */
  judge: ResolvedModel | undefined;
  /** The grade an answer must reach to pass (with a judge). */
  bar: Grade;
  /** --effort and --thinking, checked against every model's capabilities. */
  modelOptions: ModelOptions;
  json: boolean;
}

/** `--expect`: a text the answer must contain, or a regular expression it must match. */
export type ExpectedAnswer = { text: string } | { pattern: RegExp };

/** The bar of `nanograde run --judge` when none is given: correct in substance. */
export const DEFAULT_BAR: Grade = 'B';

/**
 * Checks `nanograde run` arguments completely before anything runs: the prompt, every model id
 * (unknown and retired ones fail with the catalog's message), the workspace folder and the limits.
 */
export async function parseRunArgs(args: string[], io: CliIO): Promise<RunOptions> {
  const { values, positionals } = parseCommandLine('run', {
    args,
    allowPositionals: true,
    strict: true,
    options: {
      models: { type: 'string', short: 'm', multiple: true },
      workspace: { type: 'string', short: 'w' },
      'max-turns': { type: 'string' },
      timeout: { type: 'string' },
      expect: { type: 'string', short: 'e' },
      judge: { type: 'string', short: 'j' },
      bar: { type: 'string' },
      effort: { type: 'string' },
      thinking: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) {
    throw new InputError('nanograde run: give the prompt, e.g. nanograde run "Summarise notes.md"');
  }
  if (positionals.length > 1) {
    throw new InputError(
      `nanograde run: expected one prompt but got ${positionals.length} arguments; put the prompt in quotes`,
    );
  }
  const prompt = positionals[0] as string;
  if (prompt.trim() === '') {
    throw new InputError('nanograde run: the prompt is empty; say what the agent must do');
  }
  const fromEnv =
    values.models === undefined ? nanogradeVariable('NANOGRADE_MODELS', io.env) : undefined;
  const models = fromEnv
    ? resolveModels(fromEnv, io, 'NANOGRADE_MODELS')
    : resolveModels(modelIds(values.models), io);
  const judge =
    values.judge === undefined ? undefined : resolveModels([values.judge], io, '--judge')[0];
  if (values.bar !== undefined && judge === undefined) {
    throw new InputError(
      'nanograde run: --bar needs --judge (without a judge nothing is graded S–F)',
    );
  }
  const modelOptions = checkedModelOptions(models, {
    ...(values.effort === undefined ? {} : { effort: values.effort }),
    ...(values.thinking === undefined ? {} : { thinking: values.thinking }),
  });
  const workspace =
    values.workspace === undefined
      ? undefined
      : await readableFolder(values.workspace, io.cwd, 'workspace').catch((error: unknown) => {
          // Said like every other bad argument of the command.
          throw error instanceof InputError
            ? new InputError(`nanograde run: ${error.message}`)
            : error;
        });
  return {
    prompt,
    models,
    workspace,
    maxTurns: positiveNumber(values['max-turns'], '--max-turns', true),
    timeoutMs: secondsToMs(positiveNumber(values.timeout, '--timeout', false)),
    expect: values.expect === undefined ? undefined : expectedAnswer(values.expect),
    judge,
    bar: gradeOf(values.bar),
    modelOptions,
    json: values.json === true,
  };
}

/** --effort / --thinking must suit every model of the run: a bad value is bad input (exit 2). */
function checkedModelOptions(models: ResolvedModel[], given: Record<string, string>): ModelOptions {
  const problems: string[] = [];
  let options: ModelOptions = {};
  const maxOutputTokens = LimitsSchema.parse({}).maxOutputTokensPerTurn;
  for (const model of models) {
    try {
      const target = {
        id: model.id,
        provider: model.provider,
        capabilities: capabilitiesOf(model),
      };
      options = checkModelOptions(target, given, maxOutputTokens);
    } catch (error) {
      if (!(error instanceof ModelOptionsError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) {
    throw new InputError(
      `nanograde run: ${problems.join('\n')}\nChoose values every model takes (--effort: ${OPTION_VALUES.effort.join(', ')}; --thinking: ${OPTION_VALUES.thinking.join(', ')}), or run the models apart.`,
    );
  }
  return options;
}

/** The ids from --models (comma lists, repeatable), else the default matrix. */
function modelIds(flags: string[] | undefined): string[] {
  const split = (list: string) =>
    list
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
  if (flags !== undefined) {
    const ids = flags.flatMap(split);
    if (ids.length === 0) {
      throw new InputError(`nanograde run: --models is empty; e.g. --models ${exampleModels()}`);
    }
    return ids;
  }
  return defaultMatrix().models;
}

/**
 * Resolves model ids, refusing unknown, retired and built-in ones (`what` prefixes the message);
 * an id the catalog does not list but nearly does runs, with a warning naming the one meant.
 */
function resolveModels(ids: string[], io: CliIO, what = ''): ResolvedModel[] {
  const prefix = `nanograde run: ${what === '' ? '' : `${what}: `}`;
  const models: ResolvedModel[] = [];
  for (const id of ids) {
    let model: ResolvedModel;
    try {
      model = resolveModel(id, defaultCatalog, io.env);
      assertNotRetired(model, defaultCatalog);
    } catch (error) {
      if (
        error instanceof UnknownModelError ||
        error instanceof RetiredModelError ||
        error instanceof BaseURLError
      ) {
        const message =
          error instanceof UnknownModelError
            ? unknownModelMessage(error, defaultCatalog)
            : error.message;
        throw new InputError(`${prefix}${message}`);
      }
      throw error;
    }
    try {
      assertLanguageModel(model);
    } catch (error) {
      throw new InputError(`${prefix}${(error as Error).message}`);
    }
    if (models.some((known) => known.id === model.id)) continue;
    models.push(model);
    const nearMiss = nearMissWarning(model, defaultCatalog);
    if (nearMiss !== undefined) io.err(`${prefix}warning: ${nearMiss}\n`);
  }
  return models;
}

function positiveNumber(
  text: string | undefined,
  flag: string,
  integer: boolean,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new InputError(
      `nanograde run: ${flag} must be a positive ${integer ? 'whole number' : 'number'}, not "${text}"`,
    );
  }
  return value;
}

/** `/regex/flags` is a regular expression; anything else is text the answer must contain. */
function expectedAnswer(given: string): ExpectedAnswer {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(given);
  if (!literal) {
    if (given.trim() === '') {
      throw new InputError(
        'nanograde run: --expect is empty; give the text the answer must contain',
      );
    }
    return { text: given };
  }
  try {
    return { pattern: new RegExp(literal[1] ?? '', literal[2]) };
  } catch (error) {
    throw new InputError(
      `nanograde run: --expect ${given} is not a valid regular expression: ${(error as Error).message}`,
    );
  }
}

function gradeOf(text: string | undefined): Grade {
  if (text === undefined) return DEFAULT_BAR;
  const grade = GRADES.find((known) => known === text.trim().toUpperCase());
  if (grade === undefined) {
    throw new InputError(`nanograde run: --bar must be one of ${GRADES.join(', ')}, not "${text}"`);
  }
  return grade;
}

function secondsToMs(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  const ms = Math.max(1, Math.round(seconds * 1000));
  if (ms > MAX_TIMEOUT_MS) {
    throw new InputError(
      `nanograde run: --timeout must be at most ${Math.floor(MAX_TIMEOUT_MS / 1000)} seconds (about 24.8 days), not "${seconds}"`,
    );
  }
  return ms;
}
