import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { readWith } from '../records/read-record.js';
import { REPORT_SCHEMA_VERSION, ReportRecordSchema } from '../records/report.js';

/** A report file that cannot be read or is not a nanograde report.json. */
export class ReportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportFileError';
  }
}

/** What compare reads of a record: which case and model, how it ended, its grade and figures. */
export const ComparedRecordSchema = ReportRecordSchema.pick({
  case: true,
  model: true,
  builtin: true,
  status: true,
  performance: true,
  metrics: true,
});
export type ComparedRecord = z.infer<typeof ComparedRecordSchema>;

/** What compare reads of a report.json: its records, those fields only (the rest is neither read nor checked). */
export const ComparedReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  records: z.array(ComparedRecordSchema),
});
export interface ComparedReport {
  records: readonly ComparedRecord[];
}

// report.json as writeReports writes it (JSON.stringify with 2 spaces): a record's fields sit at
// 6 spaces, and nothing inside a field's value can start a line at 6 spaces, since JSON strings
// hold no raw newline. So a field's object or array spans from its opening line to the first
// line that closes at 6 spaces. Compare reads neither the run nor the judge's verdicts.
const SKIPPED = ['run', 'judgements'].flatMap((field) =>
  ['{}', '[]'].map((brackets) => ({
    // An empty `[]` or `{}` stays on its line: only an opened bracket spans lines.
    start: Buffer.from(`\n      "${field}": ${brackets[0]}\n`),
    end: Buffer.from(`\n      ${brackets[1]}`),
    empty: Buffer.from(`\n      "${field}": null`),
  })),
);

/**
 * The report's bytes with each record's run (its transcript: most of a big report) and judge
 * verdicts replaced by null, found with byte searches rather than parsed; unchanged when the
 * file is not laid out the way writeReports lays it out.
 */
function withoutUnread(bytes: Buffer): Buffer {
  let current = bytes;
  for (const { start: opening, end: closing, empty } of SKIPPED) {
    const kept: Buffer[] = [];
    let from = 0;
    for (
      let start = current.indexOf(opening);
      start !== -1;
      start = current.indexOf(opening, from)
    ) {
      const end = current.indexOf(closing, start + opening.length);
      if (end === -1) break;
      kept.push(current.subarray(from, start), empty);
      from = end + closing.length;
    }
    if (kept.length === 0) continue;
    kept.push(current.subarray(from));
    current = Buffer.concat(kept);
  }
  return current;
}

function parseJson(bytes: Buffer): unknown {
  return JSON.parse(bytes.toString('utf8'));
}

/**
 * Reads a report.json (any nanograde report of schema version 1) for compare: its records'
 * case, model, status, grade and figures. Runs (with their transcripts) and judge verdicts are
 * skipped unparsed in a report laid out as writeReports writes it; any other layout of the same
 * JSON is read whole.
 */
export async function readReportFile(path: string): Promise<ComparedReport> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportFileError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? error})`,
    );
  }
  let json: unknown;
  try {
    const lean = withoutUnread(bytes);
    try {
      json = parseJson(lean);
    } catch (error) {
      if (lean === bytes) throw error;
      json = parseJson(bytes); // not laid out as expected after all: read it whole
    }
  } catch (error) {
    throw new ReportFileError(`${path}: not JSON (${(error as Error).message})`);
  }
  const read = readWith(ComparedReportSchema, json);
  if (!read.ok) throw new ReportFileError(`${path}: not a nanograde report.json (${read.problem})`);
  return read.data;
}
