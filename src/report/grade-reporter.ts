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

/** The brand every GradeReporter carries, whichever copy of the module made it. */
export const GRADE_REPORTER = Symbol.for('nanograde.grade-reporter');

// Names a user may give the reporter in a config or on the command line (`--reporter=…`).
const REPORTER_NAME =
  /(^|[\\/])nanograde[\\/]reporter$|grade-reporter(\.[cm]?[jt]s)?$|[\\/]public[\\/]reporter(\.[cm]?[jt]s)?$/;

/**
 * Whether an entry of Vitest's reporter list is the grade reporter: an instance (branded, as a
 * reporter module loaded twice makes two classes), or a `[name, options]` / name reference.
 */
export function isGradeReporter(entry: unknown): boolean {
  if (typeof entry === 'string') return REPORTER_NAME.test(entry);
  if (Array.isArray(entry)) return typeof entry[0] === 'string' && REPORTER_NAME.test(entry[0]);
  return typeof entry === 'object' && entry !== null && GRADE_REPORTER in entry;
}

/**
 * The grade table: at the end of a run (including `--merge-reports` of sharded blobs) it reads
 * the agent tests' task meta and results, prints the table, and writes report.json, report.md
 * and report.html (report.md also to `$GITHUB_STEP_SUMMARY`). It reads the tests with nanograde
 * meta in projects made by agentsProject(); a run without any prints and writes nothing. In
 * watch mode a re-run merges into what earlier runs found, so the report keeps the cases that
 * were not re-run. When Vitest holds several (a user's and agentsProject's), the first acts.
 */
export class GradeReporter implements Reporter {
  readonly [GRADE_REPORTER] = true;
  private vitest: Vitest | undefined;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private acting = true;
  /** The entries so far, per test file (sorted later), each file's in declaration order. */
  private readonly collected = new Map<string, Map<string, ReportEntry>>();
  private rerun = false;
  private gates: NanogradeOptions = {};

  constructor(private readonly options: GradeReporterOptions = {}) {
    this.env = options.env ?? process.env;
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    // Vitest's own list of reporter instances (internal, present in 4.1 and 5).
    const reporters = (vitest as unknown as { reporters?: unknown[] }).reporters ?? [];
    const first = reporters.find(isGradeReporter);
    this.acting = first === undefined || first === this;
  }

  onWatcherRerun(): void {
    this.rerun = true;
  }

  onTestRemoved(moduleId?: string): void {
    if (moduleId !== undefined) this.collected.delete(moduleId);
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    if (!this.acting) return;
    // A watch re-run brings only the files it re-ran; a fresh run starts over.
    if (!this.rerun) {
      this.collected.clear();
      this.gates = {};
    }
    this.rerun = false;
    const problems: string[] = [];
    for (const module of testModules) {
      // Only agent projects (agentsProject() provides nanograde's options): a unit project that
      // tests agentTest itself must not print a grade table or write reports.
      if (!isAgentsProject(module.project)) continue;
      this.gates = gateOptions(this.gates, module.project);
      const before = this.collected.get(module.moduleId);
      const now = new Map<string, ReportEntry>();
      for (const test of module.children.allTests()) {
        const entry = entryFromTest(test.meta(), test.result());
        const earlier = before?.get(test.fullName);
        if (entry === undefined) {
          // Not run this time (filtered out of a re-run): keep what the last run found.
          if (earlier) now.set(test.fullName, earlier);
        } else if ('invalid' in entry) {
          problems.push(`${test.fullName}: ${entry.invalid}`);
        } else {
          now.set(test.fullName, entry);
        }
      }
      this.collected.set(module.moduleId, now);
    }
    const logger = this.vitest?.logger;
    const log = (text: string) => (logger ? logger.log(text) : process.stdout.write(`${text}\n`));
    for (const problem of problems) {
      (logger ? logger.error.bind(logger) : console.error)(
        `nanograde: unreadable case record, left out: ${problem}`,
      );
    }
    // A fixed order (by file, then as declared) so sharded and merged runs print the same table.
    const entries = [...this.collected.keys()]
      .sort((a, b) => a.localeCompare(b))
      .flatMap((moduleId) => [...(this.collected.get(moduleId)?.values() ?? [])]);
    if (entries.length === 0) return;

    const built = buildReport(entries, {
      notes: matrixNotes(entries.map((entry) => entry.record.model)),
    });
    const root = this.vitest?.config.root ?? process.cwd();
    await this.applyGates(built, this.gates, root);
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
    // One shard of a sharded run holds part of the suite: its bars are checked after the merge.
    const shard = this.vitest?.config.shard;
    const suiteBars = shard ? [] : checkSuiteBars(report, options.bars?.suite);
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
