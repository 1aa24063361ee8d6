import { type JudgedTest, onJudging } from './matchers/pending-judgements.js';

/** A check ran out of its time. */
export class CheckTimeout extends Error {
  constructor(ms: number) {
    super(
      `the check ran longer than the run's time limit of ${ms / 1000} s (time spent judging not counted)`,
    );
    this.name = 'CheckTimeout';
  }
}

/**
 * A signal that aborts after `ms` of the check's own time. The clock stops while the test's
 * judge works (waiting for a judge slot included): the judge has its own timeout, and a slow
 * or queued judge must leave the run unscored, not fail its check.
 */
export function checkClock(test: JudgedTest, ms: number): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  let remaining = ms;
  let startedAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    startedAt = performance.now();
    timer = setTimeout(() => controller.abort(new CheckTimeout(ms)), Math.max(0, remaining));
  };
  const pause = () => {
    clearTimeout(timer);
    remaining -= performance.now() - startedAt;
  };
  run();
  const unsubscribe = onJudging(test, (judging) => (judging ? pause() : run()));
  return {
    signal: controller.signal,
    stop: () => {
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
