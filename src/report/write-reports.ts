import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { nanogradeVariable } from '../env/nanograde-env.js';
import type { Report } from '../records/report.js';
import { redactJson } from '../redaction/redact-secrets.js';
import { DETAILS_FOLDER } from './html-assets.js';
import { type HtmlOptions, renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';

/** Where the report files went. */
export interface ReportPaths {
  json: string;
  md: string;
  html: string;
}

/** The report folder: `$NANOGRADE_OUT`, else `.nanograde/`, relative to `root`. */
export function reportDir(root: string, env: Readonly<Record<string, string | undefined>>): string {
  return resolve(root, nanogradeVariable('NANOGRADE_OUT', env, { cwd: root }) ?? '.nanograde');
}

/**
 * Writes a file so readers see the old one or the new one, never half of it (write, then
 * rename). `content` may come in pieces, so a big file never has to be one string in memory.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Iterable<string>,
): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * A record's fields written on one line each in report.json: a run (its transcript is most of a
 * big report) and the judge's verdicts. `nanograde compare` reads neither, and skips a line
 * without parsing it (compare/read-report.ts).
 */
const ONE_LINE_FIELDS: ReadonlySet<string> = new Set(['run', 'judgements']);

/** One record as `JSON.stringify(record, null, 2)` lays it out, the one-line fields compact. */
function recordJson(record: object, indent: string): string {
  const fields = Object.entries(record).filter(([, value]) => value !== undefined);
  if (fields.length === 0) return '{}';
  const inner = `${indent}  `;
  const lines = fields.map(([key, value]) => {
    const text = ONE_LINE_FIELDS.has(key)
      ? JSON.stringify(value)
      : JSON.stringify(value, null, 2).replaceAll('\n', `\n${inner}`);
    return `${inner}${JSON.stringify(key)}: ${text}`;
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/**
 * report.json, one record at a time, without holding all of it (tens of megabytes at 10,000
 * records) in memory at once: laid out as `JSON.stringify(report, null, 2)`, except that each
 * record's run and judge verdicts sit on one line.
 */
export function* reportJson(report: Report): Iterable<string> {
  const fields = Object.entries(report).filter(([, value]) => value !== undefined);
  yield '{';
  for (const [index, [key, value]] of fields.entries()) {
    yield `${index === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (key === 'records' && report.records.length > 0) {
      yield '[';
      for (const [i, record] of report.records.entries()) {
        yield `${i === 0 ? '' : ','}\n    ${recordJson(record, '    ')}`;
      }
      yield '\n  ]';
    } else {
      yield JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
    }
  }
  yield '\n}\n';
}

/**
 * report.html, and the run details of a big report in `report-details/` next to it: the folder
 * is written whole under a temporary name, then put in place; a report whose details fit in
 * the page removes an older one.
 */
async function writeHtml(report: Report, path: string, options: HtmlOptions): Promise<void> {
  const { page, detailFiles } = renderHtml(report, options);
  const folder = join(path, '..', DETAILS_FOLDER);
  const fresh = `${folder}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let wroteDetails = false;
  try {
    for (const file of detailFiles) {
      if (!wroteDetails) await mkdir(fresh);
      wroteDetails = true;
      await writeFile(join(fresh, file.name), file.content, 'utf8');
    }
    await rm(folder, { recursive: true, force: true });
    if (wroteDetails) await rename(fresh, folder);
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    throw error;
  }
  await writeFileAtomic(path, page);
}

/**
 * Writes report.json, report.md and report.html (with `report-details/` for a big report) into
 * `outDir` (created if missing), each atomically and redacted.
 */
export async function writeReports(
  report: Report,
  outDir: string,
  options: HtmlOptions = {},
): Promise<ReportPaths> {
  await mkdir(outDir, { recursive: true });
  const paths: ReportPaths = {
    json: join(outDir, 'report.json'),
    md: join(outDir, 'report.md'),
    html: join(outDir, 'report.html'),
  };
  // Every file is written from the redacted report: no key the runs saw reaches them.
  const safe = redactJson(report);
  // One after another, so at most one big text is in memory; settle every write before
  // reporting a failure, so none is left half done.
  const failures: unknown[] = [];
  for (const write of [
    () => writeFileAtomic(paths.json, reportJson(safe)),
    () => writeFileAtomic(paths.md, renderMarkdown(safe)),
    () => writeHtml(safe, paths.html, options),
  ]) {
    await write().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw failures[0];
  return paths;
}

/** Appends Markdown to a GitHub job summary file (`$GITHUB_STEP_SUMMARY`); does nothing without a path. */
export async function appendStepSummary(
  markdown: string,
  path: string | undefined,
): Promise<boolean> {
  if (!path) return false;
  await appendFile(path, `${markdown.endsWith('\n') ? markdown : `${markdown}\n`}\n`, 'utf8');
  return true;
}
