/**
 * `vitest --project agents --watch` on the adopter project against the strict OpenAI fake: the
 * first run calls the model (for the sound case; its built-ins keep the broken one from it); a re-run of the unchanged suite is answered by the response cache
 * (0 model requests at the fake, shown as cached) and merged into the report; a change in a
 * workspace seed (outside the Vitest root) re-runs the file that uses it, live.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report, ReportSchema } from '../../src/records/report.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, type WatchedVitest, watchVitest } from './run-vitest.js';

const ROOT = e2eProject('adopter');
const CACHE = join(ROOT, 'node_modules/.cache/nanograde');
const TEST_FILE = join(ROOT, 'agent-tests/greeting.agent.ts');
const API_KEY = 'sk-watch-0123456789';
const fake = createOpenAIFake({ brain: readerBrain(), apiKey: API_KEY });

/** Model requests the fake has answered: what a provider would bill. */
const billed = () => fake.log.requests.filter((entry) => entry.request.method === 'POST').length;

describe('watch mode', () => {
  let served: ServedFake;
  let work: string;
  let seed: string;
  let watcher: WatchedVitest;
  const requests: number[] = [];
  const reports: Report[] = [];
  const output = () => watcher.output();

  /** Waits until `runs` runs have finished, and notes the requests billed and the report. */
  async function runsDone(runs: number): Promise<void> {
    await watcher.runsDone(runs);
    requests.push(billed());
    reports.push(
      ReportSchema.parse(JSON.parse(await readFile(join(work, 'out', 'report.json'), 'utf8'))),
    );
  }

  beforeAll(async () => {
    served = await serveFake(fake.handler);
    work = await mkdtemp(join(tmpdir(), 'nanograde-watch-'));
    seed = join(work, 'seed');
    await cp(join(ROOT, 'workspace'), seed, { recursive: true });
    await rm(CACHE, { recursive: true, force: true });
    watcher = watchVitest(
      [
        '--watch',
        '--project',
        'agents',
        '--root',
        ROOT,
        '--no-cache',
        '--reporter=verbose',
        'greeting',
        'no-checks',
      ],
      {
        cwd: ROOT,
        env: {
          NANOGRADE_OUT: join(work, 'out'),
          OPENAI_BASE_URL: `${served.url}/v1`,
          OPENAI_API_KEY: API_KEY,
          TEST_AGENTS_OPTIONS: JSON.stringify({ models: ['gpt-5-mini'] }),
          TEST_SEED: seed,
        },
      },
    );
    await runsDone(1);
    // The same test file written again, unchanged: Vitest re-runs it.
    await writeFile(TEST_FILE, await readFile(TEST_FILE, 'utf8'));
    await runsDone(2);
    // One more line in the seed the greeting case reads (its first line stays).
    await writeFile(
      join(seed, 'greeting.txt'),
      'Hello from the fixture\nsecond line\nthird line\n',
    );
    await runsDone(3);
  }, 180_000);

  afterAll(async () => {
    watcher?.stop();
    await served?.close();
    await rm(CACHE, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  const record = (report: Report | undefined, name: string) =>
    report?.records.find((r) => `${r.case} › ${r.model}` === name);

  it('the first run calls the model for the sound case only', () => {
    // greeting: read, then answer. 'no checks' is broken (null passes it): its model is not paid.
    expect(requests[0]).toBe(2);
    expect(record(reports[0], 'no checks › openai:gpt-5-mini')?.note).toMatch(/^case broken: /);
    expect(record(reports[0], 'greeting › openai:gpt-5-mini')?.fixture).toBeUndefined();
  });

  it('a re-run of the unchanged suite makes 0 model requests and shows as cached', () => {
    expect(output()).toMatch(/RERUN\s+.*greeting\.agent\.ts/);
    expect((requests[1] ?? 0) - (requests[0] ?? 0)).toBe(0);
    const cached = record(reports[1], 'greeting › openai:gpt-5-mini');
    expect(cached?.fixture?.mode).toBe('cached');
    expect(cached?.status).toBe('passed');
    expect(output()).toMatch(/passed \(cached\)/);
  });

  it('the re-run merges into the report: the file not re-run keeps its records', () => {
    expect(reports[1]?.records.map((r) => `${r.case} › ${r.model}`).sort()).toEqual(
      reports[0]?.records.map((r) => `${r.case} › ${r.model}`).sort(),
    );
    expect(record(reports[1], 'no checks › openai:gpt-5-mini')).toEqual(
      record(reports[0], 'no checks › openai:gpt-5-mini'),
    );
  });

  it('a change in the workspace seed re-runs the file that uses it, live', () => {
    expect(output()).toMatch(/RERUN\s+.*seed[/\\]greeting\.txt/);
    expect((requests[2] ?? 0) - (requests[1] ?? 0)).toBe(2);
    const live = record(reports[2], 'greeting › openai:gpt-5-mini');
    expect(live?.fixture).toBeUndefined();
    expect(live?.status).toBe('passed');
    expect(reports[2]?.records).toHaveLength(reports[0]?.records.length ?? -1);
  });
});
