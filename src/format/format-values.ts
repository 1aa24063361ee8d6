/**
 * nanograde's one way of writing numbers for people: tables, reports, bar checks, matcher
 * messages and the CLI all use it, so a cost or a time reads the same everywhere (compact:
 * `4.2s`, `$0.012`, `1.2k`).
 */
/** A duration for tables: 850ms, 4.2s, 12.3s, 1m 05s, 1h 02m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** A token count for tables: 950, 1.2k, 12.3k, 123k, 1.23M. */
export function formatTokens(count: number): string {
  if (count < 1000) return String(count);
  if (count < 100_000) return `${trimZero((count / 1000).toFixed(1))}k`;
  if (count < 1_000_000) return `${Math.round(count / 1000)}k`;
  return `${trimZero((count / 1_000_000).toFixed(2))}M`;
}

function trimZero(text: string): string {
  return text.replace(/\.0+$/, '');
}

/** USD for tables: ? (unknown), $0, $12.34, $0.123, $0.00046 (two significant digits below a cent). */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '?';
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(3)}`;
  if (usd < 0.000_001) return '<$0.000001';
  return `$${Number(usd.toPrecision(2)).toString()}`;
}

/** A ratio to the best run: 1.0×, 2.4×, 13×. */
export function formatRatio(ratio: number): string {
  return ratio < 10 ? `${ratio.toFixed(1)}×` : `${Math.round(ratio)}×`;
}

/** A count with its noun: 1 turn, 3 turns. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The first line of a message, for one-line notes. */
export function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.trim();
}
