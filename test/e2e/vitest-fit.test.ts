/**
 * nanograde inside a user's Vitest habits, through real child `vitest` runs of the adopter
 * project (test/e2e/projects/adopter) against the strict OpenAI fake on 127.0.0.1: the grade
 * table whatever --reporter says (and once when the user names it too), the built-ins kept
 * when the user lists models, what a plain `vitest run` spends, and typos stopping the run.
 * JUnit, JSON and blob reporters with annotations: vitest-fit.slow.test.ts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/records/report.js';
import { ADOPTER_ROOT, tables, useAdopterProject } from './adopter-project.js';
import { runVitest, spawnVitest, testLine } from './run-vitest.js';

const ROOT = ADOPTER_ROOT;
const { work, env, modelRequests } = useAdopterProject();

describe('the grade table, whatever --reporter says', () => {
  it('--reporter=verbose still prints the table and writes report.json; the built-ins run beside the listed model', async () => {
    const out = join(work(), 'verbose');
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
    // …and the model is spared it: no request for a case that cannot tell a good run from none.
    expect(testLine(result.stdout, 'no checks › gpt-5-mini')).toMatch(
      /^\s*↓ .*case broken: the checks pass on an empty answer; fix the case, no model was paid/,
    );
    expect(testLine(result.stdout, 'greeting › gpt-5-mini')).toMatch(/^\s*✓ /);
    expect(result.exitCode).toBe(1);
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
        env: env({ NANOGRADE_OUT: join(work(), 'plain'), CI: 'true', TEST_NAME_REPORTER: '1' }),
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

  it.for([
    {
      what: 'an unknown agentTest option',
      file: 'typo',
      message: `agentTest("typo"): unknown option 'worksapce' — did you mean 'workspace'?`,
    },
    {
      what: 'a workspace seed that does not exist',
      file: 'missing-seed',
      message: `agentTest("missing seed"): workspace 'no/such/seed' does not exist (${join(ROOT, 'no/such/seed')}); create the folder`,
    },
  ])('$what fails its file once, saying what and where, and exits 2', async ({ file, message }) => {
    const before = modelRequests().length;
    const result = await runVitest({ root: ROOT, env: env(), args: ['--reporter=verbose', file] });
    expect(result.exitCode, result.output).toBe(2);
    expect(result.output.split(message).length - 1).toBe(1);
    expect(modelRequests().length).toBe(before);
  });
});
