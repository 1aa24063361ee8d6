import { basename, relative, resolve } from 'node:path';
import type { ProvidedContext } from 'vitest';
import type { Reporter, TestModule, TestProject, Vitest } from 'vitest/node';
import type { NanogradeOptions } from '../config/nanograde-options.js';
import { EXIT_CONFIG_ERROR } from '../env/config-error.js';
import { checkSuiteBars } from '../gates/suite-bars.js';
import type { Report, ReportEntry } from '../records/report.js';
import { redactJson } from '../redaction/redact-secrets.js';
import { baselineSummary } from './baseline-summary.js';
import { buildReport } from './build-report.js';
import { shouldUseColor } from './color.js';
import { matrixNotes } from './matrix-notes.js';
import { renderGatesText } from './render-gates.js';
import { renderMarkdown } from './render-markdown.js';
import { MAX_TERMINAL_WIDTH, renderTerminal } from './render-terminal.js';
import { entryFromTest } from './report-entry.js';
import { appendStepSummary, reportDir, writeReports } from './write-reports.js';

/** What the reporter may be told; the defaults come from the environment. */
export interface GradeReporterOptions {
  /** The report folder (default `$NANOGRADE_OUT`, else `.nanograde/` under the Vitest root). */
  outDir?: string;
  /** A baseline report.json to compare with (default `$NANOGRADE_BASELINE`, else the project's `baseline`). */
  baseline?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The grade table: at the end of a run (including `--merge-reports` of sharded blobs) it reads
 * the agent tests' task meta and results, prints the table, and writes report.json, report.md
 * and report.html (report.md also to `$GITHUB_STEP_SUMMARY`). It reads the tests with nanograde
 * meta in projects made by agentsProject(); a run without any prints and writes nothing.
 */
export class GradeReporter implements Reporter {
  private vitest: Vitest | undefined;
  private readonly env: Readonly<Record<string, string | undefined>>;

  constructor(private readonly options: GradeReporterOptions = {}) {
    this.env = options.env ?? process.env;
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const entries: ReportEntry[] = [];
    const problems: string[] = [];
    let gates: NanogradeOptions = {};
    // A fixed order (by file, then as declared) so sharded and merged runs print the same table.
    const modules = [...testModules].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
    for (const module of modules) {
      // Only agent projects (agentsProject() provides nanograde's options): a unit project that
      // tests agentTest itself must not print a grade table or write reports.
      if (!isAgentsProject(module.project)) continue;
      gates = gateOptions(gates, module.project);
      for (const test of module.children.allTests()) {
        const entry = entryFromTest(test.meta(), test.result());
        if (entry === undefined) continue;
        if ('invalid' in entry) problems.push(`${test.fullName}: ${entry.invalid}`);
        else entries.push(entry);
      }
    }
    const logger = this.vitest?.logger;
    const log = (text: string) => (logger ? logger.log(text) : process.stdout.write(`${text}\n`));
    for (const problem of problems) {
      (logger ? logger.error.bind(logger) : console.error)(
        `nanograde: unreadable case record, left out: ${problem}`,
      );
    }
    if (entries.length === 0) return;

    const built = buildReport(entries, {
      notes: matrixNotes(entries.map((entry) => entry.record.model)),
    });
    const root = this.vitest?.config.root ?? process.cwd();
    await this.applyGates(built, gates, root);
    // What is printed and written: a run can say back a key it read from its workspace.
    const report = redactJson(built);
    const stream = logger?.outputStream ?? process.stdout;
    const columns =
      'columns' in stream && typeof stream.columns === 'number' ? stream.columns : undefined;
    log(
      `\n${renderTerminal(report, {
        color: shouldUseColor(stream as { isTTY?: boolean }, this.env),
        width: Math.min(columns ?? MAX_TERMINAL_WIDTH, MAX_TERMINAL_WIDTH),
      })}`,
    );
    const gateText = renderGatesText(report);
    if (gateText !== '') log(gateText);
    let outDir: string | undefined;
    let paths: Awaited<ReturnType<typeof writeReports>>;
    try {
      outDir = this.options.outDir ?? reportDir(root, this.env);
      paths = await writeReports(report, outDir);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      (logger ? logger.error.bind(logger) : console.error)(
        `nanograde: the reports cannot be written${outDir ? ` to ${outDir}` : ''} (set NANOGRADE_OUT to a folder you can write): ${why}`,
      );
      process.exitCode ||= EXIT_CONFIG_ERROR;
      return;
    }
    await appendStepSummary(renderMarkdown(report), this.env.GITHUB_STEP_SUMMARY);
    const shown = (path: string) => {
      const near = relative(process.cwd(), path);
      return near.startsWith('..') ? path : near;
    };
    log(
      `Reports: ${shown(outDir)} (${[paths.html, paths.md, paths.json].map((p) => basename(p)).join(', ')})`,
    );
  }

  /**
   * Checks the suite's bars and compares with the baseline, into the report. A failed suite bar
   * makes the run exit 1 (Vitest never lowers an exit code it did not set); a baseline that
   * cannot be read is a configuration error, exit 2. Regressions against the baseline are
   * reported, not failed: `nanograde compare` is the gate for those.
   */
  private async applyGates(report: Report, options: NanogradeOptions, root: string): Promise<void> {
    const suiteBars = checkSuiteBars(report, options.bars?.suite);
    if (suiteBars.length > 0) report.suiteBars = suiteBars;
    if (suiteBars.some((check) => !check.ok)) process.exitCode = 1;
    const baseline =
      this.options.baseline ?? (this.env.NANOGRADE_BASELINE?.trim() || options.baseline);
    if (!baseline) return;
    report.baseline = await baselineSummary(report, resolve(root, baseline));
    if (report.baseline.error) {
      (this.vitest?.logger.error.bind(this.vitest.logger) ?? console.error)(
        `nanograde: the baseline cannot be used: ${report.baseline.error}`,
      );
      process.exitCode ||= EXIT_CONFIG_ERROR;
    }
  }
}

/** The first suite bars and baseline the agents projects set. */
function gateOptions(found: NanogradeOptions, project: TestProject): NanogradeOptions {
  const provided: Partial<ProvidedContext> = project.getProvidedContext();
  const options = provided.nanograde ?? {};
  return {
    ...(found.bars?.suite ? { bars: found.bars } : options.bars ? { bars: options.bars } : {}),
    ...((found.baseline ?? options.baseline)
      ? { baseline: found.baseline ?? options.baseline }
      : {}),
  };
}

/** Whether a project was made by agentsProject(), which provides nanograde's options to its tests. */
function isAgentsProject(project: TestProject): boolean {
  const provided: Partial<ProvidedContext> = project.getProvidedContext();
  return provided.nanograde !== undefined;
}

export default GradeReporter;
