import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build-report.js';
import {
  escapeMarkdown,
  MARKDOWN_BUDGET,
  renderMarkdown,
} from '../../src/report/render-markdown.js';
import { entry } from './report-entries.js';
import { scenarioEntries } from './report-scenario.js';

const markdown = renderMarkdown(
  buildReport(scenarioEntries(), { generatedAt: '2026-11-23T12:00:00.000Z' }),
);

/** The cell separators of a table line: pipes not escaped with a backslash. */
const separators = (line: string) => line.match(/(?<!\\)\|/g)?.length ?? 0;

describe('renderMarkdown', () => {
  it('opens with the headline and a caution block naming the broken case', () => {
    expect(
      markdown.startsWith(
        '## nanograde report\n\n2 cases × 7 models · 6 passed, 4 failed, 2 skipped',
      ),
    ).toBe(true);
    expect(markdown).toContain(
      '> [!CAUTION]\n> **Broken case "summary":** the checks pass on an empty answer',
    );
  });

  it('ranks the models with their grade distribution, costs and time', () => {
    // 'summary' is broken: only roster ranks, where each did one job with A; cost decides.
    expect(markdown).toContain(
      '| 1st | **gpt-oss:20b** | **A** | 1/1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | \\$0 | \\$0 | 40.0s |',
    );
    expect(markdown).toContain(
      '| 2nd | **gpt-5-mini** | **A** | 1/1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | \\$0.002 | \\$0 | 12.0s |',
    );
    expect(markdown).toContain('> 1 case left out of the ranking: broken (summary)');
  });

  it('names the best model for each job and the skipped models with their reasons', () => {
    expect(markdown).toContain(
      '| roster | checks pass | gpt-oss:20b \\$0 | gpt-5 10.0s | gpt-5, gpt-5-mini, gpt-oss:20b |',
    );
    expect(markdown).toContain('| ⚠️ summary (broken) | judge ≥ B |');
    expect(markdown).toContain(
      '- **claude-haiku-4-5** (2 cases): ANTHROPIC\\_API\\_KEY is not set',
    );
  });

  it('has a table per case with a row per model, and says why runs failed', () => {
    expect(markdown).toContain('#### roster — bar: checks pass');
    expect(markdown).toContain(
      '| gpt-5 | A | S | D | **A** | 10.0s | 1.2k/0 | 80/0 | \\$0.010 | 2 | 0 | passed |',
    );
    expect(markdown).toContain('| null _(built-in)_ | A | n/a | n/a | n/a |');
    expect(markdown).toContain('- ✗ gpt-5-nano: timeout: the run took longer than 1000 ms');
    const caseTable = markdown.split('\n').filter((line) => line.startsWith('| gpt-5-mini |'));
    expect(caseTable).toHaveLength(2);
    for (const line of caseTable) expect(separators(line)).toBe(13);
  });

  it('keeps model text inert: no HTML, no table breaks, no math', () => {
    const hostile = renderMarkdown(
      buildReport([
        entry({
          model: 'openai:gpt-5',
          status: 'failed',
          errors: [
            'expected <script>alert(1)</script> | a $x$ [link](http://example.com) **bold**',
          ],
        }),
      ]),
    );
    const line = hostile.split('\n').find((l) => l.startsWith('- ✗ gpt-5:'));
    expect(line).toBe(
      '- ✗ gpt-5: expected \\<script\\>alert(1)\\</script\\> \\| a \\$x\\$ \\[link\\](http://example.com) \\*\\*bold\\*\\*',
    );
    expect(escapeMarkdown('a\nb\r\nc\td & e')).toBe('a b c d &amp; e');
  });

  it('stays inside a pull-request comment: cases that do not fit are counted, not cut mid-table', () => {
    const many = Array.from({ length: 400 }, (_, i) => [
      entry({ case: `case number ${i}`, model: 'openai:gpt-5', durationMs: 1000 + i }),
      entry({ case: `case number ${i}`, model: 'openai:gpt-5-mini', status: 'failed' }),
    ]).flat();
    const big = renderMarkdown(buildReport(many));
    expect(big.length).toBeLessThanOrEqual(MARKDOWN_BUDGET + 500);
    const shown = big.match(/^#### case number \d+/gm)?.length ?? 0;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(400);
    expect(big).toContain(
      `_${400 - shown} more cases did not fit here: see report.html or report.json._`,
    );
    // The summary is always whole: every case is in the best-model table.
    expect(big).toContain('| case number 399 | checks pass |');
  });
});
