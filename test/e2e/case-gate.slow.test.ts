import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/records/report.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { ProviderTraffic } from '../fakes/provider-traffic.js';
import { serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, readChildReport, runVitest, testLine, type VitestRun } from './run-vitest.js';

/** Every model turn waits this long at the fake, so runs that overlap are seen to overlap. */
const TURN_DELAY_MS = 300;
const MODELS = ['gpt-5-mini', 'gpt-5-nano'];

/** The case a model request belongs to: its prompt ends "(case: <name>)". */
const caseOf = (body: string) => /\(case: ([a-z ]+)\)/.exec(body)?.[1] ?? 'unknown';

/** A child run of test/e2e/projects/gated against the strict OpenAI fake, counting requests per case. */
async function gatedRun(args: string[]) {
  const traffic = new ProviderTraffic();
  const openai = createOpenAIFake({ brain: readerBrain({ delayMs: TURN_DELAY_MS }) });
  const server = await serveFake(traffic.observe(openai.handler, caseOf));
  const out = await mkdtemp(join(tmpdir(), 'nanograde-gated-'));
  try {
    const result = await runVitest({
      root: e2eProject('gated'),
      env: {
        OPENAI_BASE_URL: `${server.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
        NANOGRADE_OUT: out,
      },
      args: ['--reporter=verbose', ...args],
      timeoutMs: 90_000,
    });
    return { result, traffic, report: await readChildReport(out, result) };
  } finally {
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
}

// The built-ins run first and are local; a case they show broken pays no model. Spawns the real
// Vitest twice (about 10 s).
describe('a case its built-ins show broken makes no model request', () => {
  let result: VitestRun;
  let traffic: ProviderTraffic;
  let report: Report;

  beforeAll(async () => {
    ({ result, traffic, report } = await gatedRun([]));
  }, 120_000);

  it('skips the real models of each broken case, saying why, and sends them nothing', () => {
    const reasons: Record<string, RegExp> = {
      'broken gold':
        /case broken: the gold solution fails its own checks; fix the case, no model was paid/,
      vacuous: /case broken: the checks pass on an empty answer; fix the case, no model was paid/,
      misused: /case broken: a check is misused: toHaveCalledTool: unknown option 'includFailed'/,
    };
    for (const [name, reason] of Object.entries(reasons)) {
      for (const model of MODELS) {
        expect(testLine(result.output, `${name} › ${model}`), result.output).toMatch(/^\s*↓ /);
        expect(testLine(result.output, `${name} › ${model}`)).toMatch(reason);
        const record = report.records.find((r) => r.case === name && r.model === `openai:${model}`);
        expect(record).toMatchObject({ status: 'skipped', didTheJob: false, overall: null });
        expect(record?.note).toMatch(reason);
      }
      expect(traffic.byKey.get(name)?.requests ?? 0).toBe(0);
      expect(report.cases.find((c) => c.name === name)?.broken).toBeTruthy();
    }
    // The built-ins said it first: their tests fail, so the run does.
    expect(testLine(result.output, 'broken gold › reference')).toMatch(/^\s*× /);
    expect(testLine(result.output, 'vacuous › null')).toMatch(/^\s*× /);
    expect(testLine(result.output, 'misused › null')).toMatch(/^\s*× /);
    expect(result.exitCode).toBe(1);
  });

  it('runs a sound case’s real models after its built-ins, at once, not one after another', () => {
    for (const model of MODELS) {
      expect(testLine(result.output, `sound › ${model}`), result.output).toMatch(/^\s*✓ /);
    }
    const sound = traffic.byKey.get('sound');
    // Two models, two turns each; both models' requests were in flight together.
    expect(sound).toMatchObject({ requests: 4, maxInFlight: 2 });
    // The broken cases are left out of the ranking: each model ran one case and did its job.
    for (const model of MODELS) {
      expect(report.models.find((m) => m.model === `openai:${model}`)).toMatchObject({
        jobsDone: 1,
        ran: 1,
      });
    }
  });

  it('runs the real models as before when a -t filter leaves the built-ins out (no wait for them)', async () => {
    const filtered = await gatedRun(['-t', 'broken gold › gpt-5-mini']);
    expect(testLine(filtered.result.output, 'broken gold › gpt-5-mini')).toMatch(/^\s*✓ /);
    expect(filtered.traffic.byKey.get('broken gold')?.requests).toBe(2);
    expect(filtered.result.exitCode, filtered.result.output).toBe(0);
  }, 120_000);
});
