import type { Report, ReportRecord } from '../records/report.js';

/** The report's records grouped by case name, in the report's order. */
export function recordsByCase(report: Report): Map<string, ReportRecord[]> {
  const groups = new Map<string, ReportRecord[]>();
  for (const summary of report.cases) groups.set(summary.name, []);
  for (const record of report.records) groups.get(record.case)?.push(record);
  return groups;
}
