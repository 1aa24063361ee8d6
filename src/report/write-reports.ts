import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { nanogradeVariable } from '../env/nanograde-env.js';
import type { Report } from '../records/report.js';
import { redactJson } from '../redaction/redact-secrets.js';
import { renderHtml } from './render-html.js';
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

/** Writes a file so readers see the old one or the new one, never half of it (write, then rename). */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Writes report.json, report.md and report.html into `outDir` (created if missing), each atomically and redacted. */
export async function writeReports(report: Report, outDir: string): Promise<ReportPaths> {
  await mkdir(outDir, { recursive: true });
  const paths: ReportPaths = {
    json: join(outDir, 'report.json'),
    md: join(outDir, 'report.md'),
    html: join(outDir, 'report.html'),
  };
  // Every file is written from the redacted report: no key the runs saw reaches them.
  const safe = redactJson(report);
  // Settle every write before reporting a failure, so none is left half done.
  const results = await Promise.allSettled([
    writeFileAtomic(paths.json, `${JSON.stringify(safe, null, 2)}\n`),
    writeFileAtomic(paths.md, renderMarkdown(safe)),
    writeFileAtomic(paths.html, renderHtml(safe)),
  ]);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
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
