/**
 * Sharding: the fixture project (test/report/projects/shard, two agent test files) runs once
 * whole, and once as `--shard=1/2` and `--shard=2/2` with `--reporter=blob` merged by
 * `--merge-reports`, each a real child `vitest` against the strict OpenAI fake on 127.0.0.1.
 * The merged run must print the same grade table as the whole run (times normalised) and
 * write the same graded records. Four child runs, so it runs with the slow tests.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../src/models/catalog.js';
import { isRetired } from '../../src/models/lifecycle.js';
import { type Report, ReportSchema } from '../../src/records/report.js';
import { REPO_ROOT, spawnVitest, type VitestRun } from '../e2e/run-vitest.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { notesBrain } from './notes-brain.js';

const PROJECT = join(REPO_ROOT, 'test/report/projects/shard');
const API_KEY = 'sk-shard-test-0123456789';

/**
 * Three current OpenAI models with a known price, cheapest first, picked from the catalog so
 * the test does not break when a model it named retires.
 */
function pickModels() {
  const models = defaultCatalog.models
    .filter((m) => m.provider === 'openai' && !isRetired(m) && m.price && 'input' in m.price)
    .sort((a, b) => {
      const price = (m: typeof a) => (m.price && 'input' in m.price ? m.price.input : 0);
      return price(a) - price(b);
    });
  const [cheapest, next] = models;
  const dearest = models.at(-1);
  if (models.length < 3 || !cheapest || !next || !dearest) {
    throw new Error('the catalog has fewer than three current OpenAI models');
  }
  return [cheapest, next, dearest] as const;
}

function pickUnavailableModel(): string {
  const model = defaultCatalog.models.find((m) => m.provider === 'anthropic' && !isRetired(m));
  if (!model) throw new Error('the catalog has no current Anthropic model');
  return model.id;
}

/** The grade table as printed: from the headline to the legend, with every time masked. */
function gradeTable(output: string): string {
  const start = output.indexOf('nanograde: ');
  const end = output.indexOf('Reports: ', start);
  if (start < 0 || end < 0) throw new Error(`no grade table in the output:\n${output}`);
  return output
    .slice(start, end)
    .replace(/\b\d+(\.\d+)?(ms|s)\b|\b\d+m \d\ds\b|\b\d+h \d\dm\b/g, '<time>')
    .replace(/ +/g, ' ')
    .replace(/ \n/g, '\n')
    .trim();
}

/** The graded records without their times (speed grades stay: they differ by whole bands). */
function gradedRecords(report: Report) {
  return report.records.map((r) => ({
    case: r.case,
    model: r.model,
    status: r.status,
    note: r.note,
    performance: r.performance,
    speed: r.speed.grade,
    cost: r.cost,
    overall: r.overall,
    costUsd: r.metrics?.costUsd,
    tokens: r.metrics?.usage,
    toolCalls: r.run?.toolCalls.map((call) => call.name),
    answer: r.run?.output,
  }));
}

async function readReport(dir: string): Promise<Report> {
  return ReportSchema.parse(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')));
}

describe('the grade reporter with vitest --shard and --merge-reports', () => {
  let served: ServedFake;
  let work: string;
  let whole: VitestRun;
  let shards: VitestRun[];
  let merged: VitestRun;
  const [cheap, middle, dear] = pickModels();
  const unavailable = pickUnavailableModel();

  beforeAll(async () => {
    // Speed grades must not depend on the machine's load: the middle model answers at once (the
    // fastest, S) and the others after 1 s a turn (over 5× slower, F). The cheap model
    // miscounts, so it fails the line-count case.
    const fake = createOpenAIFake({
      apiKey: API_KEY,
      models: [cheap.apiModel, middle.apiModel, dear.apiModel],
      brain: notesBrain({
        [cheap.apiModel]: { delayMs: 1000, miscounts: true },
        [middle.apiModel]: { delayMs: 0 },
        [dear.apiModel]: { delayMs: 1000 },
      }),
    });
    served = await serveFake(fake.handler);
    work = await mkdtemp(join(tmpdir(), 'nanograde-shard-'));
    const env = (out: string) => ({
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: `${served.url}/v1`,
      NANOGRADE_MODELS: [
        cheap.id,
        middle.id,
        dear.id,
        unavailable,
        'builtin:reference',
        'builtin:null',
      ].join(','),
      NANOGRADE_OUT: join(work, out),
    });
    const common = ['--root', PROJECT, '--no-cache'];
    // The whole run first, then both shards at once: runs that share the CPU keep their timing.
    whole = await spawnVitest(['run', '--project', 'agents', ...common], {
      cwd: PROJECT,
      env: env('whole'),
    });
    shards = await Promise.all(
      [1, 2].map((i) =>
        spawnVitest(
          [
            'run',
            '--project',
            'agents',
            ...common,
            `--shard=${i}/2`,
            '--reporter=blob',
            `--outputFile=${join(work, 'blobs', `blob-${i}-2.json`)}`,
          ],
          { cwd: PROJECT, env: env(`shard-${i}`) },
        ),
      ),
    );
    merged = await spawnVitest(['run', ...common, `--merge-reports=${join(work, 'blobs')}`], {
      cwd: PROJECT,
      env: env('merged'),
    });
  }, 120_000);

  afterAll(async () => {
    await served?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('runs the whole project: one model fails a case, so vitest exits 1 and prints the table', () => {
    expect(whole.exitCode, whole.stdout + whole.stderr).toBe(1);
    const table = gradeTable(whole.stdout);
    expect(table).toContain('── first line · bar: checks pass');
    expect(table).toContain('── line count · bar: checks pass');
    expect(table).toMatch(
      new RegExp(`✗ ${cheap.id.slice('openai:'.length)}: .*expected '2' to be '3'`),
    );
    expect(table).toContain(`skipped: ${unavailable.slice('anthropic:'.length)}`);
    expect(table).toMatch(/^ reference \(built-in\) .* sound$/m);
    expect(table).toMatch(/^ null \(built-in\) .* sound$/m);
  });

  it('each shard prints the table of its own part and writes it, whatever --reporter says', async () => {
    for (const shard of shards) {
      expect(shard.exitCode, shard.stdout + shard.stderr).not.toBeNull();
      expect(shard.stdout).toMatch(/nanograde: 1 case × 6 models/);
    }
    expect((await readdir(work)).sort()).toEqual([
      'blobs',
      'merged',
      'shard-1',
      'shard-2',
      'whole',
    ]);
    const parts = await Promise.all([1, 2].map((i) => readReport(join(work, `shard-${i}`))));
    expect(parts.flatMap((part) => part.cases.map((c) => c.name)).sort()).toEqual([
      'first line',
      'line count',
    ]);
    expect((await readdir(join(work, 'blobs'))).sort()).toEqual(['blob-1-2.json', 'blob-2-2.json']);
  });

  it('prints the same grade table after --merge-reports as the whole run', () => {
    expect(merged.exitCode, merged.stdout + merged.stderr).toBe(1);
    expect(gradeTable(merged.stdout)).toBe(gradeTable(whole.stdout));
  });

  it('writes the same graded records to report.json', async () => {
    const [wholeReport, mergedReport] = await Promise.all([
      readReport(join(work, 'whole')),
      readReport(join(work, 'merged')),
    ]);
    expect(wholeReport.records).toHaveLength(12);
    expect(gradedRecords(mergedReport)).toEqual(gradedRecords(wholeReport));
    const lineCount = wholeReport.cases.find((c) => c.name === 'line count');
    expect(lineCount?.reachedBar).toEqual([middle.id, dear.id]);
    expect(lineCount?.best.fastest?.model).toBe(middle.id);
    expect(lineCount?.best.cheapest?.model).toBe(middle.id);
    const speeds = wholeReport.records
      .filter((r) => r.case === 'first line' && r.status !== 'skipped' && !r.builtin)
      .map((r) => [r.model, r.speed.grade]);
    expect(speeds).toEqual([
      [cheap.id, 'F'],
      [middle.id, 'S'],
      [dear.id, 'F'],
    ]);
    const skipped = wholeReport.records.filter((r) => r.status === 'skipped');
    expect(skipped.map((r) => r.model)).toEqual([unavailable, unavailable]);
    expect(skipped[0]?.note).toMatch(/ANTHROPIC_API_KEY/);
  });
});
