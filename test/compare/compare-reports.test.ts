/**
 * compare on crafted reports: each report is built by buildReport from entries as agentTest
 * would record them, so compare reads exactly what report.json holds.
 */
import { describe, expect, it } from 'vitest';
import { compareReports, gradeChangeText } from '../../src/compare/compare-reports.js';
import { comparisonHeadline } from '../../src/compare/render-comparison.js';
import { reportCells } from '../../src/compare/report-cells.js';
import { parseTolerances, ToleranceError } from '../../src/compare/tolerances.js';
import type { Grade } from '../../src/records/grade.js';
import { buildReport } from '../../src/report/build-report.js';
import { type EntrySpec, entry, judgement } from '../report/report-entries.js';

const MINI = 'openai:gpt-5-mini';
const HAIKU = 'anthropic:claude-haiku-4-5';
const OSS = 'ollama:gpt-oss:20b';

/** A run judged `grade` against the bar C (so it passes at C or better). */
function judged(caseName: string, model: string, grade: Grade, extra: Partial<EntrySpec> = {}) {
  const passed = grade <= 'C' || grade === 'S';
  return entry({
    case: caseName,
    model,
    judgements: [judgement(grade, 'C')],
    status: passed ? 'passed' : 'failed',
    ...extra,
  });
}

const report = (entries: ReturnType<typeof entry>[]) =>
  buildReport(entries, { generatedAt: '2026-11-23T00:00:00.000Z' });

describe('compareReports', () => {
  const base = report([
    judged('summary', MINI, 'B', { costUsd: 0.004, durationMs: 2000 }),
    judged('summary', HAIKU, 'A', { costUsd: 0.01, durationMs: 3000 }),
    judged('audit', MINI, 'A', { costUsd: 0.002, durationMs: 1000 }),
    judged('audit', HAIKU, 'B', { costUsd: 0.02, durationMs: 4000 }),
  ]);

  it('finds nothing when head equals base', () => {
    const comparison = compareReports(base, base);
    expect(comparison.regressions).toBe(0);
    expect(comparison.changes.map((change) => change.status)).toEqual([
      'same',
      'same',
      'same',
      'same',
    ]);
  });

  it('reports an improvement (grade up, cheaper, faster) without a regression', () => {
    const head = report([
      judged('summary', MINI, 'A', { costUsd: 0.003, durationMs: 1500 }),
      judged('summary', HAIKU, 'A', { costUsd: 0.01, durationMs: 3000 }),
      judged('audit', MINI, 'A', { costUsd: 0.002, durationMs: 1000 }),
      judged('audit', HAIKU, 'B', { costUsd: 0.02, durationMs: 4000 }),
    ]);
    const comparison = compareReports(base, head);
    expect(comparison.regressions).toBe(0);
    const mini = comparison.changes.find((c) => c.case === 'summary' && c.model === MINI);
    expect(mini?.status).toBe('changed');
    expect(mini?.gradeSteps).toBe(1); // B → A
    expect(mini?.costChange).toBeCloseTo(-0.25, 10); // 0.004 → 0.003
    expect(mini?.timeChange).toBeCloseTo(-0.25, 10); // 2000 → 1500 ms
    expect(gradeChangeText('B', 'A')).toBe('B → A ▲1');
  });

  it('flags a grade drop of one step and a cost rise beyond 25%, but not one of 25% exactly', () => {
    const head = report([
      judged('summary', MINI, 'C', { costUsd: 0.004, durationMs: 2000 }), // B → C
      judged('summary', HAIKU, 'A', { costUsd: 0.0125, durationMs: 3000 }), // +25%: allowed
      judged('audit', MINI, 'A', { costUsd: 0.0026, durationMs: 1000 }), // +30%: regression
      judged('audit', HAIKU, 'B', { costUsd: 0.02, durationMs: 8000 }), // time +100%: not gated
    ]);
    const comparison = compareReports(base, head);
    const by = (caseName: string, model: string) =>
      comparison.changes.find((c) => c.case === caseName && c.model === model);
    expect(by('summary', MINI)?.regressions).toEqual(['grade B → C']);
    expect(by('summary', HAIKU)?.costChange).toBeCloseTo(0.25, 10);
    expect(by('summary', HAIKU)?.regressions).toEqual([]);
    expect(by('audit', MINI)?.regressions).toEqual(['cost +30% (tolerance +25%)']);
    expect(by('audit', HAIKU)?.timeChange).toBeCloseTo(1, 10);
    expect(by('audit', HAIKU)?.regressions).toEqual([]);
    expect(comparison.regressions).toBe(2);
  });

  it('honours tolerances: one grade step, cost 50%, time 50%', () => {
    const head = report([
      judged('summary', MINI, 'C', { costUsd: 0.004, durationMs: 2000 }),
      judged('summary', HAIKU, 'A', { costUsd: 0.01, durationMs: 3000 }),
      judged('audit', MINI, 'A', { costUsd: 0.0026, durationMs: 1000 }),
      judged('audit', HAIKU, 'B', { costUsd: 0.02, durationMs: 8000 }),
    ]);
    const tolerances = parseTolerances(['grade=1,cost=50%', 'time=50%']);
    const comparison = compareReports(base, head, tolerances);
    // Only the time (+100% > 50%) is left.
    expect(comparison.changes.flatMap((c) => c.regressions)).toEqual([
      'time +100% (tolerance +50%)',
    ]);
  });

  it('lists added and removed cases and models apart, not as regressions', () => {
    const head = report([
      judged('summary', MINI, 'B', { costUsd: 0.004, durationMs: 2000 }),
      judged('summary', OSS, 'C', { costUsd: 0, durationMs: 9000 }),
      judged('new case', MINI, 'A', { costUsd: 0.001, durationMs: 500 }),
    ]);
    const comparison = compareReports(base, head);
    expect(comparison.regressions).toBe(0);
    expect(comparison.addedCases).toEqual(['new case']);
    expect(comparison.removedCases).toEqual(['audit']);
    expect(comparison.addedModels).toEqual([OSS]);
    expect(comparison.removedModels).toEqual([HAIKU]);
    const statuses = Object.fromEntries(
      comparison.changes.map((c) => [`${c.case} › ${c.model}`, c.status]),
    );
    expect(statuses).toEqual({
      [`summary › ${MINI}`]: 'same',
      [`summary › ${HAIKU}`]: 'removed',
      [`audit › ${MINI}`]: 'removed',
      [`audit › ${HAIKU}`]: 'removed',
      [`summary › ${OSS}`]: 'added',
      [`new case › ${MINI}`]: 'added',
    });
  });

  it('handles unknown costs explicitly: a warning by default, a regression with unknown-cost=fail', () => {
    const head = report([
      judged('summary', MINI, 'B', { costUsd: null, durationMs: 2000 }),
      judged('summary', HAIKU, 'A', { costUsd: 0.01, durationMs: 3000 }),
      judged('audit', MINI, 'A', { costUsd: 0.002, durationMs: 1000 }),
      judged('audit', HAIKU, 'B', { costUsd: 0.02, durationMs: 4000 }),
    ]);
    const warned = compareReports(base, head);
    const mini = warned.changes.find((c) => c.case === 'summary' && c.model === MINI);
    expect(mini?.costNote).toBe('unknown_head');
    expect(mini?.costChange).toBeNull();
    expect(mini?.warnings).toEqual(['cost unknown in the head (base 0.004)']);
    expect(warned.regressions).toBe(0);
    const failed = compareReports(base, head, parseTolerances(['unknown-cost=fail']));
    expect(failed.regressions).toBe(1);
    // Unknown in the base, known now: nothing to compare against, said so.
    const back = compareReports(head, base);
    const again = back.changes.find((c) => c.case === 'summary' && c.model === MINI);
    expect(again?.costNote).toBe('unknown_base');
    expect(again?.warnings).toEqual(['cost unknown in the base']);
    expect(back.regressions).toBe(0);
  });

  it('calls a free model turning paid a regression, and a model that stopped running not_run', () => {
    const freeBase = report([judged('summary', OSS, 'B', { costUsd: 0 })]);
    const paidHead = report([judged('summary', OSS, 'B', { costUsd: 0.001 })]);
    const paid = compareReports(freeBase, paidHead);
    expect(paid.changes[0]?.costNote).toBe('from_zero');
    expect(paid.regressions).toBe(1);
    const skippedHead = report([
      entry({ case: 'summary', model: OSS, unavailable: 'run `ollama pull gpt-oss:20b`' }),
    ]);
    const skipped = compareReports(freeBase, skippedHead);
    expect(skipped.changes[0]?.status).toBe('not_run');
    // Why it did not run, and named in the headline: nothing was compared for it.
    expect(skipped.changes[0]?.warnings).toEqual([
      'not run in the head (run `ollama pull gpt-oss:20b`)',
    ]);
    expect(skipped.notRunInHead).toEqual([`summary › ${OSS}`]);
    expect(comparisonHeadline(skipped)).toBe(
      `no regression · not run in the head: summary › ${OSS}`,
    );
    expect(skipped.regressions).toBe(0);
    // A case broken in the head skips its real models: the reason says so.
    const brokenHead = report([entry({ case: 'summary', model: OSS, status: 'skipped' })]);
    brokenHead.records[0] = {
      ...(brokenHead.records[0] as (typeof brokenHead.records)[number]),
      note: 'case broken: the checks pass on an empty answer; fix the case, no model was paid',
    };
    expect(compareReports(freeBase, brokenHead).changes[0]?.warnings).toEqual([
      'not run in the head (case broken: the checks pass on an empty answer; fix the case, no model was paid)',
    ]);
    // Skipped in the base and run now: not a loss of coverage, not in the headline.
    expect(compareReports(skippedHead, freeBase).notRunInHead).toEqual([]);
  });

  it('makes a run lost in the head a regression with not-run=fail, and only that way round', () => {
    const base = report([judged('summary', OSS, 'B', { costUsd: 0 })]);
    const skippedHead = report([
      entry({ case: 'summary', model: OSS, unavailable: 'agentTest.skip' }),
    ]);
    const strict = parseTolerances(['not-run=fail']);
    const lost = compareReports(base, skippedHead, strict);
    expect(lost.regressions).toBe(1);
    expect(lost.changes[0]?.regressions).toEqual(['not run in the head (agentTest.skip)']);
    expect(lost.changes[0]?.warnings).toEqual([]);
    // A model the base did not run and the head does lost nothing.
    expect(compareReports(skippedHead, base, strict).regressions).toBe(0);
    expect(() => parseTolerances(['not-run=maybe'])).toThrow('not-run must be fail or warn');
  });

  it('folds repeats: median grade, mean cost, pass rate — and a pass-rate drop is a regression', () => {
    // Base: 3 of 3 pass (A, A, B → median A). Head: 2 of 3 pass (A, B, F → median B).
    const runs = (grades: Grade[], costs: number[]) =>
      grades.map((grade, i) => judged('flaky', MINI, grade, { costUsd: costs[i] ?? 0 }));
    const repeatBase = report(runs(['A', 'A', 'B'], [0.001, 0.002, 0.003]));
    const repeatHead = report(runs(['A', 'B', 'F'], [0.002, 0.002, 0.002]));
    const cell = reportCells(repeatHead).values().next().value;
    expect(cell).toMatchObject({ runs: 3, passes: 2, grade: 'B' });
    expect(cell?.costUsd).toBeCloseTo(0.002, 12);
    const comparison = compareReports(repeatBase, repeatHead);
    expect(comparison.changes[0]?.regressions).toEqual(['grade A → B', 'passed 3/3 → 2/3']);
    // Mean cost 0.002 in both: no change.
    expect(comparison.changes[0]?.costChange).toBeCloseTo(0, 12);
  });

  it('rejects unreadable tolerances', () => {
    expect(() => parseTolerances(['cost=lots'])).toThrow(ToleranceError);
    expect(() => parseTolerances(['grade=1.5'])).toThrow(/grade steps/);
    expect(() => parseTolerances(['speed=10%'])).toThrow(/unknown tolerance "speed"/);
    expect(() => parseTolerances(['cost'])).toThrow(/key=value/);
    expect(parseTolerances(['cost=off']).cost).toBeNull();
    expect(parseTolerances(['cost=0.1']).cost).toBe(0.1);
  });

  it('refuses a bare number of 1 or more instead of reading cost=10 as a 1000% rise', () => {
    expect(() => parseTolerances(['cost=10'])).toThrow(
      'cost=10 is ambiguous: write cost=10% for 10 percent (a bare number is a fraction: 0.25 = 25%)',
    );
    expect(() => parseTolerances(['time=1'])).toThrow(/time=1 is ambiguous: write time=1%/);
    expect(() => parseTolerances(['pass-rate=5'])).toThrow(/pass-rate=5 is ambiguous/);
    expect(parseTolerances(['cost=10%']).cost).toBe(0.1);
    expect(parseTolerances(['pass-rate=0']).passRate).toBe(0);
    expect(parseTolerances(['time=0.5']).time).toBe(0.5);
  });
});
