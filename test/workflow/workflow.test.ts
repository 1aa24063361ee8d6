/**
 * The CI template .github/workflows/nanograde.yml: parsed with the yaml package and checked for
 * what the issue asks (replay on pull requests, live runs on a schedule or label with secrets,
 * sharding with merged reports, official actions only); then the pull-request job's `run:`
 * commands are executed here, in order, the way Actions would (bash -e), in a scratch project:
 * `npm ci` is skipped (node_modules exists) and so is `gh` (it needs the network); `npx
 * nanograde` is the CLI built from this repo, linked into the project's node_modules/.bin. The matrix is the built-in models, which need no
 * key, network or cassette, so the replay-mode run is offline.
 */
import { spawnSync } from 'node:child_process';
import {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { BUILT_CLI_KEY } from '../build-dist.global-setup.js';
import { REPO_ROOT } from '../e2e/run-vitest.js';

const StepSchema = z.object({
  name: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  if: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  'continue-on-error': z.boolean().optional(),
});
const JobSchema = z.object({
  name: z.string(),
  if: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  env: z.record(z.string(), z.string()).optional(),
  strategy: z.object({ matrix: z.record(z.string(), z.array(z.unknown())) }).optional(),
  steps: z.array(StepSchema),
});
const WorkflowSchema = z.object({
  name: z.string(),
  on: z.object({
    pull_request: z.object({ types: z.array(z.string()) }),
    schedule: z.array(z.object({ cron: z.string() })),
    workflow_dispatch: z.null(),
  }),
  env: z.record(z.string(), z.string()),
  jobs: z.record(z.string(), JobSchema),
});
type Step = z.infer<typeof StepSchema>;

/** An Actions expression as the workflow file writes it: `${{ … }}`. */
const expression = (inner: string) => ['$', '{{ ', inner, ' }}'].join('');

const workflow = WorkflowSchema.parse(
  parse(await readFile(join(REPO_ROOT, '.github/workflows/nanograde.yml'), 'utf8')),
);
const jobs = workflow.jobs;

describe('the workflow file', () => {
  it('replays fixtures on every pull request, with no secrets', () => {
    const replay = jobs.replay;
    expect(replay?.if).toContain("github.event_name == 'pull_request'");
    expect(replay?.env).toEqual({ NANOGRADE_FIXTURES: 'replay' });
    expect(JSON.stringify(replay)).not.toContain('secrets.');
  });

  it('runs live on a schedule, by hand or with a label, with secrets, in shards merged after', () => {
    const live = jobs.live;
    expect(workflow.on.schedule[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(live?.if).toContain("github.event_name == 'schedule'");
    expect(live?.if).toContain("github.event.label.name == 'nanograde:live'");
    expect(live?.env?.OPENAI_API_KEY).toBe(expression('secrets.OPENAI_API_KEY'));
    expect(live?.env?.NANOGRADE_FIXTURES).toBe('live');
    expect(live?.strategy?.matrix.shard).toEqual([1, 2]);
    const shardRun = live?.steps.map((step) => step.run ?? '').join('\n');
    expect(shardRun).toContain(`--shard=${expression('matrix.shard')}/2`);
    expect(shardRun).toContain('--reporter=blob');
    const merged = jobs['live-report'];
    expect(merged?.needs).toBe('live');
    expect(merged?.steps.map((step) => step.run ?? '').join('\n')).toContain(
      'npx vitest run --merge-reports=.vitest-reports',
    );
  });

  it('comments report.md on the pull request and uploads report.html', () => {
    const steps = jobs.replay?.steps ?? [];
    const comment = steps.find((step) => step.uses?.startsWith('actions/github-script@'));
    expect(String(comment?.with?.script)).toContain('.nanograde/report.md');
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path)).toContain('.nanograde/report.html');
  });

  it('sets up a supported LTS Node (22, 24 or 26) in every job', () => {
    const setups = Object.values(jobs).flatMap((job) =>
      job.steps.filter((step) => step.uses?.startsWith('actions/setup-node@')),
    );
    expect(setups).toHaveLength(Object.keys(jobs).length);
    for (const setup of setups) expect([22, 24, 26]).toContain(setup.with?.['node-version']);
  });

  it('uses only official actions', () => {
    const used = Object.values(jobs).flatMap((job) => job.steps.flatMap((step) => step.uses ?? []));
    for (const action of used) {
      expect(action).toMatch(/^actions\/(checkout|setup-node|upload-artifact|github-script)@v\d+$/);
    }
  });
});

/** The Vitest config of the scratch project: what the README tells users to write. */
const CONFIG = `import { defineConfig } from 'vitest/config';
import { agentsProject } from '${REPO_ROOT}/src/public/config.ts';

export default defineConfig({
  test: {
    projects: [agentsProject({ models: ['builtin:reference', 'builtin:null'], bars: { suite: { maxCostUsd: 1 } } })],
  },
});
`;

const AGENT_TEST = `import { agentTest } from '${REPO_ROOT}/src/public/index.ts';

agentTest(
  'greeting',
  {
    prompt: 'Write hello to greeting.txt.',
    reference: {
      toolCalls: [{ name: 'write_file', args: { file_path: 'greeting.txt', content: 'hello' } }],
      answer: 'Done.',
    },
  },
  ({ workspace, expect }) => {
    expect(workspace).toHaveFile('greeting.txt', 'hello');
  },
);
`;

describe("the pull-request job's commands, run here in order", () => {
  let project: string;
  let summary: string;
  const ran: { name: string; code: number | null; output: string }[] = [];

  /** Runs one step's script like Actions' default shell (bash -e), with the job's env. */
  function runStep(step: Step, env: Record<string, string>) {
    const result = spawnSync('bash', ['-e', '-c', step.run ?? ''], {
      cwd: project,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    ran.push({
      name: step.name ?? '',
      code: result.status,
      output: `${result.stdout}\n${result.stderr}`,
    });
  }

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'nanograde-workflow-'));
    await mkdir(join(project, 'agent-tests'));
    await writeFile(join(project, 'vitest.config.ts'), CONFIG);
    await writeFile(
      join(project, 'package.json'),
      '{ "name": "my-agents", "private": true, "type": "module" }\n',
    );
    await writeFile(join(project, 'agent-tests/greeting.agent.ts'), AGENT_TEST);
    // node_modules as a user's project has it: the dependencies, and nanograde's bin in .bin
    // (the CLI built from this repository), so `npx nanograde` runs it without the network.
    const modules = join(REPO_ROOT, 'node_modules');
    await mkdir(join(project, 'node_modules/.bin'), { recursive: true });
    for (const name of await readdir(modules)) {
      if (name !== '.bin') await symlink(join(modules, name), join(project, 'node_modules', name));
    }
    for (const name of await readdir(join(modules, '.bin'))) {
      await symlink(join(modules, '.bin', name), join(project, 'node_modules/.bin', name));
    }
    const cli = join(project, 'node_modules/.bin/nanograde');
    await writeFile(cli, `#!/bin/sh\nexec "${process.execPath}" "${inject(BUILT_CLI_KEY)}" "$@"\n`);
    await chmod(cli, 0o755);
    summary = join(project, 'step-summary.md');
    const job = jobs.replay;
    if (!job) throw new Error('no replay job');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      // npx must find everything locally: no registry here.
      npm_config_offline: 'true',
      HOME: process.env.HOME ?? tmpdir(),
      CI: 'true',
      NO_COLOR: '1',
      GITHUB_STEP_SUMMARY: summary,
      ...(process.env.NANOGRADE_NOW ? { NANOGRADE_NOW: process.env.NANOGRADE_NOW } : {}),
      ...workflow.env,
      ...job.env,
    };
    const runnable = job.steps.filter(
      (step) =>
        step.run !== undefined && step.run !== 'npm ci' && !step.run.trimStart().startsWith('gh '),
    );
    for (const step of runnable) runStep(step, { ...env, ...step.env });
    if (ran[0]?.code !== 0) throw new Error(`the agent tests failed:\n${ran[0]?.output}`);
    // A second pull request, now with a baseline (what the gh step downloads): compare runs.
    await cp(
      join(project, '.nanograde/report.json'),
      join(project, '.nanograde-baseline/report.json'),
      {
        recursive: true,
      },
    );
    for (const step of runnable) runStep(step, { ...env, ...step.env });
  }, 240_000);

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('runs the agent tests and the compare step, each successfully, in order', () => {
    expect(ran.map((step) => [step.name, step.code])).toEqual([
      ['Agent tests', 0],
      ['Compare with the baseline', 0],
      ['Agent tests', 0],
      ['Compare with the baseline', 0],
    ]);
    expect(ran[0]?.output).toContain('nanograde: ');
    expect(ran[1]?.output).toContain('No baseline report: nothing to compare with.');
    expect(ran[3]?.output).toContain(
      'nanograde compare: .nanograde-baseline/report.json → .nanograde/report.json',
    );
    expect(ran[3]?.output).toContain('no regression');
  });

  it('leaves report.md, report.html, report.json and JUnit XML for the comment and the artifact', async () => {
    const markdown = await readFile(join(project, '.nanograde/report.md'), 'utf8');
    expect(markdown).toContain('## nanograde report');
    expect(markdown).toContain('### Bars');
    expect(await readFile(join(project, '.nanograde/report.html'), 'utf8')).toContain('<html');
    const junit = await readFile(join(project, '.nanograde/junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites');
    expect(junit).toContain('greeting › reference');
    // The job summary got report.md, once per run.
    const written = await readFile(summary, 'utf8');
    expect(written.split('## nanograde report').length - 1).toBe(2);
  });
});
