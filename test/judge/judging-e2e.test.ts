/**
 * The judge in a real `vitest run` (test/e2e/projects/judging) against the strict OpenAI fake on
 * 127.0.0.1: a judgement nobody awaited fails its test; a judge slower than its own timeout
 * leaves the run unscored and the report says why; a judge slower than the run's time limit is
 * not cut short by it (the judge has its own timeout).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/records/report.js';
import {
  e2eProject,
  readChildReport,
  runVitest,
  testLine,
  type VitestRun,
} from '../e2e/run-vitest.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { letterBrain as brain } from './judge-fakes.js';

describe('judging in a real vitest run', () => {
  let server: ServedFake;
  let result: VitestRun;
  let report: Report;
  let out: string;
  const record = (name: string) => report.records.find((entry) => entry.case === name);

  beforeAll(async () => {
    server = await serveFake(createOpenAIFake({ brain }).handler);
    out = await mkdtemp(join(tmpdir(), 'nanograde-judging-'));
    result = await runVitest({
      root: e2eProject('judging'),
      env: { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: 'sk-test', NANOGRADE_OUT: out },
    });
    report = await readChildReport(out, result);
  }, 90_000);

  afterAll(async () => {
    await server.close();
    await rm(out, { recursive: true, force: true });
  });

  it('fails a test whose judgement was not awaited, in agentTest and in a plain test', () => {
    expect(result.exitCode, result.output).toBe(1);
    expect(testLine(result.stdout, 'unawaited judge › gpt-5-mini')).toMatch(/^\s*× /);
    expect(testLine(result.stdout, 'unawaited judge in a plain test')).toMatch(/^\s*× /);
    expect(result.output).toContain(
      "expect(run).toJudgeAtLeast('B') was not awaited, so the test ended before the judge's verdict. Write `await expect(run).toJudgeAtLeast('B')`: a judgement is async.",
    );
    expect(record('unawaited judge')?.judgements).toEqual([
      expect.objectContaining({ status: 'unscored', grade: null }),
    ]);
  });

  it('leaves a run unscored when the judge times out, and the report says so', async () => {
    expect(testLine(result.stdout, 'slow judge › gpt-5-mini')).toMatch(/^\s*× /);
    const slow = record('slow judge');
    expect(slow?.runError ?? null).toBeNull();
    expect(slow?.performance).toEqual({ grade: null, source: 'unscored' });
    expect(slow?.judgements).toEqual([
      expect.objectContaining({ status: 'unscored', reason: 'judge timed out after 1 s' }),
    ]);
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('unscored: judge timed out after 1 s');
    expect(result.stdout).toContain('unscored: judge timed out after 1 s');
  });

  it("does not count the judge's time against the run's time limit", () => {
    expect(testLine(result.stdout, 'judge slower than the run limit › gpt-5-mini')).toMatch(
      /^\s*✓ /,
    );
    expect(record('judge slower than the run limit')?.judgements).toEqual([
      expect.objectContaining({ status: 'graded', grade: 'A' }),
    ]);
  });
});
