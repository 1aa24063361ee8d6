/**
 * A judged case whose judge cannot run here (test/e2e/projects/judging with NANOGRADE_JUDGE naming
 * a model without its key) in a real `vitest run` against the strict OpenAI fake: no model is paid.
 * (test/vitest/case-judge.test.ts keeps the shorter path in `npm test`.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
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

// A judged case whose judge cannot run here would only end unscored after its model was paid:
// the judge is looked for first (free: a key, a look at Ollama), and the run is not bought.
describe('a judge that cannot run here', () => {
  let server: ServedFake;
  let result: VitestRun;
  let report: Report;
  let out: string;
  const paid: string[] = [];

  beforeAll(async () => {
    const fake = createOpenAIFake({ brain }).handler;
    server = await serveFake(async (request) => {
      if (request.method === 'POST') paid.push(request.url.pathname);
      return fake(request);
    });
    out = await mkdtemp(join(tmpdir(), 'nanograde-no-judge-'));
    result = await runVitest({
      root: e2eProject('judging'),
      env: {
        OPENAI_BASE_URL: `${server.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
        NANOGRADE_OUT: out,
        // Named on purpose, and no ANTHROPIC_API_KEY: it cannot run.
        NANOGRADE_JUDGE: 'anthropic:claude-sonnet-5-5',
      },
    });
    report = await readChildReport(out, result);
  }, 90_000);

  afterAll(async () => {
    await server.close();
    await rm(out, { recursive: true, force: true });
  });

  it('pays no model for a case it would judge, and says why on the test and in the report', () => {
    expect(paid).toEqual([]);
    for (const name of ['slow judge', 'judge slower than the run limit']) {
      expect(testLine(result.stdout, `${name} › gpt-5-mini`)).toMatch(/^\s*↓ /);
      expect(report.records.find((entry) => entry.case === name)).toMatchObject({
        status: 'skipped',
        note: expect.stringContaining(
          "no judge can grade this case's toJudgeAtLeast here, so no model was paid: The judge anthropic:claude-sonnet-5-5 (from NANOGRADE_JUDGE) cannot run here",
        ),
      });
    }
    expect(result.output).toContain('Configure a judge model: set NANOGRADE_JUDGE');
  });
});
