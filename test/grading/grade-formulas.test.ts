import { describe, expect, it } from 'vitest';
import {
  gradeOfMean,
  gradeOfRatio,
  gradePoints,
  lowerGrade,
  meetsBar,
  worseGrade,
} from '../../src/grading/grade-scale.js';
import { gradeOverall, type OverallInput } from '../../src/grading/overall-grade.js';
import { gradePerformance, reachedBar } from '../../src/grading/performance-grade.js';
import { gradeSpeedAndCost } from '../../src/grading/relative-grades.js';
import type { RelativeGrade, ReportEntry } from '../../src/records/report.js';
import { buildReport } from '../../src/report/build-report.js';
import { entry, judgement, TIMEOUT } from '../report/report-entries.js';

describe('the grade scale', () => {
  it('gives S 5 points down to F 0, and back', () => {
    expect(['S', 'A', 'B', 'C', 'D', 'F'].map((g) => gradePoints(g as 'S'))).toEqual([
      5, 4, 3, 2, 1, 0,
    ]);
    expect(gradeOfMean(4)).toBe('A');
    expect(gradeOfMean(3.6)).toBe('A');
    // A tie goes to the lower grade: (A + B) / 2 = 3.5 is B.
    expect(gradeOfMean(3.5)).toBe('B');
    expect(gradeOfMean(0.4)).toBe('F');
  });

  it('compares, caps and lowers grades', () => {
    expect(worseGrade('A', 'C')).toBe('C');
    expect(worseGrade('F', 'S')).toBe('F');
    expect(meetsBar('B', 'B')).toBe(true);
    expect(meetsBar('C', 'B')).toBe(false);
    expect(lowerGrade('A', 1)).toBe('B');
    expect(lowerGrade('C', 2, 'D')).toBe('D');
    expect(lowerGrade('F', 1, 'D')).toBe('F'); // already below the floor: stays
  });

  it('bands ratios to the best run: ≤1.1 S, ≤1.5 A, ≤2 B, ≤3 C, ≤5 D, beyond F', () => {
    const cases: [number, string][] = [
      [0.4, 'S'],
      [1, 'S'],
      [0.55 / 0.5, 'S'], // 1.1000000000000003 in floating point: still 1.1×
      [1.11, 'A'],
      [1.5, 'A'],
      [1.51, 'B'],
      [2, 'B'],
      [2.01, 'C'],
      [3, 'C'],
      [4.99, 'D'],
      [5, 'D'],
      [5.01, 'F'],
      [40, 'F'],
    ];
    for (const [ratio, grade] of cases) expect(gradeOfRatio(ratio), `${ratio}`).toBe(grade);
  });
});

describe('performance', () => {
  it('comes from the checks when no judge was asked: pass A, fail F', () => {
    expect(gradePerformance(entry({ model: 'openai:gpt-5' }))).toEqual({
      grade: 'A',
      source: 'checks',
    });
    expect(gradePerformance(entry({ model: 'openai:gpt-5', status: 'failed' }))).toEqual({
      grade: 'F',
      source: 'checks',
    });
  });

  it('is F for a run error (timeout, provider), whatever the judge said', () => {
    const timedOut = entry({
      model: 'openai:gpt-5',
      status: 'failed',
      error: TIMEOUT,
      judgements: [judgement('S', 'B')],
    });
    expect(gradePerformance(timedOut)).toEqual({ grade: 'F', source: 'run_error' });
  });

  it('has no grade for a skipped run', () => {
    const skipped = entry({ model: 'anthropic:claude-haiku-4-5', unavailable: 'no key' });
    expect(gradePerformance(skipped)).toEqual({ grade: null, source: 'skipped' });
  });

  it('is the lowest judge grade when several judgements were made', () => {
    const judged = entry({
      model: 'openai:gpt-5',
      judgements: [judgement('A', 'C'), judgement('B', 'C')],
    });
    expect(gradePerformance(judged)).toEqual({ grade: 'B', source: 'judge' });
  });

  it('is capped at D when another assertion failed although the judge was satisfied', () => {
    const capped = entry({
      model: 'openai:gpt-5',
      status: 'failed',
      judgements: [judgement('S', 'A')],
    });
    expect(gradePerformance(capped)).toEqual({ grade: 'D', source: 'judge', cappedFrom: 'S' });
    const atCap = entry({
      model: 'openai:gpt-5',
      status: 'failed',
      judgements: [judgement('D', 'D')],
    });
    expect(gradePerformance(atCap)).toEqual({ grade: 'D', source: 'judge' });
  });

  it('keeps the judge grade when it is the judge that failed the test (below its bar)', () => {
    const belowBar = entry({
      model: 'openai:gpt-5',
      status: 'failed',
      judgements: [judgement('B', 'S')],
    });
    expect(gradePerformance(belowBar)).toEqual({ grade: 'B', source: 'judge' });
  });

  it('is what the checks and the judge said when only a bar failed (maxCostUsd): A or the judge grade, both paths alike', () => {
    // gateRun holds a run to its bars only after its checks pass: the test failed on cost, not on
    // the work. Performance says how good the work was; the failed bar shows in overall (job not done).
    const overBudget = (judgements?: ReturnType<typeof judgement>[]) => {
      const over = entry({
        model: 'openai:gpt-5',
        status: 'failed',
        costUsd: 0.2,
        ...(judgements ? { judgements } : {}),
        errors: ['openai:gpt-5: bar maxCostUsd $0.05 (bars) failed: the run cost $0.20'],
      });
      over.record.bars = [
        {
          bar: 'maxCostUsd',
          limit: '$0.05',
          actual: '$0.20',
          ok: false,
          source: 'bars',
          message: 'bar maxCostUsd $0.05 (bars) failed: the run cost $0.20',
        },
      ];
      return over;
    };
    const checksOnly = overBudget();
    const judged = overBudget([judgement('B', 'C')]);
    expect(gradePerformance(checksOnly)).toEqual({ grade: 'A', source: 'checks' });
    expect(gradePerformance(judged)).toEqual({ grade: 'B', source: 'judge' });
    for (const over of [checksOnly, judged]) {
      expect(reachedBar(over, gradePerformance(over))).toBe(false);
    }
    // The failed bar is what holds overall at D: the job was not done within its bars.
    const report = buildReport([
      { ...checksOnly, record: { ...checksOnly.record, case: 'checks only' } },
      { ...judged, record: { ...judged.record, case: 'judged' } },
    ]);
    expect(report.records.map((r) => [r.case, r.performance.grade, r.overall])).toEqual([
      ['checks only', 'A', 'D'],
      ['judged', 'B', 'D'],
    ]);
  });

  it('is unscored (no grade) when a judgement could not be scored', () => {
    const unscored = entry({
      model: 'openai:gpt-5',
      judgements: [judgement('A', 'B'), judgement(null, 'B')],
    });
    expect(gradePerformance(unscored)).toEqual({ grade: null, source: 'unscored' });
    expect(reachedBar(unscored, gradePerformance(unscored))).toBe(false);
  });

  it('ignores ungraded judgements (a built-in without an oracle) and falls back to the checks', () => {
    const ungraded = entry({
      model: 'builtin:reference',
      builtin: 'reference',
      judgements: [judgement(null, 'B', { status: 'ungraded', reason: 'no oracle' })],
    });
    expect(gradePerformance(ungraded)).toEqual({ grade: 'A', source: 'checks' });
  });

  it('reads the null built-in the other way round: its test passes when its checks fail', () => {
    const sound = entry({ model: 'builtin:null', builtin: 'null', output: '' });
    expect(gradePerformance(sound)).toEqual({ grade: 'F', source: 'checks' });
    const broken = entry({
      model: 'builtin:null',
      builtin: 'null',
      status: 'failed',
      brokenCase: 'the checks pass on an empty answer',
    });
    expect(gradePerformance(broken)).toEqual({ grade: 'A', source: 'checks' });
  });

  it('counts the bar as reached only for a real model that passed with every judgement at its bar', () => {
    const done = entry({ model: 'openai:gpt-5', judgements: [judgement('B', 'B')] });
    expect(reachedBar(done, gradePerformance(done))).toBe(true);
    const reference = entry({ model: 'builtin:reference', builtin: 'reference' });
    expect(reachedBar(reference, gradePerformance(reference))).toBe(false);
    const failed = entry({ model: 'openai:gpt-5', status: 'failed' });
    expect(reachedBar(failed, gradePerformance(failed))).toBe(false);
  });
});

describe('speed and cost, relative within a case', () => {
  function grade(entries: ReportEntry[]) {
    return gradeSpeedAndCost(
      entries.map((e) => ({ entry: e, didTheJob: reachedBar(e, gradePerformance(e)) })),
    ).map((g) => ({
      model: g.entry.record.model,
      speed: g.speed.grade ?? g.speed.basis,
      cost: g.cost.grade ?? g.cost.basis,
    }));
  }

  it('grades each real run by its ratio to the fastest and cheapest run that did the job', () => {
    const result = grade([
      entry({ model: 'openai:gpt-5', durationMs: 10_000, costUsd: 0.01 }), // the best: S, S
      entry({ model: 'openai:gpt-5-mini', durationMs: 14_000, costUsd: 0.012 }), // 1.4× A, 1.2× A
      // Failed: faster and cheaper than the best that did the job, yet no grade (and not the reference).
      entry({ model: 'openai:gpt-5-nano', status: 'failed', durationMs: 5_000, costUsd: 0.002 }),
      entry({ model: 'ollama:gpt-oss:20b', durationMs: 30_000, costUsd: 0 }), // 3× C; $0: free S
      entry({ model: 'openai-compatible:qwen', durationMs: 12_000, costUsd: null }), // 1.2× A; ?
      entry({ model: 'anthropic:claude-opus-4-5', durationMs: 52_000, costUsd: 0.26 }), // 5.2× F, 26× F
      entry({ model: 'anthropic:claude-haiku-4-5', unavailable: 'no key' }),
      entry({
        model: 'anthropic:claude-sonnet-4-5',
        status: 'failed',
        error: TIMEOUT,
        durationMs: 1,
      }),
      entry({ model: 'builtin:reference', builtin: 'reference', durationMs: 2, costUsd: 0 }),
    ]);
    expect(result).toEqual([
      { model: 'openai:gpt-5', speed: 'S', cost: 'S' },
      { model: 'openai:gpt-5-mini', speed: 'A', cost: 'A' },
      { model: 'openai:gpt-5-nano', speed: 'not_done', cost: 'not_done' },
      { model: 'ollama:gpt-oss:20b', speed: 'C', cost: 'S' },
      { model: 'openai-compatible:qwen', speed: 'A', cost: 'unknown' },
      { model: 'anthropic:claude-opus-4-5', speed: 'F', cost: 'F' },
      { model: 'anthropic:claude-haiku-4-5', speed: 'no_run', cost: 'no_run' },
      { model: 'anthropic:claude-sonnet-4-5', speed: 'no_run', cost: 'no_run' },
      { model: 'builtin:reference', speed: 'builtin', cost: 'builtin' },
    ]);
  });

  it('keeps the ratio and marks a $0 run as free', () => {
    const [paid, free] = gradeSpeedAndCost(
      [
        entry({ model: 'openai:gpt-5', durationMs: 2000, costUsd: 0.004 }),
        entry({ model: 'ollama:gpt-oss:20b', durationMs: 5000, costUsd: 0 }),
      ].map((e) => ({ entry: e, didTheJob: true })),
    );
    expect(paid?.speed).toEqual<RelativeGrade>({ grade: 'S', ratio: 1, basis: 'ratio' });
    expect(free?.speed).toEqual<RelativeGrade>({ grade: 'C', ratio: 2.5, basis: 'ratio' }); // 5 s / 2 s
    expect(free?.cost).toEqual<RelativeGrade>({ grade: 'S', ratio: null, basis: 'free' });
  });

  it('grades no speed or cost when no model did the job: a quick failure earns no S', () => {
    const result = grade([
      entry({ model: 'openai:gpt-5', status: 'failed', durationMs: 8_000, costUsd: 0.03 }),
      entry({ model: 'openai:gpt-5-mini', status: 'failed', durationMs: 4_000, costUsd: 0.01 }),
    ]);
    expect(result).toEqual([
      { model: 'openai:gpt-5', speed: 'not_done', cost: 'not_done' },
      { model: 'openai:gpt-5-mini', speed: 'not_done', cost: 'not_done' },
    ]);
  });
});

describe('the overall grade', () => {
  const relative = (grade: RelativeGrade['grade']): RelativeGrade =>
    grade === null ? { grade, ratio: null, basis: 'unknown' } : { grade, ratio: 1, basis: 'ratio' };
  const overall = (
    input: Partial<OverallInput> & { perf: 'S' | 'A' | 'B' | 'C' | 'D' | 'F' | null },
  ) =>
    gradeOverall({
      builtin: false,
      didTheJob: true,
      speed: relative('S'),
      cost: relative('S'),
      ...input,
      performance: { grade: input.perf, source: 'judge' },
    });

  it('keeps performance for a job done at a fair speed and cost (mean of speed and cost ≥ B)', () => {
    expect(overall({ perf: 'A' })).toBe('A');
    expect(overall({ perf: 'S', speed: relative('B'), cost: relative('B') })).toBe('S'); // mean 3
    expect(overall({ perf: 'B', speed: relative('D'), cost: relative('S') })).toBe('B'); // mean 3
  });

  it('lowers a job done slowly or expensively by one grade, never below D', () => {
    expect(overall({ perf: 'A', speed: relative('C'), cost: relative('B') })).toBe('B'); // mean 2.5
    expect(overall({ perf: 'S', speed: relative('F'), cost: relative(null) })).toBe('A'); // mean 0
    expect(overall({ perf: 'D', speed: relative('F'), cost: relative('F') })).toBe('D');
  });

  it('caps a job not done at D, so it never places above one that was done', () => {
    expect(overall({ perf: 'A', didTheJob: false })).toBe('D');
    expect(overall({ perf: 'F', didTheJob: false })).toBe('F');
  });

  it('gives built-ins and ungraded runs no overall grade', () => {
    expect(overall({ perf: 'A', builtin: true })).toBeNull();
    expect(overall({ perf: null })).toBeNull();
  });
});
