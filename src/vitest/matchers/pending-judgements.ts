import type { MatcherState } from 'vitest';

/** The test a matcher runs in, as Vitest hands it over. */
export type JudgedTest = NonNullable<MatcherState['task']>;

/** One `toJudgeAtLeast` a test started. */
interface Judgement {
  /** How the user wrote it, e.g. `expect(run).toJudgeAtLeast('B')`. */
  call: string;
  settled: boolean;
  /** Someone asked for its result (`await`, `.then`, `Promise.all`…). */
  awaited: boolean;
  stop: AbortController;
  /** Settles (never rejects) when the judgement does. */
  done: Promise<void>;
}

interface TestJudgements {
  judgements: Set<Judgement>;
  /** Judgements not settled yet. */
  active: number;
  /** Told when the test starts judging (true) and when its last judgement settles (false). */
  listeners: Set<(judging: boolean) => void>;
  finishHookAdded: boolean;
}

const byTest = new WeakMap<JudgedTest, TestJudgements>();

function judgementsOf(test: JudgedTest): TestJudgements {
  let found = byTest.get(test);
  if (!found) {
    found = { judgements: new Set(), active: 0, listeners: new Set(), finishHookAdded: false };
    byTest.set(test, found);
  }
  return found;
}

/** Why a judgement was stopped: the test ended before anyone awaited its verdict. */
export class JudgementNotAwaited extends Error {
  constructor(readonly call: string) {
    super(`the test ended before the verdict: ${call} was not awaited`);
    this.name = 'JudgementNotAwaited';
  }
}

const noop = () => {};

/**
 * Starts a judgement for `test` and returns what the matcher hands to Vitest. Vitest calls its
 * `then` once, at once, to turn the outcome into a pass or a failure; what that returns is what
 * `expect(run).toJudgeAtLeast(…)` gives the user, and asking it for the result (`await`) marks
 * the judgement awaited. A judgement nobody awaited fails its test when the test ends
 * (`settleJudgements`), so an un-awaited judge never passes silently. `work` gets a signal that
 * stops it at that point. Outside a test (no `test`) it is the plain promise.
 */
export function trackJudgement<T>(
  test: JudgedTest | undefined,
  call: string,
  work: (stop: AbortSignal) => Promise<T>,
): Promise<T> {
  const stop = new AbortController();
  const promise = work(stop.signal);
  if (!test) return promise;
  const state = judgementsOf(test);
  const judgement: Judgement = {
    call,
    settled: false,
    awaited: false,
    stop,
    done: promise.then(noop, noop).finally(() => {
      state.active -= 1;
      if (state.active === 0) for (const listener of state.listeners) listener(false);
    }),
  };
  // Attached first, so it is set before any continuation of the user's `await` runs.
  promise.then(
    () => {
      judgement.settled = true;
    },
    () => {
      judgement.settled = true;
    },
  );
  state.judgements.add(judgement);
  state.active += 1;
  if (state.active === 1) for (const listener of state.listeners) listener(true);
  if (!state.finishHookAdded) {
    state.finishHookAdded = true;
    // Plain Vitest tests; agentTest settles its check's judgements itself, before its gates.
    test.context.onTestFinished(() =>
      settleJudgements(test, { testFailed: test.result?.state === 'fail' }),
    );
  }
  const handOff = {
    // biome-ignore lint/suspicious/noThenProperty: Vitest must see a thenable, and only this one.
    then<A, B>(
      onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
      onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
    ) {
      const outcome = promise.then(onFulfilled, onRejected);
      // Nobody may await it: the test's end reports it instead of an unhandled rejection.
      outcome.catch(noop);
      return awaitable(outcome, judgement);
    },
  };
  // A thenable, not a Promise: Vitest only calls `then` on what an async matcher returns.
  return handOff as unknown as Promise<T>;
}

/** `outcome`, marking the judgement awaited when anyone asks for its result. */
function awaitable<T>(outcome: Promise<T>, judgement: Judgement): Promise<T> {
  const asked = <R>(result: R): R => {
    judgement.awaited = true;
    return result;
  };
  const wrapped = {
    // biome-ignore lint/suspicious/noThenProperty: awaiting it is what marks the judgement awaited.
    then: (...args: Parameters<Promise<T>['then']>) => asked(outcome.then(...args)),
    catch: (...args: Parameters<Promise<T>['catch']>) => asked(outcome.catch(...args)),
    finally: (...args: Parameters<Promise<T>['finally']>) => asked(outcome.finally(...args)),
    [Symbol.toStringTag]: 'Promise',
  };
  return wrapped as Promise<T>;
}

/**
 * Ends the test's judgements: those not both awaited and settled are stopped and waited for.
 * Unless the test already failed (its own error says why), throws when one was not awaited,
 * saying how to fix it.
 */
export async function settleJudgements(
  test: JudgedTest,
  options: { testFailed: boolean },
): Promise<void> {
  const state = byTest.get(test);
  if (!state) return;
  const open = [...state.judgements].filter((j) => !(j.awaited && j.settled));
  state.judgements.clear();
  for (const judgement of open) judgement.stop.abort(new JudgementNotAwaited(judgement.call));
  await Promise.all(open.map((judgement) => judgement.done));
  if (open.length === 0 || options.testFailed) return;
  const calls = [...new Set(open.map((judgement) => judgement.call))];
  throw new Error(
    `${calls.join(', ')} was not awaited, so the test ended before the judge's verdict. Write \`await ${calls[0]}\`: a judgement is async.`,
  );
}

/**
 * Calls `listener(true)` when the test starts judging and `listener(false)` when its last
 * judgement settles (e.g. to stop a check's clock while a judge works). Returns the unsubscribe.
 */
export function onJudging(test: JudgedTest, listener: (judging: boolean) => void): () => void {
  const state = judgementsOf(test);
  state.listeners.add(listener);
  if (state.active > 0) listener(true);
  return () => state.listeners.delete(listener);
}
