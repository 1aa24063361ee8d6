import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report, ReportSchema } from '../../src/records/report.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { ProviderTraffic } from '../fakes/provider-traffic.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, type VitestRun } from './run-vitest.js';

const PROJECT = e2eProject('shared-worker');
const ARGS = [
  '--reporter=verbose',
  `--reporter=${join(import.meta.dirname, '../../src/public/reporter.ts')}`,
];

/** The file a request's case reads (its prompt names it), the key its requests are counted by. */
const fileOf = (body: string) => /Read (motto-\d\.txt)/.exec(body)?.[1] ?? 'other';

// With isolate: false one worker runs file after file, keeping nanograde's module state: the
// msw interceptor, cassette sessions, the worker's link to the slot coordinator, availability
// checks. Here a replayed file runs first, then two live ones in the same worker, with one
// OpenAI request allowed at a time: the live files must reach the fake untouched by the
// replay's interceptor, the replay must send nothing, and a slot left behind would hang the run.
describe('agent test files sharing one worker (isolate: false) leak nothing into each other', () => {
  let cassettes: string;
  let probes: string;
  let out: string;
  let server: ServedFake;
  // Requests per file, and OpenAI's requests in flight at once, as the fake saw them.
  let byFile = new ProviderTraffic();
  let openai = new ProviderTraffic();
  let run: VitestRun;
  let report: Report;
  let loaded: { file: string; pid: number }[];

  beforeAll(async () => {
    cassettes = await mkdtemp(join(tmpdir(), 'nanograde-shared-cassettes-'));
    probes = await mkdtemp(join(tmpdir(), 'nanograde-shared-probes-'));
    out = await mkdtemp(join(tmpdir(), 'nanograde-shared-out-'));
    const fake = createOpenAIFake({ brain: readerBrain({ delayMs: 50 }) });
    server = await serveFake((request) =>
      byFile.observe(
        openai.observe(fake.handler, () => 'openai'),
        fileOf,
      )(request),
    );
    const env = {
      OPENAI_BASE_URL: `${server.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      NANOGRADE_FIXTURES_DIR: cassettes,
    };
    const recording = await runVitest({
      root: PROJECT,
      args: [...ARGS, '-t', 'motto 1'],
      env: { ...env, NANOGRADE_FIXTURES: 'record' },
    });
    expect(recording.exitCode, recording.output).toBe(0);
    byFile = new ProviderTraffic();
    openai = new ProviderTraffic();
    run = await runVitest({
      root: PROJECT,
      args: ARGS,
      env: { ...env, NANOGRADE_FIXTURES: 'auto', NANOGRADE_OUT: out, PROBE_DIR: probes },
    });
    report = ReportSchema.parse(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')));
    loaded = (await readFile(join(probes, 'files.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    for (const dir of [cassettes, probes, out]) {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });

  it('ran every file in one worker process, the recorded one first', async () => {
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+3 passed \(3\)/);
    expect(loaded.map((probe) => probe.file)).toEqual(['motto-1', 'motto-2', 'motto-3']);
    expect(new Set(loaded.map((probe) => probe.pid)).size).toBe(1);
    expect(await readdir(cassettes)).toEqual(['motto-1']);
  });

  it('replayed the recorded case and sent nothing for it', () => {
    const byCase = new Map(report.records.map((record) => [record.case, record]));
    expect(byCase.get('motto 1')?.fixture?.mode).toBe('replayed');
    expect(byFile.byKey.get('motto-1.txt')).toBeUndefined();
  });

  it('sent the later files live, past the interceptor the replay installed, two turns each', () => {
    const byCase = new Map(report.records.map((record) => [record.case, record]));
    expect(byCase.get('motto 2')?.fixture).toBeUndefined();
    expect(byCase.get('motto 3')?.fixture).toBeUndefined();
    const requests = (file: string) => byFile.byKey.get(file)?.requests;
    expect([...byFile.byKey.keys()].sort()).toEqual(['motto-2.txt', 'motto-3.txt']);
    expect([requests('motto-2.txt'), requests('motto-3.txt')]).toEqual([2, 2]);
  });

  it('held the run-wide limit of one OpenAI request at a time, and freed every slot', () => {
    expect(openai.byKey.get('openai')?.maxInFlight).toBe(1);
    expect(report.records.every((record) => record.run?.error === null)).toBe(true);
  });
});
