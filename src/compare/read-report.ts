import { readFile } from 'node:fs/promises';
import { type Report, readReport } from '../records/report.js';

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
  const read = readReport(json);
  if (!read.ok) throw new ReportFileError(`${path}: not a nanograde report.json (${read.problem})`);
  return read.data;
}
