import type { MatcherState } from 'vitest';
import { formatDuration, formatUsd, plural } from '../../format/format-values.js';
import { describeRun } from './describe-run.js';
import { type MatcherOutcome, outcome } from './matcher-outcome.js';
import { MatcherUsageError } from './matcher-usage-error.js';
import { expectAgentRun, kindOf } from './received-values.js';

// How a user gives a model its price; kept here so the message and the catalog stay in step.
const PRICE_HINT =
  "add the model's price to the catalog overrides, e.g. prices: { 'provider:model': { input: 1.25, output: 10 } } (USD per million tokens), or { local: true } for a free local model";

function expectLimit(matcher: string, what: string, value: unknown, integer: boolean): number {
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    (!integer || Number.isInteger(value));
  if (!valid) {
    const got = typeof value === 'number' ? String(value) : kindOf(value);
    throw new MatcherUsageError(`${matcher} expects ${what}, got ${got}`);
  }
  return value;
}

/** Formats two amounts, falling back to exact numbers when rounding would make them look equal. */
function formatPair(
  actual: number,
  limit: number,
  format: (value: number) => string,
  exact: (value: number) => string,
): [string, string] {
  const pair: [string, string] = [format(actual), format(limit)];
  return pair[0] === pair[1] && actual !== limit ? [exact(actual), exact(limit)] : pair;
}

const usdPair = (cost: number, max: number) => formatPair(cost, max, formatUsd, (usd) => `$${usd}`);
const durationPair = (ms: number, max: number) =>
  formatPair(ms, max, formatDuration, (value) => `${value}ms`);

/** Checks that the run took at most `maxTurns` model turns. */
export function toUseAtMostTurns(
  this: MatcherState,
  received: unknown,
  maxTurns: number,
): MatcherOutcome {
  const run = expectAgentRun('toUseAtMostTurns', received);
  expectLimit('toUseAtMostTurns', 'a whole number of turns (0 or more)', maxTurns, true);
  return outcome(
    run.turns <= maxTurns,
    () =>
      `expected the run to use at most ${plural(maxTurns, 'turn')}, but it used ${run.turns}\n${describeRun(run)}`,
    () =>
      `expected the run to use more than ${plural(maxTurns, 'turn')}, but it used ${run.turns}\n${describeRun(run)}`,
  );
}

/**
 * Checks that the run cost at most `maxUsd` US dollars. A run whose price is unknown
 * (`costUsd: null`) fails both this and `.not`: an unknown cost is never taken as cheap or dear.
 */
export function toCostAtMost(
  this: MatcherState,
  received: unknown,
  maxUsd: number,
): MatcherOutcome {
  const run = expectAgentRun('toCostAtMost', received);
  expectLimit('toCostAtMost', 'a cost in USD (a number, 0 or more)', maxUsd, false);
  const cost = run.costUsd;
  if (cost === null) {
    const negated = this.isNot ? '.not.' : '.';
    const message = `cannot check expect(run)${negated}toCostAtMost(${formatUsd(maxUsd)}): the price of ${run.model} is unknown, so the run's cost is unknown (nanograde never counts an unknown price as $0). To grade cost, ${PRICE_HINT}\n${describeRun(run, { toolCalls: false, output: false })}`;
    // Failing under `.not` needs `pass: true`, so the result follows the negation.
    return { pass: this.isNot, message: () => message };
  }
  const [spent, limit] = usdPair(cost, maxUsd);
  return outcome(
    cost <= maxUsd,
    () => `expected the run to cost at most ${limit}, but it cost ${spent}\n${describeRun(run)}`,
    () => `expected the run to cost more than ${limit}, but it cost ${spent}\n${describeRun(run)}`,
  );
}

/** Checks that the run took at most `maxMs` milliseconds of wall-clock time. */
export function toFinishWithin(
  this: MatcherState,
  received: unknown,
  maxMs: number,
): MatcherOutcome {
  const run = expectAgentRun('toFinishWithin', received);
  expectLimit('toFinishWithin', 'a duration in milliseconds (a number, 0 or more)', maxMs, false);
  const [took, limit] = durationPair(run.durationMs, maxMs);
  return outcome(
    run.durationMs <= maxMs,
    () => `expected the run to finish within ${limit}, but it took ${took}\n${describeRun(run)}`,
    () => `expected the run to take longer than ${limit}, but it took ${took}\n${describeRun(run)}`,
  );
}
