import { compareReports } from '../compare/compare-reports.js';
import { type ComparedReport, readReportFile } from '../compare/read-report.js';
import { comparisonHeadline } from '../compare/render-comparison.js';
import type { Report } from '../records/report.js';

/**
 * Compares a fresh report with a baseline report.json (default tolerances) for the reporter:
 * the headline and what regressed, or why the baseline could not be read.
 */
export async function baselineSummary(
  report: Report,
  path: string,
): Promise<NonNullable<Report['baseline']>> {
  let base: ComparedReport;
  try {
    base = await readReportFile(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { path, regressions: 0, headline: 'not compared', regressed: [], error: message };
  }
  const comparison = compareReports(base, report);
  return {
    path,
    regressions: comparison.regressions,
    headline: comparisonHeadline(comparison),
    regressed: comparison.changes
      .filter((change) => change.regressions.length > 0)
      .map((change) => `${change.case} › ${change.model}: ${change.regressions.join('; ')}`),
  };
}
