import type { RunError } from '../records/agent-run.js';

/** A run stopped by nanograde itself (its wall clock, or a limit), saying how it ended. */
class RunStop extends Error {
  constructor(readonly error: RunError) {
    super(error.message);
    this.name = 'RunStop';
  }
}

/** A run's deadline and its own stop switch, joined with the caller's signal. */
export interface RunClock {
  /** Aborts at the deadline, when `stop` is called, or when the caller's signal aborts. */
  signal: AbortSignal;
  /** Ends the run with `error` (a limit it reached). */
  stop(error: RunError): void;
  /** Cancels the deadline; call it when the run is over. */
  clear(): void;
}

/** Starts a run's clock: after `timeoutMs` its signal aborts with a `timeout` error. */
export function startRunClock(timeoutMs: number, outer?: AbortSignal): RunClock {
  const own = new AbortController();
  const timer = setTimeout(
    () =>
      own.abort(
        new RunStop({
          kind: 'timeout',
          message: `the run exceeded its wall-clock timeout of ${timeoutMs} ms`,
        }),
      ),
    timeoutMs,
  );
  return {
    signal: outer ? AbortSignal.any([own.signal, outer]) : own.signal,
    stop: (error) => own.abort(new RunStop(error)),
    clear: () => clearTimeout(timer),
  };
}

/** How an aborted run ended: its own stop (timeout, a limit), or the caller's abort. */
export function stoppedRunError(signal: AbortSignal): RunError {
  const reason: unknown = signal.reason;
  if (reason instanceof RunStop) return reason.error;
  const said = reason instanceof Error ? reason.message : String(reason);
  return { kind: 'aborted', message: `the run was aborted: ${said}` };
}
