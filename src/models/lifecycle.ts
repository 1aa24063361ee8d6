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
  const pinned = env.NANOGRADE_NOW?.trim();
  if (!pinned) return new Date();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(pinned) ? new Date(`${pinned}T00:00:00Z`) : null;
  if (day === null || Number.isNaN(day.getTime()) || dayOf(day) !== pinned) {
    throw new Error(`NANOGRADE_NOW must be a calendar day such as 2026-11-23, not "${pinned}".`);
  }
  return day;
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
