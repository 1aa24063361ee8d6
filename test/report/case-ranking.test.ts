import { describe, expect, it } from 'vitest';
import type { ReportEntry } from '../../src/records/report.js';
import { ReportSchema } from '../../src/records/report.js';
import { buildReport } from '../../src/report/build-report.js';
import { renderHtml } from '../../src/report/render-html.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderTerminal } from '../../src/report/render-terminal.js';
import { entry } from './report-entries.js';

/** The runs of one repeated case × model: `passes` of them pass, the rest fail (tolerated or not). */
function repeated(
  model: string,
  caseName: string,
  of: number,
  passes: number,
  minPass: number,
): ReportEntry[] {
  return Array.from({ length: of }, (_, i) => {
    const run = entry({
      case: caseName,
      model,
      durationMs: 1000,
      costUsd: 0.001,
      ...(i < passes ? {} : { status: 'failed' as const }),
    });
    run.record.repeat = { index: i + 1, of, minPass };
    return run;
  });
}

const single = (model: string, caseName: string, status: 'passed' | 'failed') =>
  entry({ case: caseName, model, durationMs: 1000, costUsd: 0.001, status });

// The audit's repro: gpt-5 passes the flaky case 5/5 and fails the two others; gpt-5-mini passes
// the flaky case 1/5 (minPass 1, so the case passes) and the two others.
const flaky = buildReport([
  ...repeated('openai:gpt-5', 'flaky', 5, 5, 1),
  ...repeated('openai:gpt-5-mini', 'flaky', 5, 1, 1),
  single('openai:gpt-5', 'second', 'failed'),
  single('openai:gpt-5-mini', 'second', 'passed'),
  single('openai:gpt-5', 'third', 'failed'),
  single('openai:gpt-5-mini', 'third', 'passed'),
]);

describe('the ranking counts cases, not runs: a repeated case counts once per model', () => {
  it('ranks gpt-5-mini (3 cases) above gpt-5 (1 case, passed five times)', () => {
    expect(
      flaky.models.map((m) => [m.model, m.rank, m.jobsDone, m.ran, m.meanOverall, m.overall]),
    ).toEqual([
      // flaky: 1 of 5 runs reached the bar, minPass 1 met: the median run (F) raised to D (1);
      // second, third: A (4). Mean 3: B.
      ['openai:gpt-5-mini', 1, 3, 3, 3, 'B'],
      // flaky: A (4) five times over, counted once; second, third: F (0). Mean 4/3: D.
      ['openai:gpt-5', 2, 1, 3, 4 / 3, 'D'],
    ]);
    const mini = flaky.models[0];
    expect(mini?.overallGrades).toEqual({ S: 0, A: 2, B: 0, C: 0, D: 1, F: 0, none: 0 });
    // Spend is what the runs cost: all seven of gpt-5-mini's runs.
    expect(mini?.durationMs).toBe(7000);
    expect(mini?.costUsd).toBeCloseTo(0.007, 12);
  });

  it('prints the same ranking in the terminal, Markdown, HTML and report.json', () => {
    const terminal = renderTerminal(flaky, { color: false });
    expect(terminal).toMatch(/^ 1st +gpt-5-mini +B +3\/3 A×2 D×1 /m);
    expect(terminal).toMatch(/^ 2nd +gpt-5 +D +1\/3 A×1 F×2 /m);
    const markdown = renderMarkdown(flaky);
    expect(markdown).toMatch(/^\| 1st \| \*\*gpt-5-mini\*\* \| \*\*B\*\* \| 3\/3 \|/m);
    expect(markdown).toMatch(/^\| 2nd \| \*\*gpt-5\*\* \| \*\*D\*\* \| 1\/3 \|/m);
    const html = renderHtml(flaky).page;
    const ranking = html.slice(
      html.indexOf('id="ranking"'),
      html.indexOf('</table>', html.indexOf('id="ranking"')),
    );
    expect(ranking.indexOf('data-model="openai:gpt-5-mini"')).toBeLessThan(
      ranking.indexOf('data-model="openai:gpt-5"'),
    );
    expect(ranking).toContain('>3/3<');
    expect(ranking).toContain('>1/3<');
    const json = ReportSchema.parse(JSON.parse(JSON.stringify(flaky)));
    expect(json.models.map((m) => [m.model, m.rank, m.jobsDone])).toEqual([
      ['openai:gpt-5-mini', 1, 3],
      ['openai:gpt-5', 2, 1],
    ]);
  });

  it('names a repeated model best for the job only when minPass of its runs reached the bar', () => {
    const report = buildReport([
      // One lucky run of three, where three must pass: the case is not done, however cheap that run.
      ...repeated('openai:gpt-5-nano', 'strict', 3, 1, 3).map((run, i) => {
        if (run.record.run) run.record.run.costUsd = i === 0 ? 0.0001 : 0.0002;
        return run;
      }),
      ...repeated('openai:gpt-5', 'strict', 3, 3, 3),
    ]);
    const [strict] = report.cases;
    expect(strict?.reachedBar).toEqual(['openai:gpt-5']);
    // gpt-5's figures are those of its runs (the mean), once, not its cheapest run's.
    expect(strict?.best.cheapest).toEqual({
      model: 'openai:gpt-5',
      costUsd: 0.001,
      durationMs: 1000,
    });
    expect(report.models.find((m) => m.model === 'openai:gpt-5-nano')).toMatchObject({
      rank: null,
      jobsDone: 0,
      ran: 1,
      // One of three reached the bar: not done; its median run (F) stays F.
      overall: 'F',
    });
  });
});

describe('a broken case is left out of the ranking, and the reports say so', () => {
  // 'vacuous' is broken (null passes its checks): gpt-5-mini's pass there says nothing.
  const report = buildReport([
    single('openai:gpt-5', 'sound', 'passed'),
    single('openai:gpt-5-mini', 'sound', 'failed'),
    single('openai:gpt-5', 'vacuous', 'failed'),
    entry({ case: 'vacuous', model: 'openai:gpt-5-mini', durationMs: 10, costUsd: 0.0001 }),
    entry({
      case: 'vacuous',
      model: 'builtin:null',
      builtin: 'null',
      status: 'failed',
      brokenCase: 'the checks pass on an empty answer',
    }),
  ]);

  it('counts no run of it for any model, and names nobody best for it', () => {
    expect(report.models.map((m) => [m.model, m.rank, m.jobsDone, m.ran])).toEqual([
      ['openai:gpt-5', 1, 1, 1],
      // Its only pass was on the broken case: it did no job that counts.
      ['openai:gpt-5-mini', null, 0, 1],
      ['builtin:null', null, 0, 1],
    ]);
    const vacuous = report.cases.find((c) => c.name === 'vacuous');
    expect(vacuous?.reachedBar).toEqual([]);
    expect(vacuous?.best).toEqual({ cheapest: null, fastest: null });
  });

  it('says which cases were left out, in the terminal, Markdown and HTML', () => {
    const said = '1 case left out of the ranking: broken (vacuous)';
    const terminal = renderTerminal(report, { color: false });
    expect(terminal).toContain(said);
    expect(terminal).toMatch(/Best for this job: none, the case is broken/);
    expect(renderMarkdown(report)).toContain(said);
    expect(renderHtml(report).page).toContain(said);
  });
});
