/**
 * Repeats, minPass and bars end to end: a child `vitest run` of test/gates/projects/repeats
 * against the strict OpenAI and Anthropic fakes on 127.0.0.1, whose model answers every third
 * question of a prompt wrong. Checked: which tests pass and fail (and why), the exit code,
 * and the repeat statistics in report.json against hand-computed pass@k and pass^k.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/records/report.js';
import {
  REPO_ROOT,
  readChildReport,
  runVitest,
  testLine,
  type VitestRun,
} from '../e2e/run-vitest.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain } from '../fakes/fake-types.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';

const PROJECT = join(REPO_ROOT, 'test/gates/projects/repeats');

/** Answers 42, 42, 41, 42, 42, 41, … per prompt: one run in three fails its check. */
function everyThirdWrong(): Brain {
  const asked = new Map<string, number>();
  return (view) => {
    const prompt = view.messages.find((message) => message.role === 'user')?.content ?? '';
    const count = (asked.get(prompt) ?? 0) + 1;
    asked.set(prompt, count);
    return { text: count % 3 === 0 ? '41' : '42', usage: { freshInput: 1000, output: 100 } };
  };
}

describe('repeats, minPass and bars in a real vitest run', () => {
  let servers: ServedFake[] = [];
  let result: VitestRun;
  let report: Report;
  let out: string;
  let cassettes: string;

  beforeAll(async () => {
    const openai = createOpenAIFake({ brain: everyThirdWrong() });
    const anthropic = createAnthropicFake({ brain: everyThirdWrong() });
    servers = await Promise.all([serveFake(openai.handler), serveFake(anthropic.handler)]);
    out = await mkdtemp(join(tmpdir(), 'nanograde-repeats-'));
    cassettes = await mkdtemp(join(tmpdir(), 'nanograde-repeats-cassettes-'));
    // Recorded as it runs live, so the replay below can be held to the very same verdicts.
    result = await runVitest({
      root: PROJECT,
      env: {
        OPENAI_BASE_URL: `${servers[0]?.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
        ANTHROPIC_BASE_URL: servers[1]?.url ?? '',
        ANTHROPIC_API_KEY: 'sk-ant-test',
        NANOGRADE_OUT: out,
        NANOGRADE_FIXTURES: 'record',
        NANOGRADE_FIXTURES_DIR: cassettes,
      },
    });
    report = await readChildReport(out, result);
  }, 90_000);

  afterAll(async () => {
    // The replay test closes them first, to replay offline.
    await Promise.all(servers.map((server) => server.close().catch(() => undefined)));
    await rm(out, { recursive: true, force: true });
    await rm(cassettes, { recursive: true, force: true });
  });

  it('replays each repeat from its own cassette: the same verdicts, offline', async () => {
    expect(await readdir(join(cassettes, 'tolerant'))).toEqual([
      'openai-gpt-5-mini.repeat-1.json',
      'openai-gpt-5-mini.repeat-2.json',
      'openai-gpt-5-mini.repeat-3.json',
    ]);
    await Promise.all(servers.map((server) => server.close()));
    const replayOut = await mkdtemp(join(tmpdir(), 'nanograde-repeats-replay-'));
    try {
      const replay = await runVitest({
        root: PROJECT,
        env: {
          NANOGRADE_OUT: replayOut,
          NANOGRADE_FIXTURES: 'replay',
          NANOGRADE_FIXTURES_DIR: cassettes,
        },
      });
      const replayed = await readChildReport(replayOut, replay);
      const verdicts = (r: Report) =>
        r.records.map((record) => [record.case, record.model, record.repeat?.index, record.status]);
      expect(verdicts(replayed)).toEqual(verdicts(report));
      expect(replayed.repeats).toEqual(report.repeats);
      expect(replay.exitCode, replay.output).toBe(result.exitCode);
    } finally {
      await rm(replayOut, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits 1: one strict repeat and one cost bar failed', () => {
    expect(result.exitCode, result.output).toBe(1);
    // 3 tolerant + 3 strict + 2 budget tests; failed: one strict repeat, haiku's budget run.
    expect(result.output).toMatch(/Tests\s+2 failed \| 6 passed \(8\)/);
  });

  it('names each repeat `case › model #i`; minPass 2 of 3 tolerates the wrong answer', () => {
    for (const i of [1, 2, 3]) {
      expect(testLine(result.stdout, `tolerant › gpt-5-mini #${i}`)).toMatch(/^\s*✓ /);
    }
    const strict = [1, 2, 3].map((i) => testLine(result.stdout, `strict › gpt-5-mini #${i}`));
    expect(strict.filter((line) => /^\s*× /.test(line ?? ''))).toHaveLength(1);
    expect(result.output).toContain('bar minPass 3 of 3 failed: 1 of 3 runs failed');
  });

  it('fails the run that breaks a model-group bar with a message naming it', () => {
    expect(testLine(result.stdout, 'budget › gpt-5-mini')).toMatch(/^\s*✓ /);
    expect(testLine(result.stdout, 'budget › claude-haiku-4-5')).toMatch(/^\s*× /);
    // claude-haiku-4-5: 1000 in × $1/M + 100 out × $5/M = $0.0015 > $0.001.
    expect(result.output).toContain(
      'bar maxCostUsd $0.001 (bars.models["cloud"]) failed: the run cost $0.0015',
    );
  });

  it('reports pass rate, pass@k, pass^k, median grade and spread per case × model', () => {
    const tolerant = report.repeats?.find((s) => s.case === 'tolerant');
    // n = 3, c = 2: pass@1 = 2/3, pass@2 = 1 − C(1,2)/C(3,2) = 1, pass@3 = 1;
    // pass^1 = 2/3, pass^2 = C(2,2)/C(3,2) = 1/3, pass^3 = 0. Grades A, A, F: median A, spread A→F = 4 steps.
    expect(tolerant).toMatchObject({ runs: 3, passes: 2, minPass: 2, minPassMet: true });
    expect(tolerant?.passRate).toBeCloseTo(2 / 3, 12);
    expect(tolerant?.passAt.map((p) => p.toFixed(4))).toEqual(['0.6667', '1.0000', '1.0000']);
    expect(tolerant?.passHat.map((p) => p.toFixed(4))).toEqual(['0.6667', '0.3333', '0.0000']);
    expect(tolerant?.medianGrade).toBe('A');
    expect(tolerant?.spread).toBe(4);
    const strict = report.repeats?.find((s) => s.case === 'strict');
    expect(strict).toMatchObject({ runs: 3, passes: 2, minPass: 3, minPassMet: false });
    // The tolerated run's test passed, but the report counts the run as failed.
    const tolerated = report.records.filter((r) => r.case === 'tolerant' && r.status === 'failed');
    expect(tolerated).toHaveLength(1);
    expect(tolerated[0]?.errors[0]).toContain("expected the run's output to match /^42$/");
  });

  it('records the bars each run was held to, and the suite bar', () => {
    const haiku = report.records.find((r) => r.case === 'budget' && r.model.includes('haiku'));
    expect(haiku?.bars?.map((b) => [b.bar, b.limit, b.actual, b.ok])).toEqual([
      ['minGrade', 'B', 'A', true],
      ['maxCostUsd', '$0.001', '$0.0015', false],
    ]);
    // Real-model runs: 3 + 3 + 2 = 8, of which 6 passed (a tolerated failure counts as failed).
    expect(report.suiteBars).toEqual([
      expect.objectContaining({ bar: 'minPassRate', actual: '5/8', ok: true }),
    ]);
  });

  it('shows bars and repeats in the terminal and in report.md', async () => {
    expect(result.output).toContain('Bars failed:');
    expect(result.output).toMatch(
      /tolerant › openai:gpt-5-mini: 2\/3 passed · pass@2 1\.00 · pass\^2 0\.33/,
    );
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('### Repeats');
    expect(markdown).toContain(
      '| tolerant › openai:gpt-5-mini | 2/3 | pass@2 1.00 | pass^2 0.33 | A | 4 | 2 ✓ |',
    );
    expect(markdown).toContain('### Bars');
  });
});

describe('configuration errors exit 2', () => {
  it('NANOGRADE_REPEATS that is not a whole number', async () => {
    const run = await runVitest({ root: PROJECT, env: { NANOGRADE_REPEATS: 'three' } });
    expect(run.exitCode, run.output).toBe(2);
    expect(run.output).toContain(
      'NANOGRADE_REPEATS="three": not a whole number. Allowed: a whole number from 1 to 100.',
    );
  }, 60_000);
});
