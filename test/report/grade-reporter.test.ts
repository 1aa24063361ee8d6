/**
 * The Vitest reporter class, driven the way Vitest drives it (onInit, then onTestRunEnd with the
 * run's test modules) with stand-ins that offer exactly the reporter API it reads: a module's id
 * and tests, a test's meta, result and name, the logger and the root.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import { ReportSchema } from '../../src/records/report.js';
import { GradeReporter, isGradeReporter } from '../../src/report/grade-reporter.js';
import type { TestOutcome } from '../../src/report/report-entry.js';
import { entry } from './report-entries.js';
import { scenarioEntries } from './report-scenario.js';

interface FakeTest {
  fullName: string;
  meta(): Record<string, unknown>;
  result(): TestOutcome;
}

function fakeTest(name: string, meta: Record<string, unknown>, result: TestOutcome): FakeTest {
  return { fullName: name, meta: () => meta, result: () => result };
}

/** What the reporter reads of a project: what it provides to its tests. */
interface FakeProject {
  getProvidedContext(): Record<string, unknown>;
}
/** A project made by agentsProject(): it provides nanograde's options to its tests. */
const AGENTS_PROJECT: FakeProject = { getProvidedContext: () => ({ nanograde: {} }) };
/** Any other project, such as the unit tests'. */
const UNIT_PROJECT: FakeProject = { getProvidedContext: () => ({}) };

/** A module of tests, as Vitest holds them after a run. */
function moduleOf(moduleId: string, tests: FakeTest[], project = AGENTS_PROJECT) {
  return {
    moduleId,
    project,
    children: {
      *allTests() {
        yield* tests;
      },
    },
  };
}

function testsOf(entries: ReturnType<typeof scenarioEntries>): FakeTest[] {
  return entries.map((e) =>
    fakeTest(
      `${e.record.case} › ${e.record.model}`,
      { nanograde: e.record },
      {
        state: e.status,
        errors: e.errors?.map((message) => ({ message })),
        note: e.note,
      },
    ),
  );
}

describe('GradeReporter', () => {
  let root: string;
  let logs: string[];
  let errors: string[];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'nanograde-reporter-'));
    logs = [];
    errors = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function start(env: Record<string, string>, isTTY: boolean, others: unknown[] = []) {
    const reporter = new GradeReporter({ env });
    const vitest = {
      config: { root },
      reporters: [...others, reporter],
      logger: {
        log: (text: string) => logs.push(text),
        error: (text: string) => errors.push(text),
        outputStream: { isTTY, columns: 160 },
      },
    };
    reporter.onInit(vitest as unknown as Vitest);
    return reporter;
  }

  const scenario = scenarioEntries();
  const roster = scenario.filter((e) => e.record.case === 'roster');
  const summary = scenario.filter((e) => e.record.case === 'summary');
  // Handed over in the "wrong" order: the reporter sorts modules by file.
  const modules = [
    moduleOf('/p/agent-tests/b-summary.agent.ts', testsOf(summary)),
    // A unit test of agentTest itself: it has nanograde meta, but not in an agents project.
    moduleOf(
      '/p/test/agent-test.test.ts',
      testsOf([entry({ case: 'unit', model: 'openai:gpt-5' })]),
      UNIT_PROJECT,
    ),
    moduleOf('/p/agent-tests/a-roster.agent.ts', testsOf(roster)),
  ] as unknown as TestModule[];

  it('prints the table and writes the three reports into $NANOGRADE_OUT under the root', async () => {
    const reporter = start({ NANOGRADE_OUT: 'out', NO_COLOR: '1' }, true);
    await reporter.onTestRunEnd(modules);
    const printed = logs.join('\n');
    expect(printed).toContain('nanograde: 2 cases × 7 models');
    expect(printed.indexOf('── roster')).toBeLessThan(printed.indexOf('── summary'));
    expect(printed).not.toContain('\u001b'); // NO_COLOR wins over the TTY
    const table = logs[0] ?? '';
    expect(Math.max(...table.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(logs.at(-1)).toBe(`Reports: ${join(root, 'out')} (report.html, report.md, report.json)`);
    expect((await readdir(join(root, 'out'))).sort()).toEqual([
      'report.html',
      'report.json',
      'report.md',
    ]);
    const report = ReportSchema.parse(
      JSON.parse(await readFile(join(root, 'out', 'report.json'), 'utf8')),
    );
    expect(report.records).toHaveLength(12);
    expect(report.records.map((r) => r.case)).toEqual([
      ...Array(6).fill('roster'),
      ...Array(6).fill('summary'),
    ]);
    expect(errors).toEqual([]);
  });

  it('colours on a TTY without NO_COLOR, and not on a pipe', async () => {
    await start({ NANOGRADE_OUT: 'tty' }, true).onTestRunEnd(modules);
    expect(logs.join('\n')).toContain('\u001b[');
    logs = [];
    await start({ NANOGRADE_OUT: 'pipe' }, false).onTestRunEnd(modules);
    expect(logs.join('\n')).not.toContain('\u001b');
  });

  it('appends report.md to $GITHUB_STEP_SUMMARY', async () => {
    const summaryFile = join(root, 'summary.md');
    await writeFile(summaryFile, 'before\n');
    await start({ NANOGRADE_OUT: 'out', GITHUB_STEP_SUMMARY: summaryFile }, false).onTestRunEnd(
      modules,
    );
    const markdown = await readFile(join(root, 'out', 'report.md'), 'utf8');
    expect(await readFile(summaryFile, 'utf8')).toBe(`before\n${markdown}\n`);
  });

  it('says so, with exit code 2, when NANOGRADE_OUT cannot be written', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, '');
    const exitCode = process.exitCode;
    try {
      await start({ NANOGRADE_OUT: 'a-file/out' }, false).onTestRunEnd(modules);
      expect(process.exitCode).toBe(2);
    } finally {
      process.exitCode = exitCode;
    }
    expect(errors).toEqual([
      `nanograde: the reports cannot be written (set NANOGRADE_OUT to a folder you can write): NANOGRADE_OUT="a-file/out": ${file} exists and is not a folder. Allowed: a folder this user can write (created when missing).`,
    ]);
    expect(logs.join('\n')).toContain('nanograde: 2 cases × 7 models');
  });

  it('prints and writes nothing for a run without agent tests', async () => {
    const unitOnly = [
      moduleOf('/p/agent-tests/helpers.agent.ts', [
        fakeTest('adds', {}, { state: 'passed', errors: undefined }),
      ]),
      moduleOf('/p/test/agent-test.test.ts', testsOf(roster), UNIT_PROJECT),
    ] as unknown as TestModule[];
    await start({ NANOGRADE_OUT: 'out' }, false).onTestRunEnd(unitOnly);
    expect(logs).toEqual([]);
    expect(await readdir(root)).toEqual([]);
  });

  it('leaves out an unreadable record, says so, and reports the rest', async () => {
    const good = entry({ model: 'openai:gpt-5' });
    const withBad = [
      moduleOf('/p/agent-tests/x.agent.ts', [
        fakeTest(
          'roster › gpt-5-mini',
          { nanograde: { schemaVersion: 2 } },
          { state: 'passed', errors: undefined },
        ),
        ...testsOf([good]),
      ]),
    ] as unknown as TestModule[];
    await start({ NANOGRADE_OUT: 'out' }, false).onTestRunEnd(withBad);
    expect(errors).toEqual([
      expect.stringMatching(
        /^nanograde: unreadable case record, left out: roster › gpt-5-mini: schemaVersion: /,
      ),
    ]);
    expect(logs.join('\n')).toContain('nanograde: 1 case × 1 model');
  });

  async function reportRecords(dir: string) {
    const report = ReportSchema.parse(
      JSON.parse(await readFile(join(root, dir, 'report.json'), 'utf8')),
    );
    return report.records.map((r) => `${r.case} › ${r.model}: ${r.status}`);
  }

  it('merges a watch re-run into what the earlier runs found', async () => {
    const reporter = start({ NANOGRADE_OUT: 'out' }, false);
    await reporter.onTestRunEnd(modules);
    const first = await reportRecords('out');
    expect(first).toHaveLength(12);
    // Watch mode re-runs the roster file only: gpt-5-nano now passes, and gpt-5 was filtered
    // out of the re-run (no record this time), so what the first run found for it stays.
    const rerun = roster.map((e) =>
      e.record.model === 'openai:gpt-5-nano' ? { ...e, status: 'passed' as const, errors: [] } : e,
    );
    const [gpt5, ...rest] = testsOf(rerun);
    const notRun = fakeTest(gpt5?.fullName ?? '', {}, { state: 'skipped' });
    reporter.onWatcherRerun();
    await reporter.onTestRunEnd([
      moduleOf('/p/agent-tests/a-roster.agent.ts', [notRun, ...rest]),
    ] as unknown as TestModule[]);
    const merged = await reportRecords('out');
    expect(merged).toHaveLength(12);
    expect(merged).toContain('roster › openai:gpt-5-nano: passed');
    expect(merged).toContain('roster › openai:gpt-5: passed');
    expect(merged.filter((r) => r.startsWith('summary ›'))).toEqual(
      first.filter((r) => r.startsWith('summary ›')),
    );
    // A file deleted in watch mode leaves the report with it.
    reporter.onTestRemoved('/p/agent-tests/b-summary.agent.ts');
    reporter.onWatcherRerun();
    await reporter.onTestRunEnd([]);
    expect((await reportRecords('out')).some((r) => r.startsWith('summary ›'))).toBe(false);
  });

  it('starts over on a fresh run', async () => {
    const reporter = start({ NANOGRADE_OUT: 'out' }, false);
    await reporter.onTestRunEnd(modules);
    await reporter.onTestRunEnd([
      moduleOf('/p/agent-tests/a-roster.agent.ts', testsOf(roster)),
    ] as unknown as TestModule[]);
    expect(await reportRecords('out')).toHaveLength(6);
  });

  it('of several grade reporters, only the first Vitest holds acts', async () => {
    const first = new GradeReporter({ env: { NANOGRADE_OUT: 'first' } });
    const second = start({ NANOGRADE_OUT: 'second' }, false, [first]);
    await second.onTestRunEnd(modules);
    expect(logs).toEqual([]);
    expect(await readdir(root)).toEqual([]);
  });

  it('recognises itself in a reporter list: an instance, its package entry or its file', () => {
    expect(isGradeReporter(new GradeReporter())).toBe(true);
    // A second copy of the module makes another class; the brand still tells.
    expect(isGradeReporter({ [Symbol.for('nanograde.grade-reporter')]: true })).toBe(true);
    expect(isGradeReporter(['nanograde/reporter', {}])).toBe(true);
    expect(isGradeReporter(['/repo/src/public/reporter.ts', {}])).toBe(true);
    expect(isGradeReporter('./reporters/grade-reporter.ts')).toBe(true);
    expect(isGradeReporter(['default', {}])).toBe(false);
    expect(isGradeReporter(['./my-reporter.ts', {}])).toBe(false);
    expect(isGradeReporter({})).toBe(false);
  });
});
