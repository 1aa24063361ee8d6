import { describe, expect, it } from 'vitest';
import { CaseRecordSchema, type JudgeRecord } from '../../src/records/case-record.js';
import { CaseRecordBuilder } from '../../src/records/case-record-builder.js';
import { makeRun } from '../vitest/agent-run-factory.js';

const verdict = (grade: 'A' | 'C', durationMs: number): JudgeRecord => ({
  status: 'graded',
  bar: 'B',
  grade,
  reason: `graded ${grade}`,
  judge: 'openai:gpt-5-mini',
  costUsd: 0.0001,
  durationMs,
});

function start(): CaseRecordBuilder {
  return new CaseRecordBuilder({
    case: 'capital',
    model: 'openai:gpt-5-mini',
    provider: 'openai',
    builtin: undefined,
    expected: 'Canberra',
    rubric: undefined,
    repeat: { index: 2, of: 3, minPass: 2 },
  });
}

describe('CaseRecordBuilder', () => {
  it('starts a valid record, leaving out what the case does not say', () => {
    const { record } = start();
    expect(record).toEqual({
      schemaVersion: 1,
      case: 'capital',
      model: 'openai:gpt-5-mini',
      provider: 'openai',
      expected: 'Canberra',
      repeat: { index: 2, of: 3, minPass: 2 },
    });
    expect(Object.keys(record)).not.toContain('rubric');
  });

  it('takes each feature’s result into the one record, which stays plain, valid JSON', () => {
    const builder = start();
    const live = builder.record;
    const run = makeRun({ costUsd: 0.002 });
    builder.run(run);
    builder.cassette({ mode: 'replayed', path: 'fixtures/cassettes/a.json', recordedAt: 'now' });
    builder.judgement(verdict('A', 900));
    builder.judgement(verdict('C', 800));
    builder.barChecks([
      { bar: 'minGrade', limit: 'B', actual: 'C', ok: false, source: 'bars', message: 'failed' },
    ]);
    builder.toleratedFailure(['bar minGrade B (bars) failed']);
    // The same object all along: agentTest puts it into task meta once, reporters read it later.
    expect(builder.record).toBe(live);
    expect(live.run).toBe(run);
    expect(live.judgements?.map((j) => j.grade)).toEqual(['A', 'C']);
    expect(live.fixture?.mode).toBe('replayed');
    expect(CaseRecordSchema.parse(JSON.parse(JSON.stringify(live)))).toEqual(live);
  });

  it('refuses a second write of a field that has one writer', () => {
    const builder = start();
    builder.run(makeRun());
    expect(() => builder.run(makeRun())).toThrow(
      'the case record of "capital" on openai:gpt-5-mini already has run',
    );
    builder.brokenCase('the checks pass on an empty answer');
    expect(() => builder.brokenCase('again')).toThrow(/already has brokenCase/);
    builder.unavailable('missing_key', 'Set OPENAI_API_KEY');
    expect(() => builder.unavailable('x', 'y')).toThrow(/already has unavailable/);
    expect(builder.record.brokenCase).toBe('the checks pass on an empty answer');
  });

  it('gives a replay the recorded judge durations, in order, and leaves extra judgements alone', () => {
    const builder = start();
    builder.judgement(verdict('A', 900));
    builder.judgement(verdict('C', 800));
    builder.judgement(verdict('A', 700));
    builder.recordedJudgeDurations([1500, 1200]);
    expect(builder.record.judgements?.map((j) => j.durationMs)).toEqual([1500, 1200, 700]);
  });
});
