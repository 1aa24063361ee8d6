import { raceAbort } from '../agent/race-abort.js';

/** The built-in models that validate a case. */
export type Builtin = 'reference' | 'null';

/** What a test task shows of itself and its siblings (Vitest's Test, as far as the gate reads it). */
interface GateTask {
  readonly suite?: { readonly tasks: readonly SiblingTask[] } | undefined;
  readonly file: { readonly tasks: readonly SiblingTask[] };
}

interface SiblingTask {
  readonly name: string;
  readonly mode: string;
}

/**
 * One case's built-ins and what they found, for its real-model tests to wait on: the built-ins
 * are local, free and fast, so a case they show broken (the reference fails the checks, null
 * passes them, a check is misused) pays no model. A built-in this run does not run (a `-t`
 * filter, `.skip`, watch mode's filter) is not waited for: the real models then run as without it.
 */
export class CaseGate {
  readonly #found = new Map<
    Builtin,
    { promise: Promise<string | undefined>; settle: (broken: string | undefined) => void }
  >();

  /** `titles`: each built-in of the case and the name of its test. */
  constructor(private readonly titles: ReadonlyMap<Builtin, string>) {
    for (const builtin of titles.keys()) {
      let settle: (broken: string | undefined) => void = () => {};
      const promise = new Promise<string | undefined>((resolve) => {
        settle = resolve;
      });
      this.#found.set(builtin, { promise, settle });
    }
  }

  /** A built-in's test is over: why it found the case broken, or undefined (sound, skipped, or it could not tell). */
  settle(builtin: Builtin, broken: string | undefined): void {
    this.#found.get(builtin)?.settle(broken);
  }

  /**
   * Why the case is broken, once the built-ins this run runs have finished; undefined when they
   * found it sound or none runs. `task` is the waiting test (its siblings are the built-ins' tests);
   * `signal` gives up the wait (the test was aborted), as sound.
   */
  async brokenReason(task: GateTask, signal: AbortSignal): Promise<string | undefined> {
    const siblings = (task.suite ?? task.file).tasks;
    const waits = [...this.titles].flatMap(([builtin, title]) => {
      const test = siblings.find((sibling) => sibling.name === title);
      const runs = test !== undefined && (test.mode === 'run' || test.mode === 'queued');
      const found = this.#found.get(builtin);
      return runs && found ? [found.promise] : [];
    });
    if (waits.length === 0) return undefined;
    try {
      const reasons = await raceAbort(Promise.all(waits), signal);
      const broken = reasons.filter((reason): reason is string => reason !== undefined);
      return broken.length > 0 ? [...new Set(broken)].join('; ') : undefined;
    } catch {
      return undefined;
    }
  }
}
