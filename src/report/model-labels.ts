import { defaultCatalog, findModel } from '../models/catalog.js';

/**
 * Short names for tables: each id without its provider prefix (`gpt-5-mini`, `gpt-oss:20b`,
 * `reference`), or the whole id where two models would share a short name, or where the short
 * name is the catalog's name for another model (`openai-compatible:gpt-5-mini`, served by a
 * proxy, is not OpenAI's `gpt-5-mini`, and its unknown price must not read as OpenAI's).
 */
export function modelLabels(models: { model: string; provider: string }[]): Map<string, string> {
  const short = (m: { model: string; provider: string }) =>
    m.model.startsWith(`${m.provider}:`) ? m.model.slice(m.provider.length + 1) : m.model;
  const owners = new Map<string, Set<string>>();
  for (const m of models) {
    const set = owners.get(short(m)) ?? new Set<string>();
    set.add(m.model);
    owners.set(short(m), set);
  }
  const labels = new Map<string, string>();
  const namesAnother = (m: { model: string }, name: string) => {
    const entry = findModel(defaultCatalog, name);
    return entry !== undefined && entry.id !== m.model;
  };
  for (const m of models) {
    const name = short(m);
    const ambiguous = (owners.get(name)?.size ?? 0) > 1 || namesAnother(m, name);
    labels.set(m.model, ambiguous ? m.model : name);
  }
  return labels;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(rank: number): string {
  const tens = rank % 100;
  if (tens >= 11 && tens <= 13) return `${rank}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][rank % 10] ?? 'th';
  return `${rank}${suffix}`;
}
