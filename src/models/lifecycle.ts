import { nanogradeVariable } from '../env/nanograde-env.js';
import type { ModelEntry, ModelStatus } from './model-schema.js';

/** Where a model stands on a given day. */
export type Lifecycle = ModelStatus['state'];

/**
 * The moment model lifecycles are judged at: `NANOGRADE_NOW` ('YYYY-MM-DD') when set — to replay
 * recordings of models retired since, or to keep a test suite from depending on the calendar —
 * else now.
 */
export function lifecycleNow(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Date {
  const pinned = nanogradeVariable('NANOGRADE_NOW', env);
  return pinned === undefined ? new Date() : new Date(`${pinned}T00:00:00Z`);
}

/** The UTC calendar day of `now` ('YYYY-MM-DD'): vendors date retirements by day. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Where `entry` stands on `now`: a deprecated model counts as retired from its `retiresOn` day on
 * (requests to it fail from that day), so a catalog read later needs no edit to stay true.
 */
export function lifecycleOf(entry: ModelEntry, now: Date = lifecycleNow()): Lifecycle {
  const { status } = entry;
  if (status.state === 'deprecated' && status.retiresOn <= dayOf(now)) return 'retired';
  return status.state;
}

/** Whether requests to `entry` fail on `now` (retired, or deprecated past its retirement day). */
export function isRetired(entry: ModelEntry, now: Date = lifecycleNow()): boolean {
  return lifecycleOf(entry, now) === 'retired';
}

/** The day requests to `entry` stopped or stop working, when the catalog knows it. */
export function retirementDay(entry: ModelEntry): string | undefined {
  const { status } = entry;
  if (status.state === 'deprecated') return status.retiresOn;
  return status.state === 'retired' ? status.since : undefined;
}

/** Whole days from `now`'s UTC day to `day` ('YYYY-MM-DD'); negative once it has passed. */
export function daysUntil(day: string, now: Date = lifecycleNow()): number {
  return Math.round((Date.parse(day) - Date.parse(dayOf(now))) / 86_400_000);
}
