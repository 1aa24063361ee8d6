/**
 * Benchmark: records the example suite (agent-tests/, five cases) on the nine seed models'
 * current ids (the default matrix, plus one more when successors coincide) against the strict
 * fakes on 127.0.0.1 into a TEMP cassette folder, then replays it with the fakes closed and no
 * keys, and prints the replay's wall time — the whole `vitest run` process — against its goal
 * (under 5 s for the 45 runs, issue 16), with the machine's load average and the run's CPU time
 * (what the wall time would be on an idle machine, roughly). The same cassettes are then
 * replayed the way a user's project runs them: in a fresh project that installed the packed
 * tarball (nanograde's built JavaScript from node_modules, where this repository's own suite
 * compiles nanograde's TypeScript sources through its alias on every run). Run it with
 * `npm run bench:replay`; it fails only when a replay does, never on time. Nothing is written
 * under fixtures/.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { defaultMatrix } from '../src/models/default-matrix.js';
import { resolveModel } from '../src/models/resolve-model.js';
import { REPO_ROOT, runVitest, spawnVitest } from '../test/e2e/run-vitest.js';
import { ANTHROPIC_FAKE_MODELS, createAnthropicFake } from '../test/fakes/anthropic-fake.js';
import { exampleBrain } from '../test/fakes/example-brains.js';
import type { Brain } from '../test/fakes/fake-types.js';
import { createOllamaFake } from '../test/fakes/ollama-fake.js';
import { createOpenAIFake, DEFAULT_OPENAI_FAKE_MODELS } from '../test/fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../test/fakes/serve-fake.js';
import { installExampleProject } from '../test/package/packed-project.js';
import { goalLine } from './suite-bench/bench-fakes.js';
import { childrenCpuMs } from './suite-bench/children-cpu.js';

const TARGET_MS = 5_000;
const SEED_MODELS = 9;
const EXTRA = ['anthropic:claude-haiku-4-5', 'openai:gpt-6.2-sol', 'anthropic:claude-sonnet-5-5'];
const JUDGE = 'anthropic:claude-haiku-4-5';

// The agent's turns come from the example brains; a judge request gets a grade.
const brain: Brain = (view) =>
  view.toolNames.includes('record_grade')
    ? {
        toolCalls: [
          {
            name: 'record_grade',
            arguments: { reason: 'matches the expected answer', grade: 'A' },
          },
        ],
      }
    : exampleBrain(view);

/** The seed lineup's current ids: the default matrix, topped up to nine distinct models. */
function benchModels(): string[] {
  const models = [...defaultMatrix().models];
  for (const extra of EXTRA)
    if (models.length < SEED_MODELS && !models.includes(extra)) models.push(extra);
  return models;
}

test('replaying the example suite on the nine seed models', async () => {
  const models = benchModels();
  const apiNames = (provider: string) =>
    models
      .map((id) => resolveModel(id))
      .filter((m) => m.provider === provider)
      .map((m) => m.apiModel);
  const cassettes = await mkdtemp(join(tmpdir(), 'nanograde-bench-cassettes-'));
  const work = await mkdtemp(join(tmpdir(), 'nanograde-bench-installed-'));
  const servers: ServedFake[] = await Promise.all([
    serveFake(
      createOpenAIFake({ brain, models: [...DEFAULT_OPENAI_FAKE_MODELS, ...apiNames('openai')] })
        .handler,
    ),
    serveFake(
      createAnthropicFake({ brain, models: [...ANTHROPIC_FAKE_MODELS, ...apiNames('anthropic')] })
        .handler,
    ),
    serveFake(createOllamaFake({ brain, models: apiNames('ollama') }).handler),
  ]);
  const [openai, anthropic, ollama] = servers as [ServedFake, ServedFake, ServedFake];
  const common = {
    NANOGRADE_MODELS: models.join(','),
    NANOGRADE_JUDGE: JUDGE,
    NANOGRADE_FIXTURES_DIR: cassettes,
    OPENAI_BASE_URL: `${openai.url}/v1`,
    ANTHROPIC_BASE_URL: anthropic.url,
    OLLAMA_HOST: ollama.url,
  };
  try {
    const recording = await runVitest({
      root: REPO_ROOT,
      args: [],
      timeoutMs: 240_000,
      env: {
        ...common,
        NANOGRADE_FIXTURES: 'record',
        OPENAI_API_KEY: 'sk-test',
        ANTHROPIC_API_KEY: 'sk-ant-test',
      },
    });
    expect(recording.exitCode, recording.output).toBe(0);
    await Promise.all(servers.map((server) => server.close()));
    let files = 0;
    for (const folder of await readdir(cassettes))
      files += (await readdir(join(cassettes, folder))).length;

    const load = loadavg()[0] ?? 0;
    const cpuBefore = childrenCpuMs();
    const replaying = await runVitest({
      root: REPO_ROOT,
      args: [],
      env: { ...common, NANOGRADE_FIXTURES: 'replay' },
    });
    expect(replaying.exitCode, replaying.output).toBe(0);
    const cpuAfter = childrenCpuMs();
    const cpu =
      cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;

    // The same cassettes, replayed by a project that installed the package.
    const installed = await installExampleProject(work);
    const replayInstalled = () =>
      spawnVitest(['run', '--project', 'agents', '--no-cache', ...installed.exampleFiles], {
        cwd: installed.root,
        vitest: installed.vitest,
        env: { ...common, NANOGRADE_FIXTURES: 'replay', CI: 'true', NANOGRADE_OUT: work },
      });
    // The first run warms the disk cache for the freshly installed files, as any earlier run would.
    expect((await replayInstalled()).exitCode).toBe(0);
    const asInstalled = await replayInstalled();
    expect(asInstalled.exitCode, asInstalled.output).toBe(0);
    // Every run the repository's replay made, and no more.
    const passed = (output: string) => /Tests\s+(\d+) passed/.exec(output)?.[1];
    expect(passed(asInstalled.output)).toBe(passed(replaying.output));
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const lines = [
      '',
      `bench:replay — the example suite on ${models.length} models (${models.join(', ')}): ${files} cassettes; load average ${load.toFixed(1)}`,
      goalLine(
        'replay, in this repository',
        seconds(replaying.durationMs),
        `< ${TARGET_MS / 1000} s`,
        replaying.durationMs < TARGET_MS,
      ),
      // On a busy machine the wall time is mostly waiting for a core: the CPU time says what the
      // replay itself costs (two cores run the main process and the worker side by side).
      `  ${'replay, CPU time of the run'.padEnd(34)} ${cpu === undefined ? 'unknown (no /proc)' : seconds(cpu)}`,
      goalLine(
        'replay, as installed (the package)',
        seconds(asInstalled.durationMs),
        `< ${TARGET_MS / 1000} s`,
        asInstalled.durationMs < TARGET_MS,
      ),
      `  ${'recording it took'.padEnd(34)} ${seconds(recording.durationMs)}`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await Promise.all(servers.map((server) => server.close().catch(() => undefined)));
    await rm(cassettes, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
});
