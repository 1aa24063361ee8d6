import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/records/report.js';
import { buildReport } from '../../src/report/build-report.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import {
  appendStepSummary,
  reportDir,
  reportJson,
  writeReports,
} from '../../src/report/write-reports.js';
import { scenarioEntries } from './report-scenario.js';

const report = buildReport(scenarioEntries(), { generatedAt: '2026-11-23T12:00:00.000Z' });

describe('writeReports', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'nanograde-write-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('writes report.json (schema-valid), report.md and report.html into a folder it creates', async () => {
    const out = join(work, 'deep', 'out');
    const paths = await writeReports(report, out);
    expect(paths).toEqual({
      json: join(out, 'report.json'),
      md: join(out, 'report.md'),
      html: join(out, 'report.html'),
    });
    const json = ReportSchema.parse(JSON.parse(await readFile(paths.json, 'utf8')));
    expect(json).toEqual(report);
    expect(json.schemaVersion).toBe(1);
    expect(await readFile(paths.md, 'utf8')).toBe(renderMarkdown(report));
    const html = await readFile(paths.html, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|https?:\/\//i);
    expect((await readdir(out)).sort()).toEqual(['report.html', 'report.json', 'report.md']);
  });

  it("writes report.json record by record: JSON.stringify's layout, each run and verdict list on one line", async () => {
    const text = [...reportJson(report)].join('');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    // Everything but the runs and verdicts laid out as JSON.stringify(report, null, 2) does.
    const oneLine = (key: string, value: unknown) =>
      (key === 'run' || key === 'judgements') && value !== null && typeof value === 'object'
        ? `ONE LINE ${JSON.stringify(value)}`
        : value;
    const expected = JSON.stringify(report, oneLine, 2).replace(
      /"ONE LINE (.*)"(,?)$/gm,
      (_, json: string, comma: string) => `${JSON.parse(`"${json}"`)}${comma}`,
    );
    expect(text).toBe(`${expected}\n`);
    expect(text).toMatch(/\n {6}"run": \{"model":.*\}\n/);
    const empty = buildReport([], { generatedAt: '2026-11-23T12:00:00.000Z' });
    expect([...reportJson(empty)].join('')).toBe(`${JSON.stringify(empty, null, 2)}\n`);
    const paths = await writeReports(report, work);
    expect(await readFile(paths.json, 'utf8')).toBe(text);
  });

  it('puts the run details of a big report in report-details/, and removes them when they fit again', async () => {
    await writeReports(report, work, { inlineDetailsLimit: 0 });
    expect((await readdir(work)).sort()).toEqual([
      'report-details',
      'report.html',
      'report.json',
      'report.md',
    ]);
    const details = await readFile(join(work, 'report-details', 'runs-0.js'), 'utf8');
    expect(details).toMatch(/^nanogradeRunDetails\(\{"run-1":"<dl class=\\"facts\\">/);
    const html = await readFile(join(work, 'report.html'), 'utf8');
    expect(html).toContain('<div class="body" data-details="0">');
    expect(html).not.toContain('<dl class="facts">');
    await writeReports(report, work);
    expect((await readdir(work)).sort()).toEqual(['report.html', 'report.json', 'report.md']);
    expect(await readFile(join(work, 'report.html'), 'utf8')).toContain('<dl class="facts">');
  });

  it('replaces earlier reports whole', async () => {
    await writeReports(report, work);
    const smaller = buildReport(scenarioEntries().slice(0, 1));
    await writeReports(smaller, work);
    const json = ReportSchema.parse(JSON.parse(await readFile(join(work, 'report.json'), 'utf8')));
    expect(json.records).toHaveLength(1);
  });

  it('leaves no temporary file behind when a write fails', async () => {
    await mkdir(join(work, 'report.json')); // a folder where the file must go: the rename fails
    await expect(writeReports(report, work)).rejects.toThrow();
    const left = await readdir(work);
    expect(left.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(left).toContain('report.md');
  });
});

describe('reportDir', () => {
  it('is $NANOGRADE_OUT, else .nanograde/, under the root', () => {
    expect(reportDir('/work/project', {})).toBe(resolve('/work/project/.nanograde'));
    expect(reportDir('/work/project', { NANOGRADE_OUT: 'reports/agents' })).toBe(
      resolve('/work/project/reports/agents'),
    );
    expect(reportDir('/work/project', { NANOGRADE_OUT: '/tmp/out' })).toBe('/tmp/out');
    expect(reportDir('/work/project', { NANOGRADE_OUT: '  ' })).toBe(
      resolve('/work/project/.nanograde'),
    );
  });
});

describe('appendStepSummary', () => {
  it('appends the Markdown to the job summary file, keeping what was there', async () => {
    const work = await mkdtemp(join(tmpdir(), 'nanograde-summary-'));
    try {
      const summary = join(work, 'step-summary.md');
      await writeFile(summary, '# Earlier step\n');
      expect(await appendStepSummary('## nanograde report\n', summary)).toBe(true);
      expect(await appendStepSummary('second', summary)).toBe(true);
      expect(await readFile(summary, 'utf8')).toBe(
        '# Earlier step\n## nanograde report\n\nsecond\n\n',
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('does nothing without a path (not on GitHub Actions)', async () => {
    expect(await appendStepSummary('## nanograde report', undefined)).toBe(false);
    expect(await appendStepSummary('## nanograde report', '')).toBe(false);
  });
});
