/**
 * Benchmark: agent runs under injected faults (issue 13). The strict provider fakes serve on
 * 127.0.0.1 behind a seeded fault proxy; a child `vitest run` of scripts/fault-bench (the real
 * runner, agentTest, the judge matcher and the grade reporter) makes `--runs` agent runs spread
 * over OpenAI, Anthropic and Ollama models; `--rate` of them get one fault each, every kind its
 * share. It prints each figure against its goal — runs, hung, crashed, unclassified errors, lost
 * report records, retries honoured, requests in flight per provider — then a table per fault
 * kind and the reasons behind each miss, and fails when a goal is missed (unless
 * `--report-only`). Run it with `npm run bench:faults [-- --runs 60]`.
 *
 * Choices, for a 1,000-run bench in a few minutes on 2 cores: each model answer takes 20 ms at
 * the fake; runs are limited to 6 turns and 10 s (see BENCH_LIMITS); a run counts as hung 5 s
 * past its limit; the child is stopped when its traffic has been quiet for 30 s, or after 20 min.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { REPO_ROOT } from '../test/e2e/run-vitest.js';
import { createAnthropicFake } from '../test/fakes/anthropic-fake.js';
import { planFaults } from '../test/fakes/fault-plan.js';
import { startFaultProxy } from '../test/fakes/fault-proxy.js';
import { fileReaderBrain } from '../test/fakes/file-reader-brain.js';
import { createOllamaFake } from '../test/fakes/ollama-fake.js';
import { createOpenAIFake } from '../test/fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../test/fakes/serve-fake.js';
import { renderBench } from './fault-bench/bench-figures.js';
import {
  BENCH_LIMITS,
  BENCH_MODELS,
  benchManifest,
  benchRuns,
  providerOf,
} from './fault-bench/bench-workload.js';
import { runChildVitest } from './fault-bench/child-vitest.js';
import { type ReportRecordView, recordsByCase } from './fault-bench/run-outcomes.js';

const TURN_LATENCY_MS = 20;
const HUNG_MARGIN_MS = 5_000;
const IDLE_MS = 30_000;
const DEADLINE_MS = 20 * 60_000;
const PROJECT = join(REPO_ROOT, 'scripts/fault-bench');

/** Case names whose test reported a result, from the child's progress lines. */
async function endedCases(path: string): Promise<Set<string>> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const ended = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as { event: string; name: string };
    // Test names are `<case> › <model>`.
    if (event.event === 'end') ended.add(event.name.split(' › ')[0] ?? event.name);
  }
  return ended;
}

/** report.json's records, or why they cannot be had. */
async function readRecords(
  path: string,
): Promise<{ records?: Map<string, ReportRecordView>; problem?: string }> {
  try {
    return { records: recordsByCase(JSON.parse(await readFile(path, 'utf8'))) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

test('bench: agent runs under injected faults', async () => {
  const options = inject('faultBench');
  const started = performance.now();
  const plan = planFaults({
    runs: options.runs,
    seed: options.seed,
    rate: options.rate,
    groupOf: (run) => providerOf(run),
  });
  const runs = benchRuns(options.runs, plan);
  const out = await mkdtemp(join(tmpdir(), 'nanograde-bench-faults-'));
  const manifestPath = join(out, 'manifest.json');
  const progressPath = join(out, 'progress.jsonl');
  const logPath = join(out, 'vitest.log');
  await writeFile(manifestPath, JSON.stringify(benchManifest(runs)));

  const brain = fileReaderBrain({ latencyMs: TURN_LATENCY_MS });
  const fakes: ServedFake[] = await Promise.all([
    serveFake(createOpenAIFake({ brain }).handler),
    serveFake(createAnthropicFake({ brain }).handler),
    serveFake(createOllamaFake({ brain, models: ['gpt-oss:20b', 'gpt-oss:120b'] }).handler),
  ]);
  const [openai, anthropic, ollama] = fakes.map((fake) => fake.url);
  const proxy = await startFaultProxy({
    upstreams: { openai, anthropic, ollama },
    faultFor: (run) => plan.get(run),
    stallMs: options.stallMs,
  });
  try {
    const child = await runChildVitest({
      root: PROJECT,
      logPath,
      idleMs: IDLE_MS,
      deadlineMs: DEADLINE_MS,
      quietForMs: () => (proxy.inFlight() > 0 ? 0 : performance.now() - proxy.lastActivity()),
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? tmpdir(),
        NO_COLOR: '1',
        CI: 'true',
        NANOGRADE_NOW: '2026-11-23',
        NANOGRADE_FIXTURES: 'live',
        NANOGRADE_OUT: out,
        NANOGRADE_MODELS: Object.values(BENCH_MODELS).flat().join(','),
        OPENAI_BASE_URL: `${proxy.urls.openai}/v1`,
        OPENAI_API_KEY: 'sk-test',
        ANTHROPIC_BASE_URL: proxy.urls.anthropic as string,
        ANTHROPIC_API_KEY: 'sk-ant-test',
        OLLAMA_HOST: proxy.urls.ollama as string,
        FAULT_BENCH_MANIFEST: manifestPath,
        FAULT_BENCH_PROGRESS: progressPath,
      },
    });
    const log = await readFile(logPath, 'utf8');
    const { records, problem } = await readRecords(join(out, 'report.json'));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const faulted = runs.filter((run) => run.fault).length;
    const childEnd = child.stoppedBy
      ? `stopped by the bench (${child.stoppedBy === 'idle' ? `no traffic for ${IDLE_MS / 1000} s` : 'deadline'})`
      : `exit ${child.exitCode ?? child.signal}`;
    const { text, missed } = renderBench(
      {
        runs,
        records,
        ...(problem ? { reportProblem: problem } : {}),
        ended: await endedCases(progressPath),
        proxy,
        child,
        unhandledErrors: Number(/^\s*Errors\s+(\d+) errors?/m.exec(log)?.[1] ?? 0),
        timeoutMs: BENCH_LIMITS.timeoutMs,
        marginMs: HUNG_MARGIN_MS,
      },
      [
        '',
        `nanograde fault benchmark: ${runs.length} agent runs, ${faulted} with a fault (seed ${options.seed}, rate ${options.rate}, stall ${options.stallMs / 1000} s), in ${seconds} s`,
        `  models: ${Object.values(BENCH_MODELS).flat().join(', ')}; every other run judged`,
        `  child vitest: ${(child.durationMs / 1000).toFixed(1)} s, ${childEnd}; its log, report and manifest: ${out}`,
      ],
    );
    process.stdout.write(`${text}\n\n`);
    if (!options.reportOnly) expect(missed, 'goals missed (see above)').toEqual([]);
  } finally {
    await proxy.close();
    await Promise.all(fakes.map((fake) => fake.close()));
  }
});
