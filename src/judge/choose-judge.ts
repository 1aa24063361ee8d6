import { nanogradeVariable } from '../env/nanograde-env.js';
import type { Catalog } from '../models/catalog.js';
import { type ResolvedModel, resolveModel } from '../models/resolve-model.js';
import { availability } from '../providers/availability.js';
import type { Availability } from '../providers/provider-types.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The default judges, tried in this order when none is named: each cloud one only when its key
 * is set, the local one when Ollama serves it.
 */
export const DEFAULT_JUDGES = [
  { id: 'openai:gpt-6.1-terra', needs: 'OPENAI_API_KEY' },
  { id: 'anthropic:claude-sonnet-5-5', needs: 'ANTHROPIC_API_KEY' },
  { id: 'ollama:gpt-oss:120b', needs: undefined },
] as const;

/** Where the judge model came from. */
export type JudgeSource = 'option' | 'NANOGRADE_JUDGE' | 'config' | 'default';

/** The judge to use, or why there is none (with how to configure one). */
export type JudgeChoice =
  | { ok: true; model: ResolvedModel; source: JudgeSource }
  | {
      ok: false;
      message: string;
      /** The judge that was named but cannot run; absent when no default could run. */
      named?: string;
    };

export interface ChooseJudgeOptions {
  /** The matcher's `judge` option. */
  option?: string | undefined;
  /** The project's `judge` (agentsProject). */
  config?: string | undefined;
  env?: Env;
  catalog?: Catalog;
  /** Checks that a model can run here; defaults to the providers' own check, cached. */
  availability?: (model: ResolvedModel) => Promise<Availability>;
}

/** How to get a judge, for every message that says there is none. */
export const CONFIGURE_JUDGE = [
  'Configure a judge model: set NANOGRADE_JUDGE (e.g. NANOGRADE_JUDGE=openai:gpt-6.1-terra),',
  "or pass { judge: 'anthropic:claude-sonnet-5-5' } to toJudgeAtLeast or agentsProject({ judge }),",
  `or make a default available: OPENAI_API_KEY (${DEFAULT_JUDGES[0].id}), ANTHROPIC_API_KEY (${DEFAULT_JUDGES[1].id}),`,
  'or a local Ollama with `ollama pull gpt-oss:120b`.',
  'For a task with an exact answer, grade with { oracle } instead: it needs no model.',
].join(' ');

const SOURCE_LABELS: Record<JudgeSource, string> = {
  option: 'the `judge` option',
  NANOGRADE_JUDGE: 'NANOGRADE_JUDGE',
  config: "the project's `judge`",
  default: 'the default',
};

// Only successes are kept: a missing key or a stopped Ollama may be fixed while tests run.
const availableJudges = new Map<string, Promise<Availability>>();

/** The providers' availability check, remembered per model and provider environment. */
function cachedAvailability(model: ResolvedModel): Promise<Availability> {
  const env = process.env;
  const key = JSON.stringify([
    model.id,
    model.baseURL,
    env.OPENAI_API_KEY,
    env.OPENAI_BASE_URL,
    env.ANTHROPIC_API_KEY,
    env.ANTHROPIC_BASE_URL,
    env.OLLAMA_HOST,
  ]);
  const known = availableJudges.get(key);
  if (known) return known;
  const check = availability(model);
  availableJudges.set(key, check);
  check.then(
    (result) => {
      if (!result.available) availableJudges.delete(key);
    },
    () => availableJudges.delete(key),
  );
  return check;
}

const nonEmpty = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * Picks the judge model: the matcher's option, else NANOGRADE_JUDGE, else the project's config,
 * else the first default that can run here (see DEFAULT_JUDGES). A named judge that cannot run
 * here is reported, never swapped for another.
 */
export async function chooseJudge(options: ChooseJudgeOptions = {}): Promise<JudgeChoice> {
  const env = options.env ?? process.env;
  const check = options.availability ?? cachedAvailability;
  const named: [string | undefined, JudgeSource][] = [
    [nonEmpty(options.option), 'option'],
    [nanogradeVariable('NANOGRADE_JUDGE', env), 'NANOGRADE_JUDGE'],
    [nonEmpty(options.config), 'config'],
  ];
  const [id, source] = named.find(([value]) => value !== undefined) ?? [undefined, 'default'];
  if (id !== undefined) {
    let model: ResolvedModel;
    try {
      model = resolveModel(id, options.catalog, env);
    } catch (error) {
      return {
        ok: false,
        named: id,
        message: `The judge "${id}" (from ${SOURCE_LABELS[source]}) is not a usable model id: ${(error as Error).message}\n${CONFIGURE_JUDGE}`,
      };
    }
    const available = await check(model);
    if (!available.available) {
      return {
        ok: false,
        named: model.id,
        message: `The judge ${model.id} (from ${SOURCE_LABELS[source]}) cannot run here: ${available.message}\n${CONFIGURE_JUDGE}`,
      };
    }
    return { ok: true, model, source };
  }
  const tried: string[] = [];
  for (const candidate of DEFAULT_JUDGES) {
    if (candidate.needs !== undefined && nonEmpty(env[candidate.needs]) === undefined) continue;
    const model = resolveModel(candidate.id, options.catalog, env);
    const available = await check(model);
    if (available.available) return { ok: true, model, source: 'default' };
    tried.push(`${candidate.id}: ${available.message}`);
  }
  return {
    ok: false,
    message: `No judge model is available for toJudgeAtLeast (tried ${tried.join('; ')}).\n${CONFIGURE_JUDGE}`,
  };
}
