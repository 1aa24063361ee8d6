import { readFileSync } from 'node:fs';
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

/** What compare reads of a record: which case and model, how it ended (and why it was skipped), its grade and figures. */
export const ComparedRecordSchema = ReportRecordSchema.pick({
  case: true,
  model: true,
  builtin: true,
  status: true,
  note: true,
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

// report.json as writeReports writes it: JSON.stringify's layout with 2 spaces, except that a
// record's run and judge verdicts sit on one line each (reports written before that open them
// over many lines). A record's fields start a line at 6 spaces, and nothing inside a field's
// value can start a line, since JSON strings hold no raw newline. Compare reads neither field.
const SKIPPED = ['run', 'judgements'].map((field) => Buffer.from(`\n      "${field}": `));
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const NULL = Buffer.from('null');
/** How a field opened over many lines closes: its bracket alone at 6 spaces. */
const CLOSING: Record<number, Buffer> = {
  123: Buffer.from('\n      }'),
  91: Buffer.from('\n      ]'),
};

/** Where the value of a skipped field starting at `from` ends, or -1 if the layout is not ours. */
function valueEnd(bytes: Buffer, from: number): number {
  const lineEnd = bytes.indexOf(NEWLINE, from);
  const opened = lineEnd === from + 1 ? CLOSING[bytes[from] ?? 0] : undefined;
  if (opened) {
    const close = bytes.indexOf(opened, lineEnd);
    return close === -1 ? -1 : close + opened.length;
  }
  if (lineEnd === -1) return -1;
  return bytes[lineEnd - 1] === COMMA ? lineEnd - 1 : lineEnd;
}

/**
 * The report's bytes with each record's run (its transcript: most of a big report) and judge
 * verdicts replaced by null, found with byte searches rather than parsed; unchanged when the
 * file is not laid out the way writeReports lays it out.
 */
function withoutUnread(bytes: Buffer): Buffer {
  const kept: Buffer[] = [];
  let from = 0;
  // One pass, one copy: the next opening of each skipped field, the nearest first.
  const next = SKIPPED.map((opening) => bytes.indexOf(opening));
  for (;;) {
    let field = -1;
    for (const [i, at] of next.entries()) {
      if (at !== -1 && (field === -1 || at < (next[field] ?? 0))) field = i;
    }
    if (field === -1) break;
    const opening = SKIPPED[field] as Buffer;
    const start = next[field] as number;
    const value = start + opening.length;
    const end = valueEnd(bytes, value);
    if (end === -1) break;
    kept.push(bytes.subarray(from, value), NULL);
    from = end;
    for (const [i, at] of next.entries()) {
      if (at !== -1 && at < from) next[i] = bytes.indexOf(SKIPPED[i] as Buffer, from);
    }
  }
  if (kept.length === 0) return bytes;
  kept.push(bytes.subarray(from));
  return Buffer.concat(kept);
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
    // In one go: the promise API reads a big file in 512 KB round trips through the thread
    // pool, 20–30 ms slower on a 57 MB report, and compare has nothing else to do meanwhile.
    bytes = readFileSync(path);
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
