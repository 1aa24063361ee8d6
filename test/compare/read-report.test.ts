import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportFileError, readReportFile } from '../../src/compare/read-report.js';
import { buildReport } from '../../src/report/build-report.js';
import { writeReports } from '../../src/report/write-reports.js';
import { scenarioEntries } from '../report/report-scenario.js';

const report = buildReport(scenarioEntries(), { generatedAt: '2026-11-23T12:00:00.000Z' });
// What compare reads of each record, straight from the report in memory.
const compared = report.records.map(
  ({ case: name, model, builtin, status, note, performance, metrics }) => ({
    case: name,
    model,
    ...(builtin ? { builtin } : {}),
    status,
    ...(note === undefined ? {} : { note }),
    performance,
    metrics,
  }),
);

describe('readReportFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nanograde-read-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads what compare needs from report.json as writeReports writes it, skipping the runs', async () => {
    const paths = await writeReports(report, join(dir, 'written'));
    const text = await readFile(paths.json, 'utf8');
    // The runs (and their transcripts) are in the file, on one line each, as the reader skips them.
    expect(text).toMatch(/\n {6}"run": \{"model":[^\n]*\},?\n/);
    // Records without a judge verdict have an empty list, which must not swallow the next ones.
    expect(text).toContain('\n      "judgements": [],');
    expect(text).toMatch(/\n {6}"judgements": \[\{[^\n]*\],\n/);
    expect((await readReportFile(paths.json)).records).toEqual(compared);
  });

  it('reads a report written before the runs went on one line (JSON.stringify, 2 spaces)', async () => {
    const older = join(dir, 'older.json');
    await writeFile(older, JSON.stringify(report, null, 2));
    const text = await readFile(older, 'utf8');
    expect(text).toContain('\n      "run": {\n');
    expect(text).toContain('\n      "judgements": [\n');
    expect((await readReportFile(older)).records).toEqual(compared);
  });

  it('reads the same report laid out any other way, whole', async () => {
    const compact = join(dir, 'compact.json');
    await writeFile(compact, JSON.stringify(report));
    expect((await readReportFile(compact)).records).toEqual(compared);
    const tabs = join(dir, 'tabs.json');
    await writeFile(tabs, JSON.stringify(report, null, '\t'));
    expect((await readReportFile(tabs)).records).toEqual(compared);
  });

  it('is not fooled by transcripts that look like the layout it skips', async () => {
    const tricky = structuredClone(report);
    const run = tricky.records.find((record) => record.run)?.run;
    if (!run) throw new Error('the scenario has no run');
    run.output = '\n      }\n      "run": {';
    run.transcript.push({ role: 'user', content: '}\n      }\n    }\n  ]\n}' });
    const paths = await writeReports(tricky, join(dir, 'tricky'));
    expect((await readReportFile(paths.json)).records).toEqual(compared);
  });

  it('says what is wrong with a file that is no report', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ schemaVersion: 1, records: [{ case: 'x' }] }));
    await expect(readReportFile(bad)).rejects.toThrow(
      new ReportFileError(
        `${bad}: not a nanograde report.json (records.0.model: Invalid input: expected string, received undefined)`,
      ),
    );
    await writeFile(bad, '{"schemaVersion": 1, "records": [');
    await expect(readReportFile(bad)).rejects.toThrow(/not JSON/);
    await expect(readReportFile(join(dir, 'none.json'))).rejects.toThrow(/no such file/);
  });
});
