import { resolve } from 'node:path';
import { compareReports } from '../compare/compare-reports.js';
import { type ComparedReport, ReportFileError, readReportFile } from '../compare/read-report.js';
import { renderComparisonText } from '../compare/render-comparison.js';
import { parseTolerances, ToleranceError } from '../compare/tolerances.js';
import { InputError } from '../input/input-error.js';
import type { CliIO } from './cli-io.js';
import { parseCommandLine } from './parse-command-line.js';

/**
 * `nanograde compare <base> <head> [--tolerance k=v,…] [--json]`: prints per case × model what
 * changed; exit 0 without a regression beyond the tolerances, 1 with one, 2 on bad input.
 */
export async function compareCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine('compare', {
    args,
    strict: true,
    allowPositionals: true,
    options: {
      tolerance: { type: 'string', short: 't', multiple: true },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 2) {
    throw new InputError(
      `nanograde compare: give two report.json files, base then head (got ${positionals.length})`,
    );
  }
  const [basePath, headPath] = positionals as [string, string];
  let tolerances: ReturnType<typeof parseTolerances>;
  try {
    tolerances = parseTolerances(values.tolerance ?? []);
  } catch (error) {
    if (error instanceof ToleranceError)
      throw new InputError(`nanograde compare: --tolerance: ${error.message}`);
    throw error;
  }
  // One after the other: a big report's file is let go before the next is read.
  const base = await readReport(basePath, io.cwd);
  const head = await readReport(headPath, io.cwd);
  const comparison = compareReports(base, head, tolerances);
  io.out(
    values.json
      ? `${JSON.stringify({ base: basePath, head: headPath, ...comparison }, null, 2)}\n`
      : renderComparisonText(comparison, basePath, headPath),
  );
  return comparison.regressions > 0 ? 1 : 0;
}

async function readReport(path: string, cwd: string): Promise<ComparedReport> {
  try {
    return await readReportFile(resolve(cwd, path));
  } catch (error) {
    if (error instanceof ReportFileError)
      throw new InputError(`nanograde compare: ${error.message}`);
    throw error;
  }
}
