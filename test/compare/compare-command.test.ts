/** `nanograde compare` through runCli: its output and its exit codes (0 held, 1 regression, 2 bad input). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { buildReport } from '../../src/report/build-report.js';
import { entry, judgement } from '../report/report-entries.js';

const MINI = 'openai:gpt-5-mini';
const HAIKU = 'anthropic:claude-haiku-4-5';

function memoryIO(cwd: string): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
    env: {},
    cwd,
    color: false,
  };
  return io;
}

const reportJson = (grades: { mini: 'A' | 'B' | 'C'; haikuCost: number | null }) =>
  JSON.stringify(
    buildReport(
      [
        entry({
          case: 'summary',
          model: MINI,
          judgements: [judgement(grades.mini, 'C')],
          costUsd: 0.004,
          durationMs: 2000,
        }),
        entry({
          case: 'summary',
          model: HAIKU,
          judgements: [judgement('A', 'C')],
          costUsd: grades.haikuCost,
          durationMs: 3000,
        }),
      ],
      { generatedAt: '2026-11-23T00:00:00.000Z' },
    ),
  );

describe('nanograde compare', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nanograde-compare-'));
    await writeFile(join(dir, 'base.json'), reportJson({ mini: 'B', haikuCost: 0.01 }));
    await writeFile(join(dir, 'better.json'), reportJson({ mini: 'A', haikuCost: 0.01 }));
    await writeFile(join(dir, 'worse.json'), reportJson({ mini: 'C', haikuCost: 0.02 }));
    await writeFile(join(dir, 'unknown.json'), reportJson({ mini: 'B', haikuCost: null }));
    await writeFile(join(dir, 'not-json.json'), '{ nope');
    await writeFile(join(dir, 'other.json'), '{"schemaVersion": 1}');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 on an improvement and prints the change per case × model', async () => {
    const io = memoryIO(dir);
    expect(await runCli(['compare', 'base.json', 'better.json'], io)).toBe(0);
    expect(io.stdout).toContain('nanograde compare: base.json → better.json');
    expect(io.stdout).toContain('no regression');
    expect(io.stdout).toMatch(
      /summary › openai:gpt-5-mini\s+B → A ▲1\s+1\/1\s+\$0\.004 \+0%\s+2\.0s \+0%\s+better/,
    );
    expect(io.stdout).toMatch(
      /summary › anthropic:claude-haiku-4-5\s+A\s+1\/1\s+\$0\.010 \+0%\s+3\.0s \+0%\s+same/,
    );
  });

  it('exits 1 on a regression and names it', async () => {
    const io = memoryIO(dir);
    expect(await runCli(['compare', 'base.json', 'worse.json'], io)).toBe(1);
    expect(io.stdout).toContain('2 regressions');
    expect(io.stdout).toContain('REGRESSION: grade B → C');
    expect(io.stdout).toContain('REGRESSION: cost +100% (tolerance +25%)');
  });

  it('takes tolerances: with grade=1,cost=off the same head passes', async () => {
    const io = memoryIO(dir);
    expect(
      await runCli(['compare', 'base.json', 'worse.json', '--tolerance', 'grade=1,cost=off'], io),
    ).toBe(0);
    expect(io.stdout).toContain('Tolerances: grade drop 1 step(s), cost off');
  });

  it('says when a cost became unknown, and fails on it only with unknown-cost=fail', async () => {
    const warn = memoryIO(dir);
    expect(await runCli(['compare', 'base.json', 'unknown.json'], warn)).toBe(0);
    expect(warn.stdout).toContain('$0.010 → ? (unknown head)');
    const fail = memoryIO(dir);
    expect(
      await runCli(['compare', 'base.json', 'unknown.json', '-t', 'unknown-cost=fail'], fail),
    ).toBe(1);
  });

  it('prints JSON with --json', async () => {
    const io = memoryIO(dir);
    expect(await runCli(['compare', 'base.json', 'worse.json', '--json'], io)).toBe(1);
    const printed = JSON.parse(io.stdout) as {
      regressions: number;
      changes: { regressions: string[] }[];
    };
    expect(printed.regressions).toBe(2);
    expect(printed.changes.map((change) => change.regressions)).toEqual([
      ['grade B → C'],
      ['cost +100% (tolerance +25%)'],
    ]);
  });

  it.for([
    [['compare', 'base.json'], 'give two report.json files'],
    [['compare', 'base.json', 'missing.json'], 'missing.json: no such file'],
    [['compare', 'base.json', 'not-json.json'], 'not-json.json: not JSON'],
    [['compare', 'base.json', 'other.json'], 'not a nanograde report.json'],
    [
      ['compare', 'base.json', 'better.json', '--tolerance', 'cost=much'],
      '--tolerance: cost must be a percentage',
    ],
    [['compare', 'base.json', 'better.json', '--colour'], "unknown option '--colour'"],
  ] as const)('exits 2 on bad input: %s', async ([args, message]) => {
    const io = memoryIO(dir);
    expect(await runCli([...args], io)).toBe(2);
    expect(io.stderr).toContain(message);
    expect(io.stdout).toBe('');
  });
});
