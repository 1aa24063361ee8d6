/**
 * Vitest's test modifiers on agentTest, in a real `vitest run` against the strict OpenAI fake on
 * 127.0.0.1: `.skip`, `.todo`, `.skipIf`, `.runIf` (and `.skip.fromFile`) and `.only`. A case
 * that does not run sends the fake nothing; its tests show as skipped (or todo) in Vitest's
 * output and in report.json, never as passed or failed. Each case's prompt carries its name,
 * so the fake's log shows which cases reached the model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/records/report.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, readChildReport, runVitest, testLine, type VitestRun } from './run-vitest.js';

const PROJECT = e2eProject('test-modes');

describe('agentTest.skip, .todo, .skipIf, .runIf and .only in a real vitest run', () => {
  const openai = createOpenAIFake({ brain: readerBrain() });
  let server: ServedFake;
  let out: string;
  let modes: VitestRun;
  let modesReport: Report;
  let modesAsked: string[];
  let focusOnCi: VitestRun;
  let focusOnCiAsked: string[];
  let focusAllowed: VitestRun;
  let focusAllowedAsked: string[];

  /** The case label of every model request the fake has answered since the last call. */
  function casesAsked(): string[] {
    const labels = openai.log.requests.flatMap(({ json }) => {
      const label = /Case: ([^.]+)\./.exec(JSON.stringify(json ?? null))?.[1];
      return label === undefined ? [] : [label];
    });
    openai.log.requests.length = 0;
    return labels;
  }

  beforeAll(async () => {
    server = await serveFake(openai.handler);
    out = await mkdtemp(join(tmpdir(), 'nanograde-test-modes-'));
    const env = {
      NANOGRADE_MODELS: 'gpt-5-mini',
      OPENAI_BASE_URL: `${server.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
    };
    // One after the other, so each run's requests are its own.
    modes = await runVitest({
      root: PROJECT,
      env: { ...env, NANOGRADE_OUT: out },
      args: ['--reporter=verbose', 'modes'],
    });
    modesReport = await readChildReport(out, modes);
    modesAsked = casesAsked();
    // runVitest sets CI=true: Vitest refuses .only there unless --allowOnly says otherwise.
    focusOnCi = await runVitest({ root: PROJECT, env, args: ['--reporter=verbose', 'focus'] });
    focusOnCiAsked = casesAsked();
    focusAllowed = await runVitest({
      root: PROJECT,
      env,
      args: ['--reporter=verbose', '--allowOnly', 'focus'],
    });
    focusAllowedAsked = casesAsked();
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('runs the cases that are not skipped, and only those reach the model', () => {
    expect(modes.exitCode, modes.output).toBe(0);
    expect(modes.output).toMatch(/Tests\s+3 passed \| 4 skipped \| 2 todo \(9\)/);
    for (const name of ['runs', 'not skipped if', 'run if']) {
      expect(testLine(modes.stdout, `${name} › gpt-5-mini`), name).toMatch(/^\s*✓ /);
    }
    // Each ran case asked twice (read the file, then answer); no other case asked at all.
    expect([...new Set(modesAsked)].sort()).toEqual(['not skipped if', 'run if', 'runs']);
    expect(modesAsked).toHaveLength(6);
  });

  it('shows .skip, .skipIf(true), .runIf(false) and .skip.fromFile as skipped, .todo as todo', () => {
    for (const name of ['skipped', 'skipped if', 'not run if', 'skipped task file']) {
      expect(testLine(modes.stdout, `${name} › gpt-5-mini`), name).toMatch(/^\s*↓ /);
    }
    for (const name of ['planned with its case', 'planned']) {
      expect(testLine(modes.stdout, `${name} › gpt-5-mini`), name).toMatch(/^\s*□ /);
    }
  });

  it('lists every case that did not run as skipped in the report, saying why, with no grade', () => {
    const declared = modesReport.records.map((record) => record.case);
    const order = (name: string) => declared.indexOf(name);
    const byCase = new Map(modesReport.records.map((record) => [record.case, record]));
    const why: Record<string, string> = {
      skipped: 'skipped (agentTest.skip)',
      'skipped task file': 'skipped (agentTest.skip)',
      'skipped if': 'skipped (agentTest.skipIf)',
      'not run if': 'skipped (agentTest.runIf)',
      'planned with its case': 'todo (agentTest.todo)',
      planned: 'todo (agentTest.todo)',
    };
    for (const [name, note] of Object.entries(why)) {
      const record = byCase.get(name);
      expect(record, name).toMatchObject({ status: 'skipped', note, model: 'openai:gpt-5-mini' });
      expect(record?.performance.grade, name).toBeNull();
      expect(record?.overall, name).toBeNull();
    }
    for (const name of ['runs', 'not skipped if', 'run if']) {
      expect(byCase.get(name)?.status, name).toBe('passed');
    }
    expect(modesReport.totals).toMatchObject({ passed: 3, failed: 0, skipped: 6 });
    // The grade table's list of skipped models says why too.
    expect(modesReport.skipped).toEqual([
      {
        model: 'openai:gpt-5-mini',
        cases: Object.keys(why).sort((a, b) => order(a) - order(b)),
        reasons: [
          'skipped (agentTest.skip)',
          'todo (agentTest.todo)',
          'skipped (agentTest.skipIf)',
          'skipped (agentTest.runIf)',
        ],
      },
    ]);
    expect(modes.stdout).toMatch(
      /Skipped models\n - gpt-5-mini \(6 cases\): skipped \(agentTest\.skip\);/,
    );
  });

  it('refuses .only on CI, as Vitest does, before any model call', () => {
    expect(focusOnCi.exitCode, focusOnCi.output).toBe(1);
    expect(focusOnCi.output).toContain('Unexpected .only modifier');
    expect(focusOnCiAsked).toEqual([]);
  });

  it('runs only the .only case with --allowOnly; the others of its file are skipped', () => {
    expect(focusAllowed.exitCode, focusAllowed.output).toBe(0);
    expect(focusAllowed.output).toMatch(/Tests\s+1 passed \| 2 skipped \(3\)/);
    expect(testLine(focusAllowed.stdout, 'focused › gpt-5-mini')).toMatch(/^\s*✓ /);
    for (const name of ['unfocused', 'also unfocused']) {
      expect(testLine(focusAllowed.stdout, `${name} › gpt-5-mini`), name).toMatch(/^\s*↓ /);
    }
    expect([...new Set(focusAllowedAsked)]).toEqual(['focused']);
  });
});
