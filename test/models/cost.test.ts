import { describe, expect, test } from 'vitest';
import { createCatalog, defaultCatalog, findModel } from '../../src/models/catalog.js';
import { costOf, costOfRequests, pricingOf, ratesFor } from '../../src/models/cost.js';
import { resolveModel } from '../../src/models/resolve-model.js';
import type { Usage } from '../../src/records/agent-run.js';

const usage = (parts: Partial<Usage>): Usage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  ...parts,
});

describe('costOf', () => {
  test('gpt-5 with cached input and reasoning tokens bills reasoning once, as output', () => {
    // gpt-5: input 1.25, cached 0.125, output 10 USD per million tokens.
    // fresh input 12,000 − 8,000 = 4,000 × 1.25 / 1e6 = 0.005
    // cached        8,000 × 0.125 / 1e6           = 0.001
    // output        3,000 (2,000 of it reasoning) × 10 / 1e6 = 0.03
    // total 0.036 (counting reasoning twice would give 0.056)
    const run = usage({
      inputTokens: 12_000,
      cachedInputTokens: 8_000,
      outputTokens: 3_000,
      reasoningTokens: 2_000,
    });
    expect(costOf(resolveModel('openai:gpt-5'), run)).toBe(0.036);
  });

  test('Sonnet 4.5 with cache reads and 5-minute cache writes', () => {
    // Sonnet 4.5: input 3, cache write 3.75, cache hit 0.30, output 15 USD per million tokens.
    // fresh input 50,000 − 30,000 − 10,000 = 10,000 × 3 / 1e6 = 0.03
    // cache reads  30,000 × 0.30 / 1e6 = 0.009
    // cache writes 10,000 × 3.75 / 1e6 = 0.0375
    // output        2,000 × 15 / 1e6   = 0.03
    // total 0.1065
    const run = usage({
      inputTokens: 50_000,
      cachedInputTokens: 30_000,
      cacheWriteTokens: 10_000,
      outputTokens: 2_000,
      reasoningTokens: 500,
    });
    expect(costOf(resolveModel('claude-sonnet-4-5'), run)).toBe(0.1065);
  });

  test('is exact where naive float sums are not', () => {
    // gpt-5-nano: input 0.05, cached 0.005, output 0.40 USD per million tokens.
    // fresh 700 × 0.05 = 35, cached 300 × 0.005 = 1.5, output 900 × 0.40 = 360 micro-dollars
    // total 396.5 micro-dollars = 0.0003965 (naive floats give 0.00039650000000000004).
    const run = usage({ inputTokens: 1_000, cachedInputTokens: 300, outputTokens: 900 });
    const naive = (700 * 0.05) / 1e6 + (300 * 0.005) / 1e6 + (900 * 0.4) / 1e6;
    expect(naive).not.toBe(0.0003965);
    expect(costOf(resolveModel('gpt-5-nano'), run)).toBe(0.0003965);
  });

  test('accepts a catalog entry as well as a resolved model', () => {
    // Haiku 4.5: 1,000 fresh × 1 + 1,000 output × 5 = 6,000 micro-dollars = 0.006
    const entry = findModel(defaultCatalog, 'claude-haiku-4-5');
    if (entry === undefined) throw new Error('Haiku 4.5 is in the catalog');
    expect(costOf(entry, usage({ inputTokens: 1_000, outputTokens: 1_000 }))).toBe(0.006);
  });

  test('bills cache writes at the input price when a model has no cache-write price', () => {
    // gpt-5-mini has no cacheWrite: 1,000 writes × 0.25 = 250 micro-dollars = 0.00025
    const run = usage({ inputTokens: 1_000, cacheWriteTokens: 1_000 });
    expect(costOf(resolveModel('gpt-5-mini'), run)).toBe(0.00025);
  });

  test('local models cost 0, catalog-listed or not', () => {
    const run = usage({ inputTokens: 90_000, outputTokens: 5_000, reasoningTokens: 4_000 });
    expect(costOf(resolveModel('ollama:gpt-oss:20b'), run)).toBe(0);
    expect(costOf(resolveModel('ollama:qwen3:8b'), run)).toBe(0);
    expect(pricingOf(resolveModel('gpt-oss:120b'))).toBe('local');
  });

  test('an unknown price gives null, never 0', () => {
    const run = usage({ inputTokens: 1_000, outputTokens: 100 });
    expect(costOf(resolveModel('openai:gpt-4.1'), run)).toBeNull();
    expect(pricingOf(resolveModel('openai:gpt-4.1'))).toBe('unknown');
    const withoutPrice = createCatalog({ prices: { 'gpt-5': null } });
    expect(costOf(resolveModel('gpt-5', withoutPrice), run)).toBeNull();
    const env = { OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:8000/v1' };
    expect(costOf(resolveModel('openai-compatible:m', defaultCatalog, env), run)).toBeNull();
  });

  test("a user's price override is used instead of the built-in one", () => {
    // Overridden gpt-5-mini: input 0.20, cached 0.02, output 1.60.
    // fresh 10,000 − 5,000 = 5,000 × 0.20 = 1,000; cached 5,000 × 0.02 = 100;
    // output 1,000 × 1.60 = 1,600 micro-dollars; total 2,700 = 0.0027
    // (the built-in price would give 1,250 + 125 + 2,000 = 3,375 = 0.003375).
    const catalog = createCatalog({
      prices: { 'gpt-5-mini': { input: 0.2, cachedInput: 0.02, output: 1.6 } },
    });
    const run = usage({ inputTokens: 10_000, cachedInputTokens: 5_000, outputTokens: 1_000 });
    expect(costOf(resolveModel('gpt-5-mini', catalog), run)).toBe(0.0027);
    expect(costOf(resolveModel('gpt-5-mini'), run)).toBe(0.003375);
  });

  test("a user-added model is billed at the user's price", () => {
    // qwen3-coder: input 0.20, cachedInput defaults to input, output 0.80.
    // fresh 3,000 × 0.20 = 600; cached 1,000 × 0.20 = 200; output 2,500 × 0.80 = 2,000
    // micro-dollars; total 2,800 = 0.0028
    const catalog = createCatalog({
      models: [
        {
          id: 'openai-compatible:qwen3-coder',
          baseURL: 'http://127.0.0.1:8000/v1',
          price: { input: 0.2, output: 0.8 },
        },
      ],
    });
    const run = usage({ inputTokens: 4_000, cachedInputTokens: 1_000, outputTokens: 2_500 });
    const model = resolveModel('openai-compatible:qwen3-coder', catalog, {});
    expect(pricingOf(model)).toBe('priced');
    expect(costOf(model, run)).toBe(0.0028);
  });

  test('no usage costs 0 on a priced model', () => {
    expect(costOf(resolveModel('claude-opus-4-5'), usage({}))).toBe(0);
  });

  test('refuses usage that is not normalised instead of billing a wrong amount', () => {
    const model = resolveModel('gpt-5');
    expect(() =>
      costOf(model, usage({ inputTokens: 100, cachedInputTokens: 80, cacheWriteTokens: 30 })),
    ).toThrowError(/usage is not normalised/);
    expect(() => costOf(model, usage({ outputTokens: 10, reasoningTokens: 11 }))).toThrowError(
      RangeError,
    );
    expect(() => costOf(model, usage({ inputTokens: 1.5 }))).toThrowError();
  });
});

describe('tiered prices', () => {
  test('Haiku 5.5 bills a prompt of exactly 100,000 tokens at the lower band', () => {
    // ≤ 100,000: input 0.10, cache hit 0.01, 5-min write 0.125, output 0.50 USD per million.
    // fresh 100,000 − 60,000 − 10,000 = 30,000 × 0.10 = 3,000 micro-dollars
    // cache reads 60,000 × 0.01 = 600; cache writes 10,000 × 0.125 = 1,250; output 2,000 × 0.50 = 1,000
    // total 5,850 micro-dollars = 0.00585
    const run = usage({
      inputTokens: 100_000,
      cachedInputTokens: 60_000,
      cacheWriteTokens: 10_000,
      outputTokens: 2_000,
    });
    expect(costOf(resolveModel('claude-haiku-5-5'), run)).toBe(0.00585);
  });

  test('Haiku 5.5 bills a prompt of 100,001 tokens, output included, at the higher band', () => {
    // > 100,000: input 0.50, cache hit 0.05, 5-min write 0.625, output 2.50 USD per million.
    // fresh 30,001 × 0.50 = 15,000.5; cache reads 60,000 × 0.05 = 3,000;
    // cache writes 10,000 × 0.625 = 6,250; output 2,000 × 2.50 = 5,000
    // total 29,250.5 micro-dollars = 0.0292505
    const run = usage({
      inputTokens: 100_001,
      cachedInputTokens: 60_000,
      cacheWriteTokens: 10_000,
      outputTokens: 2_000,
    });
    expect(costOf(resolveModel('claude-haiku-5-5'), run)).toBe(0.0292505);
  });

  test('cache reads count towards the prompt length that picks the band', () => {
    // 100,500 input of which 100,000 cache reads: the prompt is over 100,000, so the higher band.
    // fresh 500 × 0.50 = 250; cache reads 100,000 × 0.05 = 5,000; output 100 × 2.50 = 250
    // total 5,500 micro-dollars = 0.0055 (the lower band would give 50 + 1,000 + 50 = 0.0011)
    const run = usage({ inputTokens: 100_500, cachedInputTokens: 100_000, outputTokens: 100 });
    expect(costOf(resolveModel('claude-haiku-5-5'), run)).toBe(0.0055);
  });

  test('a run is billed request by request, so two short prompts stay in the lower band', () => {
    // Each turn: 60,000 × 0.10 + 1,000 × 0.50 = 6,500 micro-dollars; two turns = 13,000 = 0.013.
    // Billing their sum as one 120,000-token request would give 60,000 + 5,000 = 0.065.
    const turn = usage({ inputTokens: 60_000, outputTokens: 1_000 });
    const haiku = resolveModel('claude-haiku-5-5');
    expect(costOfRequests(haiku, [turn, turn])).toBe(0.013);
    expect(costOf(haiku, usage({ inputTokens: 120_000, outputTokens: 2_000 }))).toBe(0.065);
  });

  test('GPT-6.1 Sol bills more than 272K input tokens at 2x input and cache, 1.5x output', () => {
    // 272,000 input (not more): fresh 72,000 × 2 = 144,000; cached 200,000 × 0.10 = 20,000;
    // output 1,000 × 10 = 10,000; total 174,000 micro-dollars = 0.174
    const sol = resolveModel('gpt-6.1-sol');
    const at = usage({ inputTokens: 272_000, cachedInputTokens: 200_000, outputTokens: 1_000 });
    expect(costOf(sol, at)).toBe(0.174);
    // 272,001 input: fresh 72,001 × 4 = 288,004; cached 200,000 × 0.20 = 40,000;
    // output 1,000 × 15 = 15,000; total 343,004 micro-dollars = 0.343004
    const over = usage({ inputTokens: 272_001, cachedInputTokens: 200_000, outputTokens: 1_000 });
    expect(costOf(sol, over)).toBe(0.343004);
  });

  test('a tier without a cache-write price bills writes at its own input price', () => {
    // User price: base 1 / 2, tier above 1,000 input: 3 / 4 (cachedInput defaults to 3).
    // 2,000 input, 500 cache reads, 300 cache writes, 100 output:
    // fresh 1,200 × 3 = 3,600; reads 500 × 3 = 1,500; writes 300 × 3 = 900; output 100 × 4 = 400
    // total 6,400 micro-dollars = 0.0064
    const catalog = createCatalog({
      prices: {
        'openai:my-model': {
          input: 1,
          output: 2,
          tiers: [{ aboveInputTokens: 1_000, input: 3, output: 4 }],
        },
      },
    });
    const run = usage({
      inputTokens: 2_000,
      cachedInputTokens: 500,
      cacheWriteTokens: 300,
      outputTokens: 100,
    });
    expect(costOf(resolveModel('openai:my-model', catalog), run)).toBe(0.0064);
  });

  test('ratesFor picks the highest tier a request is above', () => {
    const price = {
      input: 1,
      cachedInput: 0.1,
      output: 2,
      tiers: [
        { aboveInputTokens: 10, input: 3, cachedInput: 0.3, output: 4 },
        { aboveInputTokens: 20, input: 5, cachedInput: 0.5, output: 6, cacheWrite: 7 },
      ],
      source: 'test',
      readOn: '2026-11-23',
    };
    expect(ratesFor(price, 10)).toEqual({ input: 1, cachedInput: 0.1, output: 2 });
    expect(ratesFor(price, 11)).toEqual({ input: 3, cachedInput: 0.3, output: 4 });
    expect(ratesFor(price, 20)).toEqual({ input: 3, cachedInput: 0.3, output: 4 });
    expect(ratesFor(price, 21)).toEqual({ input: 5, cachedInput: 0.5, output: 6, cacheWrite: 7 });
  });
});

describe('the current Claude prices', () => {
  test('Sonnet 5.5 cache hits cost 0.10 per million tokens', () => {
    // fresh 2,000 × 2 = 4,000; cache reads 10,000 × 0.10 = 1,000; output 1,000 × 10 = 10,000
    // total 15,000 micro-dollars = 0.015
    const run = usage({ inputTokens: 12_000, cachedInputTokens: 10_000, outputTokens: 1_000 });
    expect(costOf(resolveModel('claude-sonnet-5-5'), run)).toBe(0.015);
  });

  test('Opus 5.5 with cache reads and 5-minute cache writes', () => {
    // fresh 20,000 − 4,000 − 8,000 = 8,000 × 4 = 32,000; writes 8,000 × 5 = 40,000;
    // reads 4,000 × 0.20 = 800; output 500 × 20 = 10,000; total 82,800 micro-dollars = 0.0828
    const run = usage({
      inputTokens: 20_000,
      cachedInputTokens: 4_000,
      cacheWriteTokens: 8_000,
      outputTokens: 500,
      reasoningTokens: 200,
    });
    expect(costOf(resolveModel('claude-opus-5-5'), run)).toBe(0.0828);
  });
});
