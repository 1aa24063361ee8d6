/**
 * nanograde inside a user's Vitest habits, through real child `vitest` runs of the adopter
 * project (test/e2e/projects/adopter) against the strict OpenAI fake on 127.0.0.1: the grade
 * table whatever --reporter says (and once when the user names it too), the built-ins kept
 * when the user lists models, annotations on each test, and what a plain `vitest run` spends.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestAnnotation } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/records/report.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, spawnVitest, testLine } from './run-vitest.js';

const ROOT = e2eProject('adopter');
const API_KEY = 'sk-adopter-0123456789';
const fake = createOpenAIFake({ brain: readerBrain(), apiKey: API_KEY });
let served: ServedFake;
let work: string;

/** The README's adopter config: a list of models, nothing said about the built-ins. */
const ADOPTER = JSON.stringify({ models: ['gpt-5-mini'] });

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPENAI_BASE_URL: `${served.url}/v1`,
    OPENAI_API_KEY: API_KEY,
    TEST_AGENTS_OPTIONS: ADOPTER,
    ...extra,
  };
}

/** The model requests the fake has answered so far. */
const modelRequests = () => fake.log.requests.filter((entry) => entry.request.method === 'POST');

/** How many grade tables an output holds. */
const tables = (output: string) => output.split('── greeting · bar: checks pass').length - 1;

beforeAll(async () => {
  served = await serveFake(fake.handler);
  work = await mkdtemp(join(tmpdir(), 'nanograde-adopter-'));
});
afterAll(async () => {
  await served.close();
  await rm(work, { recursive: true, force: true });
});

describe('the grade table, whatever --reporter says', () => {
  it('--reporter=verbose still prints the table and writes report.json; the built-ins run beside the listed model', async () => {
    const out = join(work, 'verbose');
    const result = await runVitest({
      root: ROOT,
      env: env({ NANOGRADE_OUT: out }),
      args: ['--reporter=verbose', 'greeting', 'no-checks'],
    });
    expect(tables(result.stdout), result.output).toBe(1);
    expect(result.stdout).toMatch(/Reports: .* \(report\.html, report\.md, report\.json\)/);
    const report = ReportSchema.parse(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')));
    expect(report.records.map((r) => `${r.case} › ${r.model}`).sort()).toEqual([
      'greeting › builtin:null',
      'greeting › builtin:reference',
      'greeting › openai:gpt-5-mini',
      'no checks › builtin:null',
      'no checks › builtin:reference',
      'no checks › openai:gpt-5-mini',
    ]);
    // The user listed models and said nothing of the built-ins: they still run, and the case
    // with no checks is caught instead of passing with grade A.
    expect(testLine(result.stdout, 'no checks › null')).toMatch(/^\s*× /);
    expect(result.output).toContain(
      'case "no checks" is broken: its checks pass on the null model\'s empty answer',
    );
    expect(testLine(result.stdout, 'greeting › gpt-5-mini')).toMatch(/^\s*✓ /);
    expect(result.exitCode).toBe(1);
  });

  it('--reporter=junit, json and blob keep it too; the annotations reach every reporter', async () => {
    const out = join(work, 'machine');
    const annotationsFile = join(work, 'annotations.json');
    const before = modelRequests().length;
    // A plain `vitest run` (no --project) where NANOGRADE_MODELS asks for the model: it runs.
    const result = await spawnVitest(
      [
        'run',
        '--root',
        ROOT,
        '--no-cache',
        '--reporter=junit',
        `--outputFile.junit=${join(work, 'junit.xml')}`,
        '--reporter=json',
        `--outputFile.json=${join(work, 'results.json')}`,
        '--reporter=blob',
        `--outputFile.blob=${join(work, 'blobs', 'blob.json')}`,
        '--reporter=./annotations-reporter.ts',
        'greeting',
      ],
      {
        cwd: ROOT,
        env: env({
          CI: 'true',
          NANOGRADE_OUT: out,
          NANOGRADE_MODELS: 'gpt-5-mini,reference,null',
          TEST_ANNOTATIONS_FILE: annotationsFile,
        }),
      },
    );
    expect(modelRequests().length).toBe(before + 2);
    expect(result.exitCode, result.output).toBe(0);
    expect(tables(result.stdout)).toBe(1);
    expect(await readdir(out)).toContain('report.json');
    expect(await readdir(join(work, 'blobs'))).toEqual(['blob.json']);
    // JUnit shows annotations as properties: the grade, cost and tokens of the run.
    const junit = await readFile(join(work, 'junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<property name="nanograde" value="grade A · cost \$0\.00021 · tokens 650 in \(0 cached\) \/ 25 out \(0 reasoning\) · 2 turns · 1 tool call · \d+ms">/,
    );
    const annotations = JSON.parse(await readFile(annotationsFile, 'utf8')) as Record<
      string,
      TestAnnotation[]
    >;
    const real = annotations['greeting › gpt-5-mini'] ?? [];
    expect(real.map((a) => a.type)).toEqual(['nanograde', 'nanograde:transcript']);
    const transcript = real[1]?.attachment;
    expect(transcript).toMatchObject({ contentType: 'application/json', bodyEncoding: 'utf-8' });
    const messages = JSON.parse(String(transcript?.body)) as { role: string }[];
    expect(messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(String(transcript?.body)).not.toContain(API_KEY);
    expect(annotations['greeting › reference']?.[0]?.message).toMatch(
      /^built-in reference · 2 turns · 1 tool call · \d+ms$/,
    );
  });
});

describe('what a plain `vitest run` spends', () => {
  it('without --project agents or NANOGRADE_MODELS: no model call; built-ins run, paid models are skipped saying why', async () => {
    const before = modelRequests().length;
    // The user also lists the grade reporter (an instance and by path): one table all the same.
    const result = await spawnVitest(
      ['run', '--root', ROOT, '--no-cache', '--reporter=verbose', 'greeting'],
      {
        cwd: ROOT,
        env: env({ NANOGRADE_OUT: join(work, 'plain'), CI: 'true', TEST_NAME_REPORTER: '1' }),
      },
    );
    expect(result.exitCode, result.output).toBe(0);
    expect(modelRequests().length).toBe(before);
    expect(testLine(result.stdout, 'greeting › gpt-5-mini')).toMatch(
      /↓ .*not called: this run did not select the agents project — live model calls need `--project agents` or NANOGRADE_MODELS/,
    );
    expect(testLine(result.stdout, 'greeting › reference')).toMatch(/^\s*✓ /);
    expect(tables(result.stdout)).toBe(1);
  });
});

describe('typos stop the run with exit 2, before any model call', () => {
  it('agentsProject({ modles: [] }) exits 2 with "did you mean \'models\'"', async () => {
    const result = await runVitest({
      root: ROOT,
      env: env({ TEST_AGENTS_OPTIONS: '{"modles": []}' }),
    });
    expect(result.exitCode).toBe(2);
    expect(result.output).toContain(
      "agentsProject(): unknown option 'modles' — did you mean 'models'?",
    );
  });

  it('NANOGRADE_MODELS=gpt-6.1-tera exits 2 with "did you mean \'gpt-6.1-terra\'"', async () => {
    const before = modelRequests().length;
    const result = await runVitest({ root: ROOT, env: env({ NANOGRADE_MODELS: 'gpt-6.1-tera' }) });
    expect(result.exitCode).toBe(2);
    expect(result.output).toContain(
      `NANOGRADE_MODELS: Unknown model "gpt-6.1-tera" — did you mean 'gpt-6.1-terra'?`,
    );
    expect(modelRequests().length).toBe(before);
  });

  it('an unknown agentTest option fails its file once, naming the case and the key, and exits 2', async () => {
    const before = modelRequests().length;
    const result = await runVitest({
      root: ROOT,
      env: env(),
      args: ['--reporter=verbose', 'typo'],
    });
    expect(result.exitCode, result.output).toBe(2);
    const message = `agentTest("typo"): unknown option 'worksapce' — did you mean 'workspace'?`;
    expect(result.output.split(message).length - 1).toBe(1);
    expect(modelRequests().length).toBe(before);
  });
});
