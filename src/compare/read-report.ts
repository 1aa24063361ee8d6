import { readFile } from 'node:fs/promises';
import { type Report, ReportSchema } from '../report/report-schema.js';

/** A report file that cannot be read or is not a nanograde report.json. */
export class ReportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportFileError';
  }
}

/** Reads and checks a report.json (any nanograde report of schema version 1). */
export async function readReportFile(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportFileError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? error})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(`${path}: not JSON (${(error as Error).message})`);
  }
  const parsed = ReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new ReportFileError(
      `${path}: not a nanograde report.json (${where}: ${issue?.message ?? 'invalid'})`,
    );
  }
  return parsed.data;
}
