import { describe, expect, it } from 'vitest';
import {
  CLASSIFIED_RUN_ERRORS,
  isBareMessage,
  type ReportRecordView,
  recordsByCase,
  verdictOf,
} from '../../scripts/fault-bench/run-outcomes.js';
import { RunErrorSchema } from '../../src/records/agent-run.js';

/** A report.json record as the fault bench reads it, passed unless told otherwise. */
function record(fields: Record<string, unknown> = {}): ReportRecordView {
  const records = recordsByCase({
    records: [
      {
        case: 'run 0001',
        model: 'openai:gpt-6-luna',
        status: 'passed',
        errors: [],
        runError: null,
        run: { durationMs: 120, turns: 2 },
        judgements: [],
        ...fields,
      },
    ],
  });
  return records.get('run 0001') as ReportRecordView;
}

const evidence = { ended: true, childStopped: false, timeoutMs: 10_000, marginMs: 5_000 };
const verdict = (fields?: Record<string, unknown>) =>
  verdictOf({ ...evidence, record: record(fields) });
const providerError = (providerMessage: string, kind = 'network') => ({
  status: 'failed',
  runError: {
    kind: 'provider',
    message: `openai request failed on turn 2: ${providerMessage}`,
    provider: { kind, providerMessage },
  },
});

describe('the fault bench’s verdict on a run', () => {
  it('passes a passed run, and fails one with a classified run error for its stated reason', () => {
    expect(verdict()).toEqual({ outcome: 'passed', lost: false, why: 'passed' });
    const timedOut = verdict({
      status: 'failed',
      runError: { kind: 'timeout', message: 'the run exceeded its timeout of 10000 ms' },
    });
    expect(timedOut).toMatchObject({ outcome: 'failed', lost: false });
    expect(verdict(providerError('the connection closed before the answer ended'))).toMatchObject({
      outcome: 'failed',
    });
  });

  it('calls a failed test without a run a crash, and its record lost', () => {
    const threw = verdict({ status: 'failed', run: undefined, errors: ['terminated\n  at …'] });
    expect(threw).toEqual({ outcome: 'crashed', lost: true, why: 'threw: terminated' });
  });

  it('calls a failure that nothing explains a crash', () => {
    const silent = verdict({
      status: 'failed',
      errors: ['The operation was aborted due to timeout'],
    });
    expect(silent).toMatchObject({ outcome: 'crashed', lost: false });
    expect(silent.why).toMatch(/no run error: The operation was aborted/);
    // An unscored judgement or a grade below the bar is a stated reason.
    const unscored = verdict({
      status: 'failed',
      judgements: [{ status: 'unscored', reason: 'judge timed out after 120 s' }],
    });
    expect(unscored.outcome).toBe('failed');
    const below = verdict({
      status: 'failed',
      judgements: [{ status: 'graded', grade: 'D', bar: 'B', reason: 'wrong' }],
    });
    expect(below).toMatchObject({ outcome: 'failed', why: 'judged D, below B' });
  });

  it('knows every run error kind the run record has, and no other', () => {
    expect([...CLASSIFIED_RUN_ERRORS].sort()).toEqual(
      [...RunErrorSchema.shape.kind.options].sort(),
    );
    const emptyAnswer = verdict({
      status: 'failed',
      runError: { kind: 'empty_answer', message: 'turn 1 ended with reasoning only' },
    });
    expect(emptyAnswer.outcome).toBe('failed');
  });

  it('calls bare library messages and unknown kinds unclassified', () => {
    expect(verdict(providerError('terminated')).outcome).toBe('unclassified');
    expect(verdict(providerError('ok words', 'mystery')).outcome).toBe('unclassified');
    expect(
      verdict({ status: 'failed', runError: { kind: 'exploded', message: 'it exploded' } }).outcome,
    ).toBe('unclassified');
    const judge = verdict({
      status: 'failed',
      judgements: [{ status: 'unscored', reason: "the judge's request failed: fetch failed" }],
    });
    expect(judge.outcome).toBe('unclassified');
  });

  it('calls a run hung when it outlived its limit, or never ended before the child was stopped', () => {
    expect(verdict({ run: { durationMs: 15_001 } })).toMatchObject({ outcome: 'hung' });
    expect(verdict({ run: { durationMs: 14_999 } }).outcome).toBe('passed');
    expect(
      verdict({ status: 'skipped', run: undefined, note: 'did not finish (run interrupted)' }),
    ).toMatchObject({ outcome: 'hung', lost: false });
    const stopped = { ...evidence, childStopped: true, record: undefined };
    expect(verdictOf({ ...stopped, ended: false })).toMatchObject({ outcome: 'hung', lost: false });
    // It ended, but the report that would have held it was never written.
    expect(verdictOf({ ...stopped, ended: true })).toMatchObject({
      outcome: 'missing',
      lost: true,
    });
  });

  it('counts a run missing from a report that was written as lost', () => {
    expect(verdictOf({ ...evidence, record: undefined })).toEqual({
      outcome: 'missing',
      lost: true,
      why: 'no record in report.json',
    });
  });
});

describe('isBareMessage', () => {
  it('knows the library’s bare words, after nanograde’s lead-in', () => {
    for (const bare of [
      'terminated',
      'openai request failed on turn 1: fetch failed',
      'Unexpected end of JSON input',
      `Unexpected token '=', ..."ol_choice"="auto"... is not valid JSON`,
      'Unterminated string in JSON at position 152',
      "the judge's request failed: other side closed",
    ]) {
      expect(isBareMessage(bare), bare).toBe(true);
    }
  });

  it('accepts a message that says what happened, even when it quotes the library', () => {
    for (const told of [
      'the connection closed before the answer ended (terminated)',
      "server: Ollama at http://127.0.0.1:1 sent a body that is not JSON: Unexpected token '=' is not valid JSON",
      'judge timed out after 120 s',
    ]) {
      expect(isBareMessage(told), told).toBe(false);
    }
  });
});
