import { PROVIDER_FACTS, type ProviderName } from '../records/provider-facts.js';
import type { BarsConfig, RunBars } from './bars-schema.js';

/** The bars one run is held to, with where each came from. */
export interface ResolvedBars {
  bars: RunBars;
  sources: Partial<Record<keyof RunBars, string>>;
}

/** The model a bar may be chosen for: its canonical id and provider. */
export interface BarModel {
  id: string;
  provider: ProviderName;
}

/** Built-in groups: `local` runs on this machine (Ollama), `cloud` is every hosted language model. */
const BUILTIN_GROUPS: Record<string, (model: BarModel) => boolean> = {
  local: (model) => PROVIDER_FACTS[model.provider].local,
  cloud: (model) =>
    !PROVIDER_FACTS[model.provider].local && PROVIDER_FACTS[model.provider].languageModel,
};

/** Whether a model id matches a pattern: an exact id, or `*` standing for any characters. */
export function matchesModelPattern(id: string, pattern: string): boolean {
  if (!pattern.includes('*')) return id === pattern;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(id);
}

/**
 * How specifically an override key names a model: 3 its exact id (or the id without its
 * provider, as test names show it), 2 a pattern, 1 a group
 * (built-in or from `groups`), 0 no match. More specific overrides win.
 */
function specificity(key: string, model: BarModel, groups: BarsConfig['groups']): number {
  if (key === model.id || key === model.id.slice(model.provider.length + 1)) return 3;
  const group = groups?.[key];
  if (group) return group.some((pattern) => matchesModelPattern(model.id, pattern)) ? 1 : 0;
  const builtin = BUILTIN_GROUPS[key];
  if (builtin) return builtin(model) ? 1 : 0;
  return key.includes('*') && matchesModelPattern(model.id, key) ? 2 : 0;
}

function apply(target: ResolvedBars, bars: RunBars | undefined, source: string): void {
  if (!bars) return;
  for (const name of ['minGrade', 'maxCostUsd', 'maxDurationMs'] as const) {
    if (bars[name] === undefined) continue;
    Object.assign(target.bars, { [name]: bars[name] });
    target.sources[name] = source;
  }
}

function applyOverrides(
  target: ResolvedBars,
  overrides: Record<string, RunBars> | undefined,
  model: BarModel,
  groups: BarsConfig['groups'],
  prefix: string,
): void {
  const matching = Object.entries(overrides ?? {})
    .map(([key, bars]) => ({ key, bars, rank: specificity(key, model, groups) }))
    .filter((override) => override.rank > 0)
    // Stable: among equally specific keys the later one in the config wins.
    .sort((a, b) => a.rank - b.rank);
  for (const { key, bars } of matching)
    apply(target, bars, `${prefix}.models[${JSON.stringify(key)}]`);
}

/**
 * The bars of one case × model, each from the most specific place that sets it: the project's
 * defaults, then `models` overrides (group < pattern < exact id), then the case's own bars
 * (agentTest's `bars`), then `cases[name]`, then `cases[name].models`.
 */
export function resolveBars(
  config: BarsConfig | undefined,
  caseName: string,
  model: BarModel,
  caseBars?: RunBars,
): ResolvedBars {
  const resolved: ResolvedBars = { bars: {}, sources: {} };
  if (config) {
    apply(resolved, config, 'bars');
    applyOverrides(resolved, config.models, model, config.groups, 'bars');
  }
  apply(resolved, caseBars, 'case');
  const forCase = config?.cases?.[caseName];
  if (forCase) {
    const where = `bars.cases[${JSON.stringify(caseName)}]`;
    apply(resolved, forCase, where);
    applyOverrides(resolved, forCase.models, model, config?.groups, where);
  }
  return resolved;
}
