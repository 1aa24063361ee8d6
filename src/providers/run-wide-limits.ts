import { PROVIDER_FACTS, PROVIDER_NAMES, type ProviderName } from '../records/provider-facts.js';
import { type Concurrency, type LimitRule, limitRule } from './slot-limits.js';

type Env = Readonly<Record<string, string | undefined>>;

/** One project's say on the provider limits: its name and its `concurrency` option. */
export interface ProjectLimits {
  name: string;
  concurrency?: Concurrency | undefined;
}

/** Two projects that set a provider's limit differently, and the rule the whole run keeps. */
export interface LimitDisagreement {
  provider: ProviderName;
  /** Each project that set the provider, with its rule (defaults filled in). */
  rules: { project: string; rule: LimitRule }[];
  /** The strictest of them, which holds across the run. */
  runWide: LimitRule;
}

/** The limits of one run shared by several projects, and where the projects disagreed. */
export interface RunWideLimits {
  concurrency: Concurrency;
  disagreements: LimitDisagreement[];
}

/**
 * One rule that keeps every one of `rules`: the lowest `max`, one limit for the whole provider
 * if any rule says so (it then bounds each model too), adaptive if any is, the slowest recovery.
 */
export function strictestRule(first: LimitRule, ...rest: LimitRule[]): LimitRule {
  return rest.reduce(
    (strictest, rule) => ({
      max: Math.min(strictest.max, rule.max),
      per: strictest.per === 'provider' || rule.per === 'provider' ? 'provider' : 'model',
      adaptive: strictest.adaptive || rule.adaptive,
      recoverMs: Math.max(strictest.recoverMs, rule.recoverMs),
    }),
    first,
  );
}

/**
 * The limits of a run whose projects share one coordinator: provider limits belong to an API key
 * (or a local server), not to a project. A provider that no project sets keeps its defaults; one
 * that projects set gets the strictest of their rules (a project that does not set it has no
 * say), so the run never sends more than any project allows.
 */
export function runWideConcurrency(
  projects: readonly ProjectLimits[],
  env: Env = process.env,
): RunWideLimits {
  const concurrency: Concurrency = {};
  const disagreements: LimitDisagreement[] = [];
  const providers = new Set(
    projects.flatMap(({ concurrency }) => Object.keys(concurrency ?? {}) as ProviderName[]),
  );
  for (const provider of providers) {
    const rules = projects
      .filter(({ concurrency }) => concurrency?.[provider] !== undefined)
      .map(({ name, concurrency }) => ({
        project: name,
        rule: limitRule(provider, concurrency, env),
      }));
    const [first, ...rest] = rules.map(({ rule }) => rule);
    if (!first) continue;
    const runWide = strictestRule(first, ...rest);
    concurrency[provider] = runWide;
    // Compared in words: a fixed limit's recovery time means nothing.
    const said = describeLimitRule(first);
    if (rest.some((rule) => describeLimitRule(rule) !== said)) {
      disagreements.push({ provider, rules, runWide });
    }
  }
  return { concurrency, disagreements };
}

/** A cloud provider's limit split between shards: the whole rule and this shard's share. */
export interface ShardShare {
  provider: ProviderName;
  whole: LimitRule;
  share: number;
}

/**
 * The limits of one shard of a run split with `--shard=i/n`. Shards are separate Vitest processes
 * (in CI, separate machines) that run at once on the same API keys, so each cloud provider's
 * limit is split between them: each shard keeps `max / n`, rounded down, at least 1. Ollama's
 * limits belong to a server, which each shard's machine has its own of, and stay whole.
 */
export function shardConcurrency(
  concurrency: Concurrency,
  shardCount: number,
  env: Env = process.env,
): { concurrency: Concurrency; shares: ShardShare[] } {
  if (shardCount <= 1) return { concurrency, shares: [] };
  const shared: Concurrency = { ...concurrency };
  const shares: ShardShare[] = [];
  for (const provider of PROVIDER_NAMES) {
    const facts = PROVIDER_FACTS[provider];
    if (facts.local || !facts.languageModel) continue;
    const whole = limitRule(provider, concurrency, env);
    const share = Math.max(1, Math.floor(whole.max / shardCount));
    shared[provider] = { ...whole, max: share };
    shares.push({ provider, whole, share });
  }
  return { concurrency: shared, shares };
}

/** A rule in words: `2 at once per model, fixed`, `8 at once, adaptive (one more every 10 s)`. */
export function describeLimitRule(rule: LimitRule): string {
  const scope = rule.per === 'model' ? ' per model' : '';
  const behaviour = rule.adaptive
    ? `adaptive (one more every ${rule.recoverMs / 1000} s)`
    : 'fixed';
  return `${rule.max} at once${scope}, ${behaviour}`;
}
