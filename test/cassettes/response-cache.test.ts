/**
 * Watch mode's response cache, driven as agentTest drives it (openCassette in mode `auto` with a
 * dev cache, the run and the judge inside withCassette) through the official SDKs against the
 * strict OpenAI fake on a real port. What the fake receives is what a provider would bill.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from '../../src/agent/run-agent.js';
import { prepareWorkspace } from '../../src/agent/workspace.js';
import { applyRecordedRun, openCassette, withCassette } from '../../src/cassettes/case-cassette.js';
import { uninstallCassetteInterceptor } from '../../src/cassettes/cassette-interceptor.js';
import { workspaceFingerprint } from '../../src/cassettes/response-cache.js';
import { gradeRun } from '../../src/judge/grade-run.js';
import { type ResolvedModel, resolveModel } from '../../src/models/resolve-model.js';
import { createOpenAIProvider } from '../../src/providers/openai/adapter.js';
import type { AgentRun } from '../../src/records/agent-run.js';
import type { CaseRecord } from '../../src/records/case-record.js';
import { CaseRecordBuilder } from '../../src/records/case-record-builder.js';
import { findSecrets } from '../../src/redaction/redact-secrets.js';
import { readerBrain } from '../e2e/projects/reader-brain.js';
import type { Brain } from '../fakes/fake-types.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { gradeTurn } from '../judge/judge-fakes.js';

const API_KEY = 'sk-proj-dev0cache0key000000000001';
const GPT = resolveModel('openai:gpt-5-mini');
const NANO = resolveModel('openai:gpt-5-nano');
const PROMPT = 'Read notes.txt and answer with its first line.';

const reader = readerBrain();
const brain: Brain = (view) =>
  view.toolNames.includes('record_grade') ? gradeTurn('A', 'the first line')(view) : reader(view);
const fake = createOpenAIFake({ brain, apiKey: API_KEY });
let served: ServedFake;
let work: string;
let seed: string;
let cacheDir: string;

/** Model requests the fake has answered: what the provider would bill. */
const billed = () => fake.log.requests.filter((entry) => entry.request.method === 'POST').length;

beforeAll(async () => {
  served = await serveFake(fake.handler);
  work = await mkdtemp(join(tmpdir(), 'nanograde-dev-cache-'));
  seed = join(work, 'seed');
  cacheDir = join(work, 'cache');
  await mkdir(seed);
  await writeFile(join(seed, 'notes.txt'), 'Hello from the seed\nsecond line\n');
});
afterAll(async () => {
  uninstallCassetteInterceptor();
  await served.close();
  await rm(work, { recursive: true, force: true });
});

interface Outcome {
  run: AgentRun;
  record: Readonly<CaseRecord>;
  requests: number;
}

/** One case × model as agentTest runs it in watch mode, optionally judged. */
async function runCase(
  options: { prompt?: string; model?: ResolvedModel; rubric?: string } = {},
): Promise<Outcome> {
  const model = options.model ?? GPT;
  const before = billed();
  const session = await openCassette({
    caseName: 'notes',
    model,
    testName: `notes › ${model.apiModel}`,
    mode: 'auto',
    root: join(work, 'no-cassettes'),
    devCache: { dir: cacheDir, workspace: seed },
  });
  const builder = new CaseRecordBuilder({ case: 'notes', model: model.id, provider: 'openai' });
  const provider = createOpenAIProvider({ apiKey: API_KEY, baseURL: `${served.url}/v1` });
  const run = await withCassette(session, builder, async () => {
    const workspace = await prepareWorkspace(seed);
    try {
      const run = await runAgent({
        model,
        prompt: options.prompt ?? PROMPT,
        workspace: workspace.root,
        provider,
      });
      applyRecordedRun(session, run);
      builder.run(run);
      if (options.rubric !== undefined) {
        builder.judgement(
          await gradeRun({
            input: { run, expected: 'Hello from the seed', rubric: options.rubric },
            bar: 'B',
            judge: GPT,
            provider,
          }),
        );
      }
      return run;
    } finally {
      await workspace.dispose();
    }
  });
  return { run, record: builder.record, requests: billed() - before };
}

const entriesOf = async (model: string) =>
  readdir(join(cacheDir, 'responses', 'notes', model)).catch(() => [] as string[]);

describe('the development response cache', () => {
  let first: Outcome;
  let again: Outcome;

  beforeAll(async () => {
    first = await runCase({ rubric: 'One line.' });
    again = await runCase({ rubric: 'One line.' });
  });

  it('a first run goes to the provider, and is kept', async () => {
    // Two agent turns (read, answer) and one judge call.
    expect(first.requests).toBe(3);
    expect(first.record.fixture).toBeUndefined();
    expect(first.run.output).toBe('Hello from the seed');
    expect(await entriesOf('openai-gpt-5-mini')).toEqual([
      `${await workspaceFingerprint(seed)}.json`,
    ]);
  });

  it('a re-run of the unchanged case × model makes no request and shows as cached', () => {
    expect(again.requests).toBe(0);
    expect(again.record.fixture?.mode).toBe('cached');
    expect(again.run).toEqual(first.run);
    expect(again.record.judgements).toEqual(first.record.judgements);
  });

  it('a changed prompt goes to the provider', async () => {
    const changed = await runCase({
      prompt: 'Read notes.txt and answer with its first line only.',
    });
    expect(changed.requests).toBe(2);
    expect(changed.record.fixture).toBeUndefined();
    // The entry now holds the new conversation; the next run of it is cached.
    expect(
      (await runCase({ prompt: 'Read notes.txt and answer with its first line only.' })).requests,
    ).toBe(0);
  });

  it('another model goes to the provider', async () => {
    expect((await runCase({ model: NANO })).requests).toBe(2);
    expect((await runCase({ model: NANO })).requests).toBe(0);
  });

  it('a changed judge rubric asks the judge again, and only the judge', async () => {
    await runCase({ rubric: 'One line.' });
    const rejudged = await runCase({ rubric: 'One line, nothing else.' });
    expect(rejudged.requests).toBe(1);
    // Partly from the cache is not "cached": the run shows as live.
    expect(rejudged.record.fixture).toBeUndefined();
  });

  it('a changed tool definition goes to the provider', async () => {
    await runCase();
    // As if the tools had been different when the entry was written.
    const [name] = await entriesOf('openai-gpt-5-mini');
    const path = join(cacheDir, 'responses', 'notes', 'openai-gpt-5-mini', name ?? '');
    const entry = JSON.parse(await readFile(path, 'utf8'));
    for (const exchange of entry.exchanges) {
      exchange.request.body.tools[0].description = 'Reads a file, the old way.';
    }
    await writeFile(path, JSON.stringify(entry));
    expect((await runCase()).requests).toBe(2);
  });

  it('a change in the workspace seed goes to the provider, and the stale entry is removed', async () => {
    await runCase();
    const before = await workspaceFingerprint(seed);
    await writeFile(join(seed, 'notes.txt'), 'Hello from the changed seed\nsecond line\n');
    const changed = await runCase();
    expect(changed.requests).toBe(2);
    expect(changed.run.output).toBe('Hello from the changed seed');
    const after = await workspaceFingerprint(seed);
    expect(after).not.toBe(before);
    expect(await entriesOf('openai-gpt-5-mini')).toEqual([`${after}.json`]);
  });

  it('keeps no secret: no key-shaped string, no authorization header', async () => {
    for (const model of ['openai-gpt-5-mini', 'openai-gpt-5-nano']) {
      for (const name of await entriesOf(model)) {
        const text = await readFile(join(cacheDir, 'responses', 'notes', model, name), 'utf8');
        expect(findSecrets(text)).toEqual([]);
        expect(text).not.toContain(API_KEY);
        expect(text.toLowerCase()).not.toContain('authorization');
      }
    }
  });
});
