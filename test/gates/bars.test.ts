/** Bars: resolution per model group, case and model, and checks on runs and on the suite. */
import { describe, expect, it } from 'vitest';
import { BarsConfigSchema } from '../../src/gates/bars-schema.js';
import { checkRunBars } from '../../src/gates/check-run-bars.js';
import { gatedRuns, repeatPlan } from '../../src/gates/gate-run.js';
import { matchesModelPattern, resolveBars } from '../../src/gates/resolve-bars.js';
import { checkSuiteBars } from '../../src/gates/suite-bars.js';
import { buildReport } from '../../src/report/build-report.js';
import { entry } from '../report/report-entries.js';

const MINI = { id: 'openai:gpt-5-mini', provider: 'openai' } as const;
const HAIKU = { id: 'anthropic:claude-haiku-4-5', provider: 'anthropic' } as const;
const OSS = { id: 'ollama:gpt-oss:20b', provider: 'ollama' } as const;

// Local models need C, cloud models B; gpt-5-mini by name must reach A; a case overrides.
const config = BarsConfigSchema.parse({
  minGrade: 'D',
  maxCostUsd: 0.05,
  groups: { frontier: ['anthropic:*'] },
  models: {
    local: { minGrade: 'C', maxDurationMs: 120_000 },
    cloud: { minGrade: 'B' },
    'gpt-5-mini': { minGrade: 'A' },
    frontier: { maxCostUsd: 0.2 },
  },
  cases: { 'hard case': { minGrade: 'C', models: { 'openai:*': { maxDurationMs: 5_000 } } } },
});

describe('resolveBars', () => {
  it('matches exact ids and * patterns', () => {
    expect(matchesModelPattern('ollama:gpt-oss:20b', 'ollama:*')).toBe(true);
    expect(matchesModelPattern('ollama:gpt-oss:20b', 'ollama:gpt-oss:120b')).toBe(false);
    expect(matchesModelPattern('openai:gpt-5.1', 'openai:gpt-5*')).toBe(true);
    expect(matchesModelPattern('openai:gpt-5x1', 'openai:gpt-5.1')).toBe(false);
  });

  it('gives local models C and cloud models B, a named model its own bar', () => {
    expect(resolveBars(config, 'easy', OSS)).toEqual({
      bars: { minGrade: 'C', maxCostUsd: 0.05, maxDurationMs: 120_000 },
      sources: {
        minGrade: 'bars.models["local"]',
        maxCostUsd: 'bars',
        maxDurationMs: 'bars.models["local"]',
      },
    });
    expect(resolveBars(config, 'easy', HAIKU).bars).toEqual({ minGrade: 'B', maxCostUsd: 0.2 });
    // The exact name beats the group whatever their order in the config.
    expect(resolveBars(config, 'easy', MINI).bars).toEqual({ minGrade: 'A', maxCostUsd: 0.05 });
  });

  it('lets the case (agentTest bars, then bars.cases) override, per model within the case last', () => {
    const hard = resolveBars(config, 'hard case', MINI, { maxCostUsd: 0.01 });
    expect(hard.bars).toEqual({ minGrade: 'C', maxCostUsd: 0.01, maxDurationMs: 5_000 });
    expect(hard.sources.maxDurationMs).toBe('bars.cases["hard case"].models["openai:*"]');
    expect(hard.sources.maxCostUsd).toBe('case');
    expect(resolveBars(undefined, 'x', MINI)).toEqual({ bars: {}, sources: {} });
  });

  it('rejects unknown bar names and negative limits', () => {
    expect(BarsConfigSchema.safeParse({ minGrade: 'E' }).success).toBe(false);
    expect(BarsConfigSchema.safeParse({ maxCost: 1 }).success).toBe(false);
    expect(BarsConfigSchema.safeParse({ models: { local: { maxCostUsd: -1 } } }).success).toBe(
      false,
    );
  });
});

describe('checkRunBars', () => {
  const bars = resolveBars(config, 'easy', OSS);
  it('passes a run within every bar', () => {
    const checks = checkRunBars(bars, { grade: 'C', costUsd: 0, durationMs: 60_000 });
    expect(checks.map((check) => [check.bar, check.ok])).toEqual([
      ['minGrade', true],
      ['maxCostUsd', true],
      ['maxDurationMs', true],
    ]);
  });

  it('names the bar, its source and the value that broke it', () => {
    const checks = checkRunBars(bars, { grade: 'D', costUsd: 0, durationMs: 130_000 });
    expect(checks.filter((check) => !check.ok).map((check) => check.message)).toEqual([
      'bar minGrade C (bars.models["local"]) failed: the run was graded D',
      'bar maxDurationMs 2m 00s (bars.models["local"]) failed: the run took 2m 10s',
    ]);
  });

  it('fails a cost bar it cannot check (unknown price) and a grade bar without a grade', () => {
    const checks = checkRunBars(resolveBars(config, 'easy', HAIKU), {
      grade: null,
      costUsd: null,
      durationMs: 1,
    });
    expect(checks.map((check) => [check.ok, check.actual])).toEqual([
      [false, 'unscored'],
      [false, 'unknown'],
    ]);
    expect(checks[1]?.message).toContain("cannot be checked: the model's price is unknown");
  });
});

describe('repeat plans', () => {
  it('runs built-ins once and real models n times, named #1…#n, sharing one tally', () => {
    const builtin = { id: 'builtin:reference', provider: 'builtin', apiModel: 'reference' };
    const plan = repeatPlan('c', { repeats: 3, minPass: 2 }, undefined);
    const runs = gatedRuns('c', [MINI, builtin] as never, plan, undefined, undefined);
    expect(runs.map((run) => [run.model.id, run.repeat?.index])).toEqual([
      ['openai:gpt-5-mini', 1],
      ['openai:gpt-5-mini', 2],
      ['openai:gpt-5-mini', 3],
      ['builtin:reference', undefined],
    ]);
    expect(runs[0]?.tally).toBe(runs[2]?.tally);
    expect(repeatPlan('c', {}, 4)).toEqual({ repeats: 4, minPass: 4 });
    expect(() => repeatPlan('c', { repeats: 2, minPass: 3 }, undefined)).toThrow(/minPass/);
    expect(() => repeatPlan('c', { repeats: 0 }, undefined)).toThrow(/repeats/);
  });
});

describe('checkSuiteBars', () => {
  const report = buildReport(
    [
      entry({ case: 'a', model: MINI.id, costUsd: 0.03, durationMs: 4000 }),
      entry({ case: 'a', model: HAIKU.id, costUsd: 0.04, durationMs: 6000, status: 'failed' }),
      entry({ case: 'a', model: 'builtin:reference', builtin: 'reference', costUsd: 0 }),
    ],
    { generatedAt: '2026-11-23T00:00:00.000Z' },
  );

  it('checks total cost, total time and the pass rate of real-model runs', () => {
    // Cost 0.03 + 0.04 + 0 = $0.07; time 4 + 6 + 1 s = 11 s; real models 1 of 2 passed.
    const checks = checkSuiteBars(report, {
      maxCostUsd: 0.1,
      maxDurationMs: 10_000,
      minPassRate: 0.5,
    });
    expect(checks.map((check) => [check.bar, check.actual, check.ok])).toEqual([
      ['maxCostUsd', '$0.070', true],
      ['maxDurationMs', '11.0s', false],
      ['minPassRate', '1/2', true],
    ]);
    expect(checkSuiteBars(report, { minPassRate: 0.75 })[0]?.message).toBe(
      'suite bar minPassRate 75% failed: 1/2 runs passed',
    );
  });

  it('fails the cost bar when a price is unknown', () => {
    const unknown = buildReport([entry({ case: 'a', model: MINI.id, costUsd: null })]);
    const [check] = checkSuiteBars(unknown, { maxCostUsd: 1 });
    expect(check?.ok).toBe(false);
    expect(check?.message).toContain('1 run(s) have an unknown price');
  });
});
