import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { agentsProject } from '../../src/report/agents-project.js';

afterEach(() => {
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

describe('agentsProject: files in parallel under run-wide provider limits', () => {
  test('reuses workers across files, starts the slot coordinator, and keeps Vitest from capping the tests waiting for a slot', () => {
    vi.stubEnv('NANOGRADE_FIXTURES', '');
    const { test: config } = agentsProject({ models: ['gpt-5-mini'] });
    expect(config).toMatchObject({ isolate: false, pool: 'threads', maxWorkers: 4 });
    expect(config?.maxConcurrency).toBeGreaterThanOrEqual(10_000);
    const setups = config?.globalSetup as string[];
    expect(setups).toHaveLength(1);
    expect(setups[0]).toMatch(/slot-coordinator-setup\.ts$/);
    expect(existsSync(setups[0] as string)).toBe(true);
  });

  test('a replay (CPU work) defaults to one worker per core less one', () => {
    vi.stubEnv('NANOGRADE_FIXTURES', 'replay');
    expect(agentsProject({ models: ['gpt-5-mini'] }).test?.maxWorkers).toBe(
      Math.max(1, availableParallelism() - 1),
    );
  });

  test('hands the limits and maxConcurrency to the workers; maxWorkers and pool go to Vitest', () => {
    const { test: config } = agentsProject({
      models: ['gpt-5-mini'],
      maxWorkers: 6,
      pool: 'forks',
      maxConcurrency: 3,
      concurrency: { openai: 2, ollama: { max: 2, per: 'provider' } },
    });
    expect(config).toMatchObject({ maxWorkers: 6, pool: 'forks' });
    expect(config?.provide?.nanograde).toMatchObject({
      maxConcurrency: 3,
      concurrency: { openai: 2, ollama: { max: 2, per: 'provider' } },
    });
    expect(config?.provide?.nanograde).not.toHaveProperty('maxWorkers');
  });

  test('a bad worker count, pool or limit fails the configuration (exit 2), naming the option', () => {
    for (const [options, named] of [
      [{ maxWorkers: 0 }, 'maxWorkers'],
      [{ pool: 'vmThreads' }, 'pool'],
      [{ concurrency: { openai: { max: 2, per: 'model', burst: 3 } } }, 'burst'],
      [{ concurrency: { opnai: 2 } }, 'opnai'],
    ] as const) {
      process.exitCode = undefined;
      expect(() => agentsProject({ models: ['gpt-5-mini'], ...(options as object) })).toThrow(
        named,
      );
      expect(process.exitCode).toBe(2);
    }
  });
});
