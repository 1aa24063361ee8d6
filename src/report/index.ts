export { type BuildReportOptions, buildReport, skipReason } from './build-report.js';
export { shouldUseColor } from './color.js';
export { gradeOfRatio, RATIO_BANDS } from './grade-scale.js';
export { ordinal } from './model-ranking.js';
export { EFFICIENCY_BAR, gradeOverall, NOT_DONE_CAP } from './overall-grade.js';
export { FAILED_CHECK_CAP, gradePerformance, reachedBar } from './performance-grade.js';
export { gradeSpeedAndCost } from './relative-grades.js';
export { renderHtml } from './render-html.js';
export { renderMarkdown } from './render-markdown.js';
export { MAX_TERMINAL_WIDTH, renderTerminal, type TerminalOptions } from './render-terminal.js';
export { entryFromTest, type ReportEntry, type TestOutcome } from './report-entry.js';
export {
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportRecord,
  ReportSchema,
} from './report-schema.js';
export { appendStepSummary, type ReportPaths, reportDir, writeReports } from './write-reports.js';
