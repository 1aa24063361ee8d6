import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_VERSION, ReportSchema } from '../../src/records/report.js';
import { buildReport } from '../../src/report/build-report.js';
import { modelLabels, ordinal } from '../../src/report/model-labels.js';
import { entry, judgement } from './report-entries.js';
import { scenarioEntries } from './report-scenario.js';

const report = buildReport(scenarioEntries(), { generatedAt: '2026-11-23T12:00:00.000Z' });
// The same runs with 'summary' sound (no null model passing its checks): both cases rank.
const sound = buildReport(
  scenarioEntries().filter((e) => e.record.model !== 'builtin:null'),
  { generatedAt: '2026-11-23T12:00:00.000Z' },
);

function grades(caseName: string) {
  return report.records
    .filter((r) => r.case === caseName)
    .map((r) => [
      r.model,
      r.performance.grade ?? r.performance.source,
      r.speed.grade ?? r.speed.basis,
      r.cost.grade ?? r.cost.basis,
      r.overall,
      r.didTheJob,
    ]);
}

describe('buildReport on the two-case scenario (grades worked out by hand)', () => {
  it('grades the checks-only case', () => {
    // Best that did the job: fastest gpt-5 (10 s), cheapest paid gpt-5-mini ($0.002).
    expect(grades('roster')).toEqual([
      // cost 0.010 / 0.002 = 5× D; speed S; mean (5 + 1) / 2 = 3, not below B: keeps A
      ['openai:gpt-5', 'A', 'S', 'D', 'A', true],
      // speed 12 / 10 = 1.2× A; mean 4.5: A
      ['openai:gpt-5-mini', 'A', 'A', 'S', 'A', true],
      // failed: F; faster and cheaper than the best, but a quick failure earns no speed or cost grade
      ['openai:gpt-5-nano', 'F', 'not_done', 'not_done', 'F', false],
      ['anthropic:claude-haiku-4-5', 'skipped', 'no_run', 'no_run', null, false],
      // local: cost S (free); speed 40 / 10 = 4× D; mean 3: keeps A
      ['ollama:gpt-oss:20b', 'A', 'D', 'S', 'A', true],
      ['builtin:reference', 'A', 'builtin', 'builtin', null, false],
    ]);
  });

  it('grades the judged case', () => {
    // Reached bar B: gpt-5 (A) and gpt-oss (B). Fastest gpt-5 (20 s), cheapest paid gpt-5 ($0.02).
    expect(grades('summary')).toEqual([
      ['openai:gpt-5', 'A', 'S', 'S', 'A', true],
      // judge C below bar B failed the test: C stands (no cap), job not done: overall capped at D
      ['openai:gpt-5-mini', 'C', 'not_done', 'not_done', 'D', false],
      // timeout: F, and no speed or cost grade
      ['openai:gpt-5-nano', 'F', 'no_run', 'no_run', 'F', false],
      ['anthropic:claude-haiku-4-5', 'skipped', 'no_run', 'no_run', null, false],
      // speed 60 / 20 = 3× C, cost free S: mean 3.5, keeps B
      ['ollama:gpt-oss:20b', 'B', 'C', 'S', 'B', true],
      // the null model's checks passed: A, which is what makes the case broken
      ['builtin:null', 'A', 'builtin', 'builtin', null, false],
    ]);
  });

  it('summarises each case: bar, broken, who reached the bar, the cheapest and the fastest', () => {
    expect(report.cases).toEqual([
      {
        name: 'roster',
        bar: { kind: 'checks' },
        broken: null,
        reachedBar: ['openai:gpt-5', 'openai:gpt-5-mini', 'ollama:gpt-oss:20b'],
        best: {
          cheapest: { model: 'ollama:gpt-oss:20b', costUsd: 0, durationMs: 40_000 },
          fastest: { model: 'openai:gpt-5', costUsd: 0.01, durationMs: 10_000 },
        },
      },
      {
        name: 'summary',
        bar: { kind: 'judge', grades: ['B'] },
        broken: 'the checks pass on an empty answer',
        // Broken: its checks cannot tell a good run from none, so nobody reached its bar.
        reachedBar: [],
        best: { cheapest: null, fastest: null },
      },
    ]);
    expect(sound.cases[1]).toMatchObject({
      broken: null,
      reachedBar: ['openai:gpt-5', 'ollama:gpt-oss:20b'],
      best: {
        cheapest: { model: 'ollama:gpt-oss:20b', costUsd: 0, durationMs: 60_000 },
        fastest: { model: 'openai:gpt-5', costUsd: 0.02, durationMs: 20_000 },
      },
    });
  });

  it('ranks the models: most jobs done first, then the mean overall grade', () => {
    const ranking = sound.models.map((m) => [
      m.model,
      m.rank,
      m.overall,
      m.jobsDone,
      m.meanOverall,
    ]);
    expect(ranking).toEqual([
      ['openai:gpt-5', 1, 'A', 2, 4], // A, A
      ['ollama:gpt-oss:20b', 2, 'B', 2, 3.5], // A, B: a tie between grades goes down
      ['openai:gpt-5-mini', 3, 'C', 1, 2.5], // A, D: fewer jobs done, so below gpt-oss
      ['openai:gpt-5-nano', null, 'F', 0, 0], // F, F: did no job, so not ranked at all
      ['anthropic:claude-haiku-4-5', null, null, 0, null], // skipped everywhere: not ranked
      ['builtin:reference', null, null, 0, null],
    ]);
  });

  it('leaves the broken case out of the ranking: only roster counts', () => {
    expect(report.models.map((m) => [m.model, m.rank, m.overall, m.jobsDone, m.ran])).toEqual([
      // One job each, all A: the lower cost decides ($0, $0.002, $0.01).
      ['ollama:gpt-oss:20b', 1, 'A', 1, 1],
      ['openai:gpt-5-mini', 2, 'A', 1, 1],
      ['openai:gpt-5', 3, 'A', 1, 1],
      ['openai:gpt-5-nano', null, 'F', 0, 1],
      ['anthropic:claude-haiku-4-5', null, null, 0, 0],
      ['builtin:reference', null, null, 0, 1],
      ['builtin:null', null, null, 0, 1],
    ]);
  });

  it('counts each model’s grades, costs and time', () => {
    const mini = sound.models.find((m) => m.model === 'openai:gpt-5-mini');
    expect(mini).toMatchObject({
      label: 'gpt-5-mini',
      ran: 2,
      skipped: 0,
      overallGrades: { S: 0, A: 1, B: 0, C: 0, D: 1, F: 0, none: 0 },
      performanceGrades: { S: 0, A: 1, B: 0, C: 1, D: 0, F: 0, none: 0 },
      durationMs: 27_000,
      unknownCostRuns: 0,
    });
    expect(mini?.costUsd).toBeCloseTo(0.006, 12);
    expect(mini?.judgeCostUsd).toBeCloseTo(0.0002, 12);
    const haiku = sound.models.find((m) => m.model === 'anthropic:claude-haiku-4-5');
    expect(haiku).toMatchObject({ ran: 0, skipped: 2, label: 'claude-haiku-4-5' });
  });

  it('lists the skipped models with their reasons, once per model', () => {
    expect(report.skipped).toEqual([
      {
        model: 'anthropic:claude-haiku-4-5',
        cases: ['roster', 'summary'],
        reasons: ['ANTHROPIC_API_KEY is not set'],
      },
    ]);
  });

  it('adds up the totals, judge cost apart', () => {
    expect(report.totals).toMatchObject({
      cases: 2,
      models: 7,
      runs: 10,
      skipped: 2,
      passed: 6,
      failed: 4,
      unknownCostRuns: 0,
      durationMs: 10_000 + 12_000 + 6_000 + 40_000 + 5 + 20_000 + 15_000 + 30_000 + 60_000 + 5,
    });
    expect(report.totals.agentCostUsd).toBeCloseTo(
      0.01 + 0.002 + 0.0005 + 0.02 + 0.004 + 0.001,
      12,
    );
    expect(report.totals.judgeCostUsd).toBeCloseTo(0.0002 + 0.0002 + 0.0003, 12);
  });

  it('keeps what the details need: the run, judge reasons, errors, the skip reason', () => {
    const mini = report.records.find(
      (r) => r.case === 'summary' && r.model === 'openai:gpt-5-mini',
    );
    expect(mini?.judgements[0]?.reason).toBe('misses two of the five services');
    expect(mini?.errors).toEqual(['expected the judge to grade the run at least B, got C']);
    expect(mini?.run?.transcript.length).toBeGreaterThan(0);
    expect(mini?.metrics).toMatchObject({ turns: 2, toolCalls: 0, costUsd: 0.004 });
    const nano = report.records.find(
      (r) => r.case === 'summary' && r.model === 'openai:gpt-5-nano',
    );
    expect(nano?.runError?.kind).toBe('timeout');
    const haiku = report.records.find((r) => r.status === 'skipped');
    // The availability message, not Vitest's "<id> unavailable: …" note.
    expect(haiku?.note).toBe('ANTHROPIC_API_KEY is not set');
  });

  it('is valid report.json: the schema parses it and JSON keeps it whole', () => {
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.generatedAt).toBe('2026-11-23T12:00:00.000Z');
    expect(ReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });
});

describe('ranking details', () => {
  it('shares a rank between models equal on every key (1, 1, 3)', () => {
    const tied = buildReport([
      entry({ model: 'openai:gpt-5', durationMs: 1000, costUsd: 0.001 }),
      entry({ model: 'openai:gpt-5-mini', durationMs: 1000, costUsd: 0.001 }),
      // Did the job at 10× the cost: overall B.
      entry({ model: 'openai:gpt-5-nano', durationMs: 1000, costUsd: 0.01 }),
    ]);
    expect(tied.models.map((m) => [m.model, m.rank])).toEqual([
      ['openai:gpt-5', 1],
      ['openai:gpt-5-mini', 1],
      ['openai:gpt-5-nano', 3],
    ]);
  });

  it('keeps the case bar a judge bar when every run failed before reaching its judge', () => {
    const early = entry({ model: 'openai:gpt-5', status: 'failed', errors: ['expected 3, got 2'] });
    const judged = entry({ model: 'openai:gpt-5-mini', judgements: [judgement('A', 'B')] });
    // Without the declaration, the bar would read "checks pass" or "judge ≥ B" by how far runs got.
    expect(buildReport([early]).cases[0]?.bar).toEqual({ kind: 'checks' });
    early.record.judgeBars = ['B'];
    expect(buildReport([early]).cases[0]?.bar).toEqual({ kind: 'judge', grades: ['B'] });
    judged.record.judgeBars = ['B'];
    expect(buildReport([early, judged]).cases[0]?.bar).toEqual({ kind: 'judge', grades: ['B'] });
  });

  it('ranks no model when none did a job: never "1st" with an F', () => {
    const failed = buildReport([
      entry({ model: 'openai:gpt-5', durationMs: 1000, costUsd: 0.001, status: 'failed' }),
      entry({ model: 'openai:gpt-5-mini', durationMs: 2000, costUsd: 0.002, status: 'failed' }),
    ]);
    expect(failed.models.map((m) => [m.model, m.rank, m.overall])).toEqual([
      ['openai:gpt-5', null, 'F'],
      ['openai:gpt-5-mini', null, 'F'],
    ]);
  });

  it('puts a model with unknown costs after one with the same grades and known costs', () => {
    const report = buildReport([
      entry({ model: 'openai-compatible:qwen3', durationMs: 1000, costUsd: null }),
      entry({ model: 'openai:gpt-5', durationMs: 1000, costUsd: 0.5 }),
    ]);
    expect(report.models.map((m) => m.model)).toEqual(['openai:gpt-5', 'openai-compatible:qwen3']);
    expect(report.models[1]).toMatchObject({ costUsd: 0, unknownCostRuns: 1 });
    expect(report.totals.unknownCostRuns).toBe(1);
    expect(report.records[0]?.cost).toEqual({ grade: null, ratio: null, basis: 'unknown' });
  });

  it('names the cheapest with a known price and says nothing when no model reached the bar', () => {
    const report = buildReport([
      entry({ case: 'a', model: 'openai-compatible:qwen3', durationMs: 500, costUsd: null }),
      entry({ case: 'a', model: 'openai:gpt-5', durationMs: 900, costUsd: 0.5 }),
      entry({ case: 'b', model: 'openai:gpt-5', status: 'failed' }),
    ]);
    expect(report.cases[0]?.best.cheapest?.model).toBe('openai:gpt-5');
    expect(report.cases[0]?.best.fastest?.model).toBe('openai-compatible:qwen3');
    expect(report.cases[1]?.best).toEqual({ cheapest: null, fastest: null });
  });

  it('labels models without their provider, unless two would share a label or it names another', () => {
    const labels = modelLabels([
      { model: 'openai:gpt-5-mini', provider: 'openai' },
      { model: 'openai-compatible:gpt-5-mini', provider: 'openai-compatible' },
      { model: 'ollama:gpt-oss:20b', provider: 'ollama' },
      { model: 'builtin:null', provider: 'builtin' },
    ]);
    expect([...labels.values()]).toEqual([
      'openai:gpt-5-mini',
      'openai-compatible:gpt-5-mini',
      'gpt-oss:20b',
      'null',
    ]);
    // A short name that is the catalog's name for another model would pass for that model.
    const proxied = modelLabels([
      { model: 'openai-compatible:gpt-5-mini', provider: 'openai-compatible' },
      { model: 'openai-compatible:qwen3-coder', provider: 'openai-compatible' },
    ]);
    expect([...proxied.values()]).toEqual(['openai-compatible:gpt-5-mini', 'qwen3-coder']);
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
  });
});

describe('a repeated case on a model that never ran', () => {
  // claude-haiku-4-5 had no key: its three repeats of 'flaky' were skipped, as was 'roster'.
  const repeated = (spec: Parameters<typeof entry>[0], index: number) => {
    const made = entry(spec);
    made.record.repeat = { index, of: 3, minPass: 2 };
    return made;
  };
  const HAIKU = 'anthropic:claude-haiku-4-5';
  const MINI = 'openai:gpt-5-mini';
  const skippedReport = buildReport(
    [
      ...[1, 2, 3].map((i) => repeated({ case: 'flaky', model: MINI }, i)),
      ...[1, 2, 3].map((i) => repeated({ case: 'flaky', model: HAIKU, unavailable: 'no key' }, i)),
      entry({ case: 'roster', model: MINI }),
      entry({ case: 'roster', model: HAIKU, unavailable: 'no key' }),
    ],
    { generatedAt: '2026-11-23T12:00:00.000Z' },
  );

  it('has no repeat statistics, so no minPass bar it failed', () => {
    expect(skippedReport.repeats?.map((s) => [s.model, s.minPassMet])).toEqual([[MINI, true]]);
  });

  it('counts the case once among the cases it was skipped in, as its model summary does', () => {
    const skipped = skippedReport.skipped.find((s) => s.model === HAIKU);
    expect(skipped?.cases).toEqual(['flaky', 'roster']);
    expect(skippedReport.models.find((m) => m.model === HAIKU)?.skipped).toBe(2);
  });
});
