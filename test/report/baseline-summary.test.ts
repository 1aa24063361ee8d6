/** The reporter's baseline comparison: what report.md says about it. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineSummary } from '../../src/report/baseline-summary.js';
import { buildReport } from '../../src/report/build-report.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { entry, judgement } from './report-entries.js';

const MINI = 'openai:gpt-5-mini';
const build = (grade: 'A' | 'C') =>
  buildReport([entry({ case: 'summary', model: MINI, judgements: [judgement(grade, 'C')] })], {
    generatedAt: '2026-11-23T00:00:00.000Z',
  });

describe('comparing with a baseline in the report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nanograde-baseline-'));
    await writeFile(join(dir, 'base.json'), JSON.stringify(build('A')));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says in report.md which baseline it compared with and what regressed', async () => {
    const report = build('C');
    report.baseline = await baselineSummary(report, join(dir, 'base.json'));
    expect(report.baseline).toEqual({
      path: join(dir, 'base.json'),
      regressions: 1,
      headline: '1 regression',
      regressed: [`summary › ${MINI}: grade A → C`],
    });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(
      `Compared with the baseline \`${join(dir, 'base.json')}\`: **1 regression**`,
    );
    expect(markdown).toContain(`- ✗ summary › ${MINI}: grade A → C`);
  });

  it('says why when the baseline cannot be read', async () => {
    const report = build('A');
    report.baseline = await baselineSummary(report, join(dir, 'missing.json'));
    expect(report.baseline.error).toBe(`${join(dir, 'missing.json')}: no such file`);
    expect(renderMarkdown(report)).toContain('Could not compare with the baseline');
  });
});
