import { describe, expect, test } from 'vitest';
import { ProviderSlots } from '../../src/providers/provider-limiters.js';
import {
  describeLimitRule,
  runWideConcurrency,
  shardConcurrency,
  strictestRule,
} from '../../src/providers/run-wide-limits.js';
import type { LimitRule } from '../../src/providers/slot-limits.js';

const rule = (overrides: Partial<LimitRule>): LimitRule => ({
  max: 8,
  per: 'provider',
  adaptive: true,
  recoverMs: 10_000,
  ...overrides,
});

describe('strictestRule', () => {
  test('keeps every rule: the lowest max, adaptive if any is, the slowest recovery', () => {
    expect(
      strictestRule(
        rule({ max: 4, adaptive: false, recoverMs: 5_000 }),
        rule({ max: 16, adaptive: true, recoverMs: 30_000 }),
      ),
    ).toEqual(rule({ max: 4, adaptive: true, recoverMs: 30_000 }));
  });

  test('one limit for the whole provider wins over one per model: it bounds each model too', () => {
    // Per provider 2 and per model 1: 1 at once in all keeps both (≤ 2 in all, ≤ 1 a model).
    expect(
      strictestRule(rule({ max: 2, per: 'provider' }), rule({ max: 1, per: 'model' })),
    ).toMatchObject({ max: 1, per: 'provider' });
    expect(strictestRule(rule({ per: 'model' }), rule({ per: 'model' })).per).toBe('model');
  });

  test('a single rule is itself', () => {
    expect(strictestRule(rule({ max: 3 }))).toEqual(rule({ max: 3 }));
  });
});

describe('runWideConcurrency', () => {
  test('the lowest of the limits the projects set holds for the run, and the disagreement is named', () => {
    const { concurrency, disagreements } = runWideConcurrency(
      [
        { name: 'agents', concurrency: { openai: 4 } },
        { name: 'evals', concurrency: { openai: { max: 16, adaptive: false } } },
      ],
      {},
    );
    expect(concurrency).toEqual({
      openai: { max: 4, per: 'provider', adaptive: true, recoverMs: 10_000 },
    });
    expect(disagreements).toEqual([
      {
        provider: 'openai',
        rules: [
          { project: 'agents', rule: rule({ max: 4 }) },
          { project: 'evals', rule: rule({ max: 16, adaptive: false }) },
        ],
        runWide: rule({ max: 4 }),
      },
    ]);
  });

  test('a project that does not set a provider has no say: the one that does decides, above the default too', () => {
    const { concurrency, disagreements } = runWideConcurrency(
      [
        { name: 'agents', concurrency: { anthropic: 16 } },
        { name: 'examples' },
        { name: 'evals', concurrency: { openai: 2 } },
      ],
      {},
    );
    expect(concurrency).toEqual({
      anthropic: rule({ max: 16 }),
      openai: rule({ max: 2 }),
    });
    expect(disagreements).toEqual([]);
  });

  test('no project sets a limit: every provider keeps its defaults', () => {
    expect(runWideConcurrency([{ name: 'agents' }, { name: 'examples' }], {})).toEqual({
      concurrency: {},
      disagreements: [],
    });
  });

  test('the same rule written two ways is no disagreement; a fixed limit ignores its recovery time', () => {
    const { disagreements } = runWideConcurrency(
      [
        { name: 'a', concurrency: { openai: 4, anthropic: { max: 2, adaptive: false } } },
        {
          name: 'b',
          concurrency: {
            openai: { max: 4, per: 'provider', adaptive: true, recoverMs: 10_000 },
            anthropic: { max: 2, adaptive: false, recoverMs: 60_000 },
          },
        },
      ],
      {},
    );
    expect(disagreements).toEqual([]);
  });

  test("Ollama keeps its per-model rule, and a project's max defaults to OLLAMA_NUM_PARALLEL", () => {
    const env = { OLLAMA_NUM_PARALLEL: '3' };
    const { concurrency } = runWideConcurrency(
      [
        { name: 'a', concurrency: { ollama: { recoverMs: 20_000 } } },
        { name: 'b', concurrency: { ollama: 4 } },
      ],
      env,
    );
    expect(concurrency).toEqual({
      ollama: { max: 3, per: 'model', adaptive: false, recoverMs: 20_000 },
    });
  });

  test('the run-wide concurrency is an ordinary setting: the slots apply it as the strictest rule', async () => {
    const { concurrency } = runWideConcurrency(
      [
        { name: 'a', concurrency: { ollama: { max: 2, per: 'provider' } } },
        { name: 'b', concurrency: { ollama: 1 } },
      ],
      {},
    );
    const slots = new ProviderSlots({ concurrency, env: {} });
    let inFlight = 0;
    let peak = 0;
    const run = (model: string) =>
      slots.run({ pool: 'agent', provider: 'ollama', model }, async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight -= 1;
      });
    // Two models: per model 1 would let both run at once; per provider 2 too; together, 1.
    await Promise.all([run('gpt-oss:20b'), run('gpt-oss:120b'), run('gpt-oss:20b')]);
    expect(peak).toBe(1);
    expect(slots.states()).toEqual([{ key: 'agent ollama', inFlight: 0, waiting: 0, limit: 1 }]);
  });
});

test('describeLimitRule says a rule in words', () => {
  expect(describeLimitRule(rule({ max: 8 }))).toBe('8 at once, adaptive (one more every 10 s)');
  expect(describeLimitRule(rule({ max: 1, per: 'model', adaptive: false }))).toBe(
    '1 at once per model, fixed',
  );
});

describe('shardConcurrency', () => {
  test('splits each cloud provider limit between the shards, rounding down, at least 1', () => {
    const { concurrency, shares } = shardConcurrency(
      { openai: 5, anthropic: { max: 16, adaptive: false } },
      3,
      {},
    );
    expect(concurrency.openai).toMatchObject({ max: 1, adaptive: true, per: 'provider' });
    // A fixed limit stays fixed; only its size is shared.
    expect(concurrency.anthropic).toMatchObject({ max: 5, adaptive: false });
    // The default (8) is split too.
    expect(concurrency['openai-compatible']).toMatchObject({ max: 2 });
    expect(shares.map(({ provider, whole, share }) => [provider, whole.max, share])).toEqual([
      ['openai', 5, 1],
      ['anthropic', 16, 5],
      ['openai-compatible', 8, 2],
    ]);
    // Three shards of 1, 5 and 2: never more than the whole limit at once.
    for (const { whole, share } of shares)
      expect(share * 3).toBeLessThanOrEqual(Math.max(whole.max, 3));
  });

  test("leaves Ollama's limits whole: they belong to each machine's own server", () => {
    const { concurrency } = shardConcurrency({ ollama: { max: 2, per: 'provider' } }, 4, {});
    expect(concurrency.ollama).toEqual({ max: 2, per: 'provider' });
    expect(shardConcurrency({}, 4, {}).concurrency.ollama).toBeUndefined();
  });

  test('changes nothing for a run that is not split', () => {
    const concurrency = { openai: 4 };
    expect(shardConcurrency(concurrency, 1, {})).toEqual({ concurrency, shares: [] });
  });
});
