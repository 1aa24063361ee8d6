import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../src/records/report.js';
import { buildReport } from '../../src/report/build-report.js';
import { shouldUseColor } from '../../src/report/color.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderTerminal } from '../../src/report/render-terminal.js';
import { rankingSpend } from '../../src/report/report-labels.js';
import { displayWidth, wrap } from '../../src/report/text-width.js';
import { entry, judgement } from './report-entries.js';
import { scenarioEntries } from './report-scenario.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (text: string) => text.replace(ANSI, '');
const widest = (text: string) => Math.max(...plain(text).split('\n').map(displayWidth));

const report = buildReport(scenarioEntries(), { generatedAt: '2026-11-23T12:00:00.000Z' });
const text = renderTerminal(report, { color: false });

/** A report made to overflow: long ids, a long case name, multi-line, coloured and wide-character errors. */
function unruly() {
  return buildReport([
    entry({
      case: 'a case with a very long name that describes, at length, exactly what the agent must do here',
      model: 'openai-compatible:qwen3-coder-480b-a35b-instruct-fp8-with-a-very-long-suffix',
      durationMs: 3_723_000,
      costUsd: null,
      usage: {
        inputTokens: 12_345_678,
        cachedInputTokens: 9_876_543,
        outputTokens: 456_789,
        reasoningTokens: 123_456,
      },
      turns: 120,
      run: {
        toolCalls: Array.from({ length: 1234 }, (_, i) => ({
          name: 'read_file',
          args: { file_path: `f${i}` },
          ok: i % 2 === 0,
          durationMs: 1,
          turn: 1,
        })),
      },
    }),
    entry({
      case: 'a case with a very long name that describes, at length, exactly what the agent must do here',
      model: 'openai:gpt-5',
      status: 'failed',
      errors: [
        `\u001b[31mexpected\u001b[39m\tthe answer ${'to be much longer than this, '.repeat(12)}\n\nsecond line`,
      ],
    }),
    entry({
      case: '日本語のケース名：ファイルを読んで要約する',
      model: 'anthropic:claude-sonnet-4-5',
      unavailable: `cannot reach https://api.anthropic.com ${'(a long explanation) '.repeat(10)}`,
    }),
  ]);
}

describe('renderTerminal', () => {
  it('prints the headline, then the broken case before anything else', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'nanograde: 2 cases × 7 models · 6 passed, 4 failed, 2 skipped · agent $0.038 · judge $0.0007 · run',
    );
    expect(lines[1]).toBe('  time 3m 13s (sum)');
    expect(lines[2]).toBe(' BROKEN CASE "summary": the checks pass on an empty answer');
  });

  it('prints a row per model that ran: grades, time, tokens in/cached, out/reasoning, cost, turns, tools, status', () => {
    expect(text).toContain('── roster · bar: checks pass ──');
    expect(text).toMatch(/^ gpt-5 +A +S +D +A +10\.0s +1\.2k\/0 +80\/0 +\$0\.010 +2 +0 passed$/m);
    // Failed: no speed or cost grade (let alone a green S), however quick and cheap.
    expect(text).toMatch(/^ gpt-5-nano +F +— +— +F +6\.0s .* FAILED$/m);
    expect(text).toMatch(/^ reference \(built-in\) +A +n\/a +n\/a +n\/a +5ms .* sound$/m);
    expect(text).toContain('── summary · bar: judge ≥ B ──');
    expect(text).toMatch(/^ gpt-5-nano +F +— +— +F +30\.0s .* timeout$/m);
    expect(text).toMatch(/^ null \(built-in\) +A +n\/a +n\/a +n\/a .* BROKEN$/m);
  });

  it('says per case which model was best for the job, why runs failed and which were skipped', () => {
    expect(text).toContain(' Best for this job: cheapest gpt-oss:20b ($0) · fastest gpt-5 (10.0s)');
    expect(text).toContain(' ✗ gpt-5-nano: expected "Done: 2 files" to match /^Done: 3 files$/\n');
    expect(text).toContain(' ✗ gpt-5-mini: expected the judge to grade the run at least B, got C');
    expect(text).toContain(' ✗ gpt-5-nano: timeout: the run took longer than 1000 ms');
    expect(text).toContain(' skipped: claude-haiku-4-5');
  });

  it('ends with the ranking, the best model per case, the built-ins and the skipped models', () => {
    // 'summary' is broken: only roster ranks, where each did one job with A; cost decides.
    expect(text).toMatch(/^ 1st +gpt-oss:20b +A +1\/1 +A×1 +\$0 +\$0 +40\.0s$/m);
    expect(text).toMatch(/^ 2nd +gpt-5-mini +A +1\/1 +A×1 +\$0\.002 /m);
    expect(text).toMatch(/^ 3rd +gpt-5 +A +1\/1 +A×1 +\$0\.010 /m);
    // It did no job: listed, but not ranked.
    expect(text).toMatch(/^ — +gpt-5-nano +F +0\/1 +F×1 /m);
    expect(text).not.toMatch(/4th/);
    expect(text).toContain(' 1 case left out of the ranking: broken (summary)');
    expect(text).toMatch(/^ summary +judge ≥ B +broken: not ranked +— *$/m);
    expect(text).toContain(
      ' null (built-in): sound in 0/1 cases, 1 broken; not graded on speed or cost',
    );
    expect(text).toContain(' - claude-haiku-4-5 (2 cases): ANTHROPIC_API_KEY is not set');
  });

  it('says when no real model ran, rather than that none reached the bar', () => {
    const builtinsOnly = buildReport([
      entry({ model: 'builtin:reference', builtin: 'reference', costUsd: 0 }),
      entry({ model: 'openai:gpt-5', unavailable: 'Set OPENAI_API_KEY' }),
    ]);
    const printed = renderTerminal(builtinsOnly, { color: false });
    expect(printed).toContain(' Best for this job: no real model ran\n');
    expect(printed).toContain(' No real model ran.');
    // The summary's table says the same, not that models tried and fell short.
    expect(printed).not.toContain('none reached the bar');
    expect(printed).toMatch(/^ \S.* +no real model ran +— *$/m);
  });

  it('never cuts the status while a column can still go: "passed (replayed)" stays whole', () => {
    // Long times, costs and token counts push the table past 100 columns.
    const replayed = buildReport(
      ['openai:gpt-5', 'openai:gpt-5-mini', 'anthropic:claude-haiku-4-5'].map((model, i) => {
        const run = entry({
          model,
          durationMs: 3_723_000 + i,
          costUsd: 12.345678 + i,
          turns: 120,
          usage: { inputTokens: 12_345_678, cachedInputTokens: 9_876_543, outputTokens: 456_789 },
        });
        run.record.fixture = { mode: 'replayed', path: `cassettes/${i}.json`, recordedAt: 'then' };
        return run;
      }),
    );
    for (const width of [100, 80, 72]) {
      const printed = renderTerminal(replayed, { color: false, width });
      expect(widest(printed), `width ${width}`).toBeLessThanOrEqual(width);
      const rows = printed.split('\n').filter((line) => / \$1\d\.\d\d /.test(line));
      expect(
        rows.filter((row) => row.endsWith(' passed (replayed)')),
        `width ${width}`,
      ).toHaveLength(3);
      expect(printed).not.toContain('replaye…');
    }
  });

  it('counts a run nothing checked as "no grade", not as "unscored" (which says a judge failed)', () => {
    const unchecked = entry({ model: 'openai:gpt-5' });
    const report = buildReport([{ ...unchecked, notJudged: true, note: 'nothing checked it' }]);
    const printed = renderTerminal(report, { color: false });
    expect(printed).toMatch(/^ — +gpt-5 +— +0\/1 no grade×1 /m);
    expect(printed).not.toContain('unscored');
    expect(renderMarkdown(report)).toMatch(/\| F \| No grade \|/);
    expect(renderMarkdown(report)).not.toContain('Unscored');
  });

  it('shows what a model spent as measured: — when no run of it started, ? when no price is known', () => {
    const neverStarted = entry({ model: 'anthropic:claude-haiku-4-5', status: 'failed' });
    delete neverStarted.record.run; // say, no cassette to replay
    const report = buildReport([
      entry({ model: 'openai:gpt-5' }),
      entry({ model: 'openai-compatible:qwen3-coder', costUsd: null }),
      neverStarted,
    ]);
    const printed = renderTerminal(report, { color: false });
    expect(printed).toMatch(/^ 1st +gpt-5 +A +1\/1 A×1 +\$0\.001 +\$0 +1\.0s$/m);
    expect(printed).toMatch(/^ 2nd +qwen3-coder +A +1\/1 A×1 +\? +\$0 +1\.0s$/m);
    expect(printed).toMatch(/^ — +claude-haiku-4-5 +F +0\/1 F×1 +— +— +—$/m);
    const markdown = renderMarkdown(report);
    expect(markdown).toMatch(/\*\*qwen3-coder\*\*( \| [^|]*){9} \| unknown \| \\\$0 \| 1\.0s \|/);
    expect(markdown).toMatch(/\*\*claude-haiku-4-5\*\*( \| [^|]*){9} \| — \| — \| — \|/);
  });

  it('tells the runs of a repeated case × model apart: #1, #2 in the case table', () => {
    const repeated = [1, 2].map((index) => {
      const run = entry({ model: 'openai:gpt-5', durationMs: 1000 * index });
      run.record.repeat = { index, of: 2, minPass: 2 };
      return run;
    });
    const report = buildReport(repeated);
    const printed = renderTerminal(report, { color: false });
    expect(printed).toMatch(/^ gpt-5 #1 +A +S +S +A +1\.0s /m);
    expect(printed).toMatch(/^ gpt-5 #2 +A +B +S +A +2\.0s /m);
    expect(renderMarkdown(report)).toMatch(/^\| gpt-5 \\#2 \| A \| B \|/m);
  });

  it('ranks no model when none did the job, rather than "1st" with an F', () => {
    const printed = renderTerminal(
      buildReport([
        entry({ model: 'openai:gpt-5', status: 'failed', errors: ['expected 3, got 2'] }),
        entry({ model: 'openai:gpt-5-mini', status: 'failed', errors: ['expected 3, got 4'] }),
      ]),
      { color: false },
    );
    expect(printed).toMatch(/^ — +gpt-5 +F +0\/1 /m);
    expect(printed).toMatch(/^ — +gpt-5-mini +F +0\/1 /m);
    expect(printed).not.toMatch(/1st/);
  });

  it('never gets wider than 100 columns, whatever the names and messages', () => {
    expect(widest(text)).toBeLessThanOrEqual(100);
    const wild = renderTerminal(unruly(), { color: false });
    expect(widest(wild)).toBeLessThanOrEqual(100);
    expect(widest(renderTerminal(unruly(), { color: true }))).toBeLessThanOrEqual(100);
    // A wider terminal does not widen it.
    expect(widest(renderTerminal(unruly(), { color: false, width: 240 }))).toBeLessThanOrEqual(100);
    // Long cells are cut with …, not wrapped or lost.
    expect(wild).toContain('…');
    expect(wild).toContain('12.35M/9.88M');
    expect(wild).toContain('(+1 run of unknown');
    // A case where every model was skipped has no empty table.
    expect(wild).not.toMatch(/^ Model Perf Spd Cost Ovr Time In\/cached/m);
  });

  it('fits a narrower terminal by shrinking names, then dropping the least needed columns', () => {
    const narrow = renderTerminal(report, { color: false, width: 72 });
    expect(widest(narrow)).toBeLessThanOrEqual(72);
    expect(narrow).not.toMatch(/ Tools /);
    expect(narrow).toMatch(/^ Model +Perf Spd Cost Ovr +Time/m);
    expect(widest(renderTerminal(unruly(), { color: false, width: 60 }))).toBeLessThanOrEqual(60);
  });

  it('colours only when asked, and passes no escape sequence of its own inputs through', () => {
    expect(text).not.toContain('\u001b');
    expect(renderTerminal(unruly(), { color: false })).not.toContain('\u001b');
    const coloured = renderTerminal(report, { color: true });
    expect(coloured).toContain('\u001b[32mA\u001b[39m'); // a green grade
    expect(coloured).toContain('\u001b[1;97;41m'); // the broken case
    expect(plain(coloured)).toBe(text);
  });
});

describe('shouldUseColor', () => {
  it('colours a TTY only, and never when NO_COLOR is set (to anything but "")', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: 'false' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({}, {})).toBe(false);
  });
});

describe('table values', () => {
  it('wraps words to a width with a hanging indent, cutting a word that cannot fit', () => {
    expect(wrap('one two three four', 9, '- ', '  ')).toEqual(['- one two', '  three', '  four']);
    expect(wrap('abcdefghijklmnop', 8)).toEqual(['abcdefg…']);
    expect(wrap('', 10, ' x ')).toEqual([' x ']);
    expect(displayWidth('日本')).toBe(4);
  });
});

describe('a judge whose price is unknown', () => {
  // openai-compatible:qwen3-judge is no catalog model: its verdicts cost null, never $0.
  const unknownJudge = buildReport(
    [
      entry({
        case: 'capital',
        model: 'openai:gpt-5-mini',
        judgements: [
          judgement('A', 'B', { judge: 'openai-compatible:qwen3-judge', costUsd: null }),
        ],
      }),
      entry({
        case: 'capital',
        model: 'anthropic:claude-haiku-4-5',
        judgements: [judgement('A', 'B', { costUsd: 0.0002 })],
      }),
    ],
    { generatedAt: '2026-11-23T12:00:00.000Z' },
  );
  const printed = renderTerminal(unknownJudge, { color: false });

  it('says so in the headline instead of adding it up as $0', () => {
    expect(printed.split('\n').slice(0, 2).join(' ').replace(/\s+/g, ' ')).toContain(
      'judge $0.0002 (+1 run of unknown judge price)',
    );
  });

  it('shows the judge cost of the model whose judge had no price as unknown in the ranking', () => {
    const mini = unknownJudge.models.find((m) => m.model === 'openai:gpt-5-mini');
    const haiku = unknownJudge.models.find((m) => m.model === 'anthropic:claude-haiku-4-5');
    expect(rankingSpend(unknownJudge, mini as ModelSummary, 'short').judgeCost).toBe('?');
    expect(rankingSpend(unknownJudge, mini as ModelSummary, 'long').judgeCost).toBe('unknown');
    expect(rankingSpend(unknownJudge, haiku as ModelSummary, 'short').judgeCost).toBe('$0.0002');
  });
});
