/**
 * `nanograde/reporter`: the grade table and report files (a Vitest reporter, also the default
 * export for `--reporter=nanograde/reporter`), and report.json's schema with its reader.
 */

export type { Reading } from '../records/read-record.js';
export {
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportRecord,
  ReportSchema,
  readReport,
} from '../records/report.js';
export {
  GradeReporter as default,
  GradeReporter,
  type GradeReporterOptions,
} from '../report/grade-reporter.js';
