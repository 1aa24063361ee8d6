import type { AgentRun } from './agent-run.js';
import type { BarCheck, RepeatInfo } from './bar-check.js';
import type { AgentInfo, CaseRecord, JudgeRecord } from './case-record.js';
import type { Grade } from './grade.js';

/** What a case record starts with: the case, the model, and what the case itself says. */
export interface CaseRecordStart {
  case: string;
  model: string;
  provider: string;
  builtin?: 'reference' | 'null' | undefined;
  /** What ran the case: the nano agent (with its tools) or the user's own agent. */
  agent?: AgentInfo | undefined;
  expected?: string | undefined;
  rubric?: string | undefined;
  /** The judge bars the case asks for, known before it runs. */
  judgeBars?: Grade[] | undefined;
  repeat?: RepeatInfo | undefined;
}

/** Where a run's provider traffic came from or went to: a cassette, recorded or replayed. */
export type CassetteInfo = NonNullable<CaseRecord['fixture']>;

type SetOnce = 'unavailable' | 'run' | 'fixture' | 'bars' | 'brokenCase' | 'toleratedFailure';

/**
 * The one writer of a case record. agentTest and the CLI start one per case × model; the
 * feature folders hand it their results (the run, a judgement, the cassette, bar checks, why a
 * model could not run, a broken case, a tolerated failure) instead of writing into a shared
 * object. Each field is written once (judgements are appended); writing one twice is a bug and
 * throws. `record` is the plain JSON itself, which agentTest puts into task meta for reporters.
 */
export class CaseRecordBuilder {
  readonly #record: CaseRecord;

  constructor(start: CaseRecordStart) {
    this.#record = {
      schemaVersion: 1,
      case: start.case,
      model: start.model,
      provider: start.provider,
    };
    // Absent rather than undefined: the record travels as JSON.
    if (start.builtin !== undefined) this.#record.builtin = start.builtin;
    if (start.agent !== undefined) this.#record.agent = start.agent;
    if (start.expected !== undefined) this.#record.expected = start.expected;
    if (start.rubric !== undefined) this.#record.rubric = start.rubric;
    if (start.judgeBars !== undefined && start.judgeBars.length > 0) {
      this.#record.judgeBars = [...start.judgeBars];
    }
    if (start.repeat !== undefined) this.#record.repeat = start.repeat;
  }

  /** The record so far. */
  get record(): Readonly<CaseRecord> {
    return this.#record;
  }

  /** The model could not run here: why, and what to do. */
  unavailable(reason: string, message: string): void {
    this.#setOnce('unavailable', { reason, message });
  }

  /** The finished run. */
  run(run: AgentRun): void {
    this.#setOnce('run', run);
  }

  /** One more `toJudgeAtLeast` verdict. */
  judgement(verdict: JudgeRecord): void {
    this.#record.judgements = [...(this.#record.judgements ?? []), verdict];
  }

  /** A replay reports the judge durations the recording measured, in the order they were made. */
  recordedJudgeDurations(durationsMs: readonly number[]): void {
    const { judgements } = this.#record;
    if (!judgements) return;
    this.#record.judgements = judgements.map((verdict, index) => {
      const recorded = durationsMs[index];
      return recorded === undefined ? verdict : { ...verdict, durationMs: recorded };
    });
  }

  /** The run's traffic was recorded into, or replayed from, this cassette. */
  cassette(info: CassetteInfo): void {
    this.#setOnce('fixture', info);
  }

  /** The bars the run was held to, and whether each held. */
  barChecks(checks: BarCheck[]): void {
    this.#setOnce('bars', checks);
  }

  /** The case cannot tell a good run from none (said on a built-in's record). */
  brokenCase(reason: string): void {
    this.#setOnce('brokenCase', reason);
  }

  /** Why the run failed when `minPass` still let its test pass; the report counts it as failed. */
  toleratedFailure(messages: string[]): void {
    this.#setOnce('toleratedFailure', messages);
  }

  #setOnce<K extends SetOnce>(field: K, value: NonNullable<CaseRecord[K]>): void {
    if (this.#record[field] !== undefined) {
      throw new Error(
        `the case record of "${this.#record.case}" on ${this.#record.model} already has ${field}`,
      );
    }
    this.#record[field] = value;
  }
}
