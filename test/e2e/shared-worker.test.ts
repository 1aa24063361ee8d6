import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report, ReportSchema } from '../../src/records/report.js';
import type { FakeHandler } from '../fakes/fake-types.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, type VitestRun } from './run-vitest.js';

const PROJECT = e2eProject('shared-worker');
const ARGS = [
  '--reporter=verbose',
  `--reporter=${join(import.meta.dirname, '../../src/public/reporter.ts')}`,
];

/** The model requests a fake answered, by the file the case's prompt names, and how many at once. */
class RequestLog {
  readonly byFile = new Map<string, number>();
  inFlight = 0;
  maxInFlight = 0;

  observe(fake: FakeHandler): FakeHandler {
    return async (request) => {
      if (request.method !== 'POST') return fake(request);
      const file = /Read (motto-\d\.txt)/.exec(request.bodyText)?.[1] ?? 'other';
      this.byFile.set(file, (this.byFile.get(file) ?? 0) + 1);
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      try {
        return await fake(request);
      } finally {
        this.inFlight -= 1;
      }
    };
  }
}

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
  let log = new RequestLog();
  let run: VitestRun;
  let report: Report;
  let loaded: { file: string; pid: number }[];

  beforeAll(async () => {
    cassettes = await mkdtemp(join(tmpdir(), 'nanograde-shared-cassettes-'));
    probes = await mkdtemp(join(tmpdir(), 'nanograde-shared-probes-'));
    out = await mkdtemp(join(tmpdir(), 'nanograde-shared-out-'));
    const fake = createOpenAIFake({ brain: readerBrain({ delayMs: 50 }) });
    server = await serveFake((request) => log.observe(fake.handler)(request));
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
    log = new RequestLog();
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
    expect(log.byFile.get('motto-1.txt')).toBeUndefined();
  });

  it('sent the later files live, past the interceptor the replay installed, two turns each', () => {
    const byCase = new Map(report.records.map((record) => [record.case, record]));
    expect(byCase.get('motto 2')?.fixture).toBeUndefined();
    expect(byCase.get('motto 3')?.fixture).toBeUndefined();
    expect(Object.fromEntries(log.byFile)).toEqual({ 'motto-2.txt': 2, 'motto-3.txt': 2 });
  });

  it('held the run-wide limit of one OpenAI request at a time, and freed every slot', () => {
    expect(log.maxInFlight).toBe(1);
    expect(report.records.every((record) => record.run?.error === null)).toBe(true);
  });
});
