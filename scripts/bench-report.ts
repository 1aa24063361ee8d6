/**
 * Benchmark: reports of 10,000 case × model records (1,250 cases on 8 models, realistic runs with
 * transcripts, tool calls and judge verdicts). It prints, each against its goal (issue 16):
 * - report.html's size (the page a browser opens first; a big report's run details go to
 *   report-details/, loaded when a run is opened) — under 15 MB;
 * - the peak memory of a fresh Node process that, like the grade reporter, reads the records,
 *   builds the report, prints the table and writes report.json, report.md and report.html —
 *   under 500 MB;
 * - `nanograde compare` of two such reports, a fresh process: wall time under 1 s, and its peak
 *   memory;
 * and the time to build and render each format in this process. The child processes run the
 * package built by the global setup. Run it with `npm run bench:report`; it prints, it does not
 * fail on a figure.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject, test } from 'vitest';
import type { ReportEntry } from '../src/records/report.js';
import { buildReport } from '../src/report/build-report.js';
import { renderHtml } from '../src/report/render-html.js';
import { renderMarkdown } from '../src/report/render-markdown.js';
import { renderTerminal } from '../src/report/render-terminal.js';
import { reportJson, writeReports } from '../src/report/write-reports.js';
import { BUILT_CLI_KEY } from '../test/build-dist.global-setup.js';
import { runProcess } from '../test/fakes/test-support.js';
import { MODELS, makeEntries } from './report-bench/report-entries.js';
import { goalLine } from './suite-bench/bench-fakes.js';
import { childrenCpuMs } from './suite-bench/children-cpu.js';

const CASES = 1250;
const GOALS = { htmlMB: 15, writeMB: 500, compareMs: 1000 };

/** Node with a hook that prints the process's peak memory (maxRSS, KiB) to stderr as it exits. */
const PEAK_HOOK = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => process.stderr.write('\\nnanograde-bench-peak-kib ' + process.resourceUsage().maxRSS + '\\n'));",
)}`;

function peakMB(output: string): number {
  const kib = Number(/nanograde-bench-peak-kib (\d+)/.exec(output)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/** What the grade reporter does at the end of a run, in a fresh process on the built package. */
function reporterScript(dist: string, entriesPath: string, outDir: string): string {
  const url = (path: string) => JSON.stringify(pathToFileURL(join(dist, path)).href);
  return `
import { readFileSync } from 'node:fs';
const { readCaseRecord } = await import(${url('records/case-record.js')});
const { buildReport } = await import(${url('report/build-report.js')});
const { renderTerminal } = await import(${url('report/render-terminal.js')});
const { renderMarkdown } = await import(${url('report/render-markdown.js')});
const { writeReports } = await import(${url('report/write-reports.js')});
// The records as task meta hands them to the reporter, each read against its schema.
const entries = JSON.parse(readFileSync(${JSON.stringify(entriesPath)}, 'utf8')).map((entry) => {
  const read = readCaseRecord(entry.record);
  if (!read.ok) throw new Error(read.problem);
  return { ...entry, record: read.data };
});
const report = buildReport(entries);
renderTerminal(report, { color: false, width: 100 });
await writeReports(report, ${JSON.stringify(outDir)});
renderMarkdown(report); // the job summary
`;
}

async function folderBytes(path: string): Promise<number> {
  const names = await readdir(path).catch(() => [] as string[]);
  const sizes = await Promise.all(names.map(async (name) => (await stat(join(path, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** A head report for compare: every third judged grade one lower, every fifth cost doubled. */
function headEntries(entries: ReportEntry[]): ReportEntry[] {
  return entries.map((entry, i) => {
    const record = structuredClone(entry.record);
    if (i % 5 === 0 && record.run?.costUsd) record.run.costUsd *= 2;
    const judgement = record.judgements?.[0];
    if (i % 3 === 0 && judgement?.grade && judgement.grade !== 'F') {
      judgement.grade = ({ S: 'A', A: 'B', B: 'C', C: 'D', D: 'F' } as const)[judgement.grade];
    }
    return { ...entry, record };
  });
}

interface Timing {
  build: number;
  terminal: number;
  markdown: number;
  html: number;
  json: number;
}

function renderTimes(entries: ReportEntry[]): Timing {
  const t0 = performance.now();
  const report = buildReport(entries);
  const t1 = performance.now();
  renderTerminal(report, { color: false });
  const t2 = performance.now();
  renderMarkdown(report);
  const t3 = performance.now();
  const html = renderHtml(report);
  for (const file of html.detailFiles) void file.content.length;
  const t4 = performance.now();
  for (const piece of reportJson(report)) void piece.length;
  const t5 = performance.now();
  return { build: t1 - t0, terminal: t2 - t1, markdown: t3 - t2, html: t4 - t3, json: t5 - t4 };
}

test(`bench:report — ${CASES * MODELS.length} case × model records`, async () => {
  const dist = dirname(dirname(inject(BUILT_CLI_KEY)));
  const work = await mkdtemp(join(tmpdir(), 'nanograde-bench-report-'));
  try {
    const load = loadavg()[0] ?? 0;
    const entries = makeEntries(CASES);
    const timing = renderTimes(entries);

    // The reporter's job in a fresh process: its peak memory, and the files it wrote.
    const entriesPath = join(work, 'entries.json');
    await writeFile(entriesPath, JSON.stringify(entries));
    const out = join(work, 'out');
    const reporter = await runProcess(
      process.execPath,
      ['--import', PEAK_HOOK, '--input-type=module', '-e', reporterScript(dist, entriesPath, out)],
      { env: { PATH: process.env.PATH ?? '' } },
    );
    if (reporter.code !== 0) throw new Error(`the reporter's process failed:\n${reporter.output}`);
    const htmlBytes = (await stat(join(out, 'report.html'))).size;
    const detailsBytes = await folderBytes(join(out, 'report-details'));
    const jsonBytes = (await stat(join(out, 'report.json'))).size;
    const writeMB = peakMB(reporter.output);

    // compare of two such reports, the CLI in a fresh process.
    const head = join(work, 'head');
    await writeReports(buildReport(headEntries(entries)), head);
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const compare = await runProcess(
      process.execPath,
      [
        '--import',
        PEAK_HOOK,
        join(dist, 'public', 'bin.js'),
        'compare',
        join(out, 'report.json'),
        join(head, 'report.json'),
      ],
      { env: { PATH: process.env.PATH ?? '' } },
    );
    const compareMs = performance.now() - started;
    const cpuAfter = childrenCpuMs();
    const compareCpu =
      cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    if (compare.code !== 1 || !/regress/i.test(compare.stdout)) {
      throw new Error(`compare did not find the head's regressions:\n${compare.output}`);
    }
    const compareMB = peakMB(compare.output);

    const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    const lines = [
      '',
      `bench:report — ${entries.length} records (${CASES} cases × ${MODELS.length} models); load average ${load.toFixed(1)}`,
      goalLine(
        'report.html (the page)',
        mb(htmlBytes),
        `< ${GOALS.htmlMB} MB`,
        htmlBytes < GOALS.htmlMB * 1_048_576,
      ),
      `  ${'report-details/ (opened runs)'.padEnd(34)} ${mb(detailsBytes)}; report.json ${mb(jsonBytes)}`,
      goalLine(
        'writing the reports, peak memory',
        `${writeMB.toFixed(0)} MB`,
        `< ${GOALS.writeMB} MB`,
        writeMB < GOALS.writeMB,
      ),
      goalLine(
        'nanograde compare, wall time',
        ms(compareMs),
        `< ${GOALS.compareMs} ms`,
        compareMs < GOALS.compareMs,
      ),
      // On a busy machine the wall time is mostly waiting for a core; compare runs on one.
      `  ${'nanograde compare, CPU time'.padEnd(34)} ${compareCpu === undefined ? 'unknown (no /proc)' : ms(compareCpu)}`,
      `  ${'nanograde compare, peak memory'.padEnd(34)} ${compareMB.toFixed(0)} MB`,
      `  in this process: build ${ms(timing.build)}, terminal ${ms(timing.terminal)}, markdown ${ms(timing.markdown)}, html ${ms(timing.html)}, json ${ms(timing.json)}`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
