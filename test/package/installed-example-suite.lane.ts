/**
 * The set-up section of the README, done by a user: a fresh project installs the packed tarball
 * with this run's Vitest and @types/node — without a peer or engine warning — copies in the
 * example suite (agent-tests/ and its workspace seeds) and runs it with the README's
 * vitest.config.ts against the three providers' strict fakes on 127.0.0.1: every case passes on
 * every model and the grade table is printed. Then the same suite in two shards as blob reports,
 * merged by `--merge-reports`, prints the table again and writes the same records. The README's
 * first example (agent-tests/roster.agent.ts, taken from the README as written) runs there too,
 * with no key: on the built-ins, the real models skipped.
 *
 * Run by the compatibility lanes (scripts/ci/compat-lane.sh, from .ci/run) on each Node and
 * Vitest major nanograde supports; not part of `npm test` (a second npm install takes a minute).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report, ReportSchema } from '../../src/records/report.js';
import { spawnVitest, testLine, type VitestRun } from '../e2e/run-vitest.js';
import {
  EXAMPLE_CASES,
  EXAMPLE_MODELS,
  type ServedExampleFakes,
  serveExampleFakes,
} from '../fakes/example-fakes.js';
import {
  installExampleProject,
  installedVersion,
  rangeWarnings,
  repoRoot,
} from './packed-project.js';

const SETUP_TIMEOUT_MS = 300_000;
const RUN_TIMEOUT_MS = 120_000;

describe('the example suite in a fresh project that installed the packed tarball', () => {
  let work: string;
  let project: string;
  let vitest: string;
  let installOutput: string;
  let served: ServedExampleFakes;
  let whole: VitestRun;
  let shards: VitestRun[];
  let merged: VitestRun;
  let readmeExample: VitestRun;
  /** The example suite's files (the fakes know their cases, not the README's roster). */
  let exampleFiles: string[];

  /** `vitest run --project agents` on the example suite in the consumer project, on the fakes. */
  const runAgents = (out: string, args: string[]) =>
    spawnVitest(['run', '--project', 'agents', '--no-cache', ...args, ...exampleFiles], {
      cwd: project,
      vitest,
      env: { ...served.env, CI: 'true', NANOGRADE_OUT: join(work, out) },
      timeoutMs: RUN_TIMEOUT_MS,
    });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'nanograde-lane-'));
    const installed = await installExampleProject(work);
    ({ exampleFiles, installOutput, vitest } = installed);
    project = installed.root;
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
    const roster = /```ts\n\/\/ agent-tests\/roster\.agent\.ts\n([\s\S]*?)```/.exec(readme)?.[1];
    if (!roster)
      throw new Error("the README's first example (agent-tests/roster.agent.ts) is gone");
    await writeFile(join(project, 'agent-tests/roster.agent.ts'), roster);

    served = await serveExampleFakes();
    whole = await runAgents('whole', ['--reporter=verbose']);
    const blobs = join(work, 'blobs');
    shards = [];
    for (const shard of [1, 2]) {
      shards.push(
        await runAgents(`shard-${shard}`, [
          `--shard=${shard}/2`,
          '--reporter=blob',
          `--outputFile=${join(blobs, `blob-${shard}-2.json`)}`,
        ]),
      );
    }
    merged = await spawnVitest(['run', '--no-cache', `--merge-reports=${blobs}`], {
      cwd: project,
      vitest,
      env: { CI: 'true', NANOGRADE_OUT: join(work, 'merged') },
      timeoutMs: RUN_TIMEOUT_MS,
    });
    // No key and no NANOGRADE_MODELS: the default matrix, every real model skipped.
    readmeExample = await spawnVitest(
      ['run', '--project', 'agents', '--no-cache', '--reporter=verbose', 'agent-tests/roster'],
      {
        cwd: project,
        vitest,
        env: { CI: 'true', NANOGRADE_OUT: join(work, 'readme') },
        timeoutMs: RUN_TIMEOUT_MS,
      },
    );
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await served?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("installs with this run's Vitest without a peer or engine warning", async () => {
    expect(installOutput).toMatch(/added \d+ packages?/);
    expect(rangeWarnings(installOutput)).toEqual([]);
    const installed = JSON.parse(
      await readFile(join(project, 'node_modules/vitest/package.json'), 'utf8'),
    ) as { version: string };
    expect(installed.version).toBe(await installedVersion('vitest'));
  });

  it('passes every case on every model and prints the grade table', () => {
    expect(whole.exitCode, whole.output).toBe(0);
    for (const name of EXAMPLE_CASES) {
      for (const model of EXAMPLE_MODELS) {
        expect(testLine(whole.stdout, `${name} › ${model}`), whole.output).toMatch(/^\s*✓ /);
      }
    }
    expect(whole.output).toMatch(
      new RegExp(`nanograde: ${EXAMPLE_CASES.length} cases × \\d+ models · \\d+ passed`),
    );
    for (const name of EXAMPLE_CASES) expect(whole.output).toContain(`── ${name} · bar:`);
    expect(whole.output).toMatch(/^ 1st +\S+/m);
  });

  it('writes report.json with a passed record per case and model', async () => {
    const report = await readReport('whole');
    for (const name of EXAMPLE_CASES) {
      for (const model of EXAMPLE_MODELS) {
        const record = report.records.find((r) => r.case === name && r.model.endsWith(model));
        expect(record?.status, `${name} › ${model}`).toBe('passed');
      }
    }
  });

  it('runs in two shards as blob reports, and --merge-reports prints the table and writes the same records', async () => {
    for (const shard of shards) expect(shard.exitCode, shard.output).toBe(0);
    expect(merged.exitCode, merged.output).toBe(0);
    expect(merged.output).toMatch(
      new RegExp(`nanograde: ${EXAMPLE_CASES.length} cases × \\d+ models · \\d+ passed`),
    );
    const statuses = (report: Report) =>
      report.records.map((r) => `${r.case} › ${r.model}: ${r.status}`).sort();
    expect(statuses(await readReport('merged'))).toEqual(statuses(await readReport('whole')));
  });

  it("runs the README's first example on the built-ins, with the real models skipped", () => {
    expect(readmeExample.exitCode, readmeExample.output).toBe(0);
    expect(testLine(readmeExample.stdout, 'roster summary › reference')).toMatch(/^\s*✓ /);
    expect(readmeExample.output).toMatch(/nanograde: 1 case × \d+ models · 2 passed, 0 failed/);
    expect(readmeExample.output).toContain(' No real model ran.');
  });

  async function readReport(out: string): Promise<Report> {
    const json = await readFile(join(work, out, 'report.json'), 'utf8');
    return ReportSchema.parse(JSON.parse(json));
  }
});
