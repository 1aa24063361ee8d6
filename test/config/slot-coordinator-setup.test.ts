import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { TestProject } from 'vitest/node';
import type { NanogradeOptions } from '../../src/config/nanograde-options.js';
import setup from '../../src/config/slot-coordinator-setup.js';
import { connectSlotCoordinator } from '../../src/providers/slot-client.js';
import type { SlotRequest } from '../../src/providers/slot-limits.js';
import { REPO_ROOT } from '../e2e/run-vitest.js';

const OPENAI: SlotRequest = { pool: 'agent', provider: 'openai', model: 'gpt-5' };

/**
 * The part of a Vitest run the global setup reads: its projects (each with the `nanograde` it
 * provides, or none for a project agentsProject did not make), their `provide`, the logger, and
 * the run's `--shard`. The real Vitest runs it in test/e2e/run-wide-limits.slow.test.ts.
 */
function fakeRun(
  projects: { name: string; nanograde?: NanogradeOptions }[],
  shard?: { index: number; count: number },
) {
  const warnings: string[] = [];
  const vitest = {
    projects: [] as unknown[],
    config: shard ? { shard } : {},
    logger: { warn: (message: string) => warnings.push(message) },
  };
  const made = projects.map(({ name, nanograde }) => {
    const provided: Record<string, unknown> = {};
    const project = {
      name,
      vitest,
      config: { provide: nanograde ? { nanograde } : {} },
      provide: (key: string, value: unknown) => {
        provided[key] = value;
      },
    };
    return { project: project as unknown as TestProject, provided };
  });
  vitest.projects = made.map(({ project }) => project);
  return { projects: made, warnings };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs a project's global setup; its teardown runs after the test unless the test ran it. */
async function setUp(project: TestProject): Promise<() => Promise<void>> {
  const teardown = await setup(project);
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    await teardown();
  };
  cleanups.push(once);
  return once;
}

function link(address: unknown) {
  const opened = connectSlotCoordinator(String(address));
  cleanups.push(() => opened.close());
  return opened;
}

type Link = ReturnType<typeof link>;

/** The most tasks at once when each of `askers` asks for an OpenAI slot for a 15 ms task. */
async function peakOf(askers: Link[]): Promise<number> {
  let inFlight = 0;
  let peak = 0;
  await Promise.all(
    askers.map((slots) =>
      slots.run(OPENAI, async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 15));
        inFlight -= 1;
      }),
    ),
  );
  return peak;
}

const times = (count: number, slots: Link): Link[] => Array.from({ length: count }, () => slots);

describe('the agents projects of one Vitest run share one slot coordinator', () => {
  test('every project gets the same address; the coordinator outlives all but the last teardown', async () => {
    const { projects } = fakeRun([
      { name: 'agents', nanograde: {} },
      { name: 'examples', nanograde: {} },
    ]);
    const [agents, examples] = projects as [(typeof projects)[0], (typeof projects)[0]];
    const tearDownAgents = await setUp(agents.project);
    const tearDownExamples = await setUp(examples.project);
    expect(agents.provided.nanogradeSlots).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(examples.provided.nanogradeSlots).toBe(agents.provided.nanogradeSlots);

    await tearDownAgents();
    // The examples' workers still get their slots.
    expect(await peakOf(times(2, link(examples.provided.nanogradeSlots)))).toBe(2);

    await tearDownExamples();
    await expect(
      link(examples.provided.nanogradeSlots).run(OPENAI, async () => 'ran'),
    ).rejects.toThrow(/cannot be reached|closed the connection/);
  });

  test('the limits hold across the projects: workers of both count against one limit', async () => {
    const { projects } = fakeRun([
      { name: 'agents', nanograde: { concurrency: { openai: 2 } } },
      { name: 'examples', nanograde: { concurrency: { openai: 2 } } },
    ]);
    for (const { project } of projects) await setUp(project);
    const [first, second] = projects.map(({ provided }) => link(provided.nanogradeSlots));
    if (!first || !second) throw new Error('two links expected');
    // Each project's limit is 2; with a coordinator each, 4 would run at once.
    expect(await peakOf([...times(3, first), ...times(3, second)])).toBe(2);
  });

  test("a rate limit one project's worker met slows the other project's workers too", async () => {
    const { projects } = fakeRun([
      { name: 'agents', nanograde: { concurrency: { openai: 2 } } },
      { name: 'examples', nanograde: {} },
    ]);
    for (const { project } of projects) await setUp(project);
    const [agents, examples] = projects.map(({ provided }) => link(provided.nanogradeSlots));
    if (!agents || !examples) throw new Error('two links expected');
    expect(await peakOf(times(3, examples))).toBe(2);
    agents.report({ provider: 'openai', kind: 'rate_limited' });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the news is on its way
    expect(await peakOf(times(3, examples))).toBe(1);
  });

  test('differing limits: the strictest holds run-wide, said once on the terminal as the README shows', async () => {
    const { projects, warnings } = fakeRun([
      { name: 'agents', nanograde: { concurrency: { openai: 4 } } },
      { name: 'plain' }, // not an agents project: no say
      { name: 'evals', nanograde: { concurrency: { openai: 16 } } },
    ]);
    const [agents, , evals] = projects;
    for (const each of [agents, evals]) await setUp(each?.project as TestProject);
    expect(await peakOf(times(6, link(evals?.provided.nanogradeSlots)))).toBe(4);
    expect(warnings).toEqual([
      'nanograde: the agents projects of this run set different limits for openai (agents: 4 at once, adaptive (one more every 10 s); evals: 16 at once, adaptive (one more every 10 s)). Provider limits belong to an API key, not to a project, so the strictest holds across the whole run: 4 at once, adaptive (one more every 10 s).',
    ]);
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\n${warnings[0]}\n`);
  });

  test('a project whose files have not run yet counts: the limits do not change between watch re-runs', async () => {
    const { projects } = fakeRun([
      { name: 'agents', nanograde: {} },
      { name: 'evals', nanograde: { concurrency: { openai: 1 } } },
    ]);
    // Only the agents project has files in the first run: its setup alone runs.
    await setUp(projects[0]?.project as TestProject);
    expect(await peakOf(times(3, link(projects[0]?.provided.nanogradeSlots)))).toBe(1);
  });

  test('after the last teardown (a watch restart), the next setup starts a new coordinator', async () => {
    const { projects } = fakeRun([{ name: 'agents', nanograde: {} }]);
    const [agents] = projects as [(typeof projects)[0]];
    const tearDown = await setUp(agents.project);
    const before = agents.provided.nanogradeSlots;
    await tearDown();
    await setUp(agents.project);
    expect(agents.provided.nanogradeSlots).not.toBe(before);
    expect(await peakOf(times(2, link(agents.provided.nanogradeSlots)))).toBe(2);
  });

  test('two Vitest runs in one process (the programmatic API) have a coordinator each', async () => {
    const one = fakeRun([{ name: 'agents', nanograde: { concurrency: { openai: 1 } } }]);
    const other = fakeRun([{ name: 'agents', nanograde: {} }]);
    await setUp(one.projects[0]?.project as TestProject);
    await setUp(other.projects[0]?.project as TestProject);
    const address = other.projects[0]?.provided.nanogradeSlots;
    expect(address).not.toBe(one.projects[0]?.provided.nanogradeSlots);
    expect(await peakOf(times(3, link(address)))).toBe(3);
  });

  test("a shard keeps its share of each cloud provider's limit, and says so", async () => {
    const { projects, warnings } = fakeRun(
      [{ name: 'agents', nanograde: { concurrency: { openai: 4 } } }],
      { index: 2, count: 3 },
    );
    const [agents] = projects;
    if (!agents) throw new Error('one project expected');
    await setUp(agents.project);
    // 4 split between 3 shards that run at once: 1 each, 3 in all.
    expect(await peakOf(times(3, link(agents.provided.nanogradeSlots)))).toBe(1);
    expect(warnings).toEqual([
      "nanograde: shard 2/3. The shards of a run go at once on the same API keys, so each keeps its share of the cloud providers' limits: OpenAI 1 at once (of 4), Anthropic 2 at once (of 8), OpenAI-compatible server 2 at once (of 8); Ollama's stay whole (each shard's machine has its own server). Set `concurrency` to what your keys allow for the whole run.",
    ]);
  });
});
