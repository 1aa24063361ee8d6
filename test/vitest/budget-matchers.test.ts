import { describe, expect, test } from 'vitest';
import { nanogradeMatchers } from '../../src/vitest/matchers/index.js';
import { makeRun, toolCall } from './agent-run-factory.js';

expect.extend(nanogradeMatchers);

const run = makeRun({
  turns: 3,
  costUsd: 0.0123,
  durationMs: 4250,
  toolCalls: [toolCall('read_file', { file_path: 'notes.txt' })],
});

describe('toUseAtMostTurns', () => {
  test('passes at and under the limit', () => {
    expect(run).toUseAtMostTurns(3);
    expect(run).toUseAtMostTurns(10);
  });

  test('fails over the limit, showing what the run did', () => {
    expect(() => expect(run).toUseAtMostTurns(2)).toThrow(
      'expected the run to use at most 2 turns, but it used 3\n' +
        'Run: openai:gpt-5-mini · 3 turns · $0.012 · 4.3s\n' +
        'Tool calls (1):\n' +
        '  1. [turn 1] read_file {"file_path":"notes.txt"} ✓\n',
    );
  });

  test('.not both ways', () => {
    expect(run).not.toUseAtMostTurns(2);
    expect(() => expect(run).not.toUseAtMostTurns(3)).toThrow(
      /^expected the run to use more than 3 turns, but it used 3\n/,
    );
  });

  test('says when the run ended early', () => {
    const stopped = makeRun({
      turns: 20,
      error: { kind: 'max_turns', message: 'the run reached its limit of 20 turns' },
    });
    expect(() => expect(stopped).toUseAtMostTurns(5)).toThrow(
      /\nThe run ended with max_turns: the run reached its limit of 20 turns\n/,
    );
  });

  test('rejects a limit that is not a whole number', () => {
    expect(() => expect(run).toUseAtMostTurns(2.5)).toThrow(
      /toUseAtMostTurns expects a whole number of turns \(0 or more\), got 2\.5/,
    );
    // @ts-expect-error — the limit is a number
    expect(() => expect(run).toUseAtMostTurns('4')).toThrow(TypeError);
  });
});

describe('toCostAtMost', () => {
  test('passes at and under the limit', () => {
    expect(run).toCostAtMost(0.0123);
    expect(run).toCostAtMost(0.05);
    expect(makeRun({ model: 'ollama:gpt-oss:20b', costUsd: 0 })).toCostAtMost(0);
  });

  test('fails over the limit', () => {
    expect(() => expect(run).toCostAtMost(0.01)).toThrow(
      /^expected the run to cost at most \$0\.010, but it cost \$0\.012\nRun: /,
    );
  });

  test('shows exact numbers when rounding would hide the difference', () => {
    expect(() => expect(makeRun({ costUsd: 0.010004 })).toCostAtMost(0.01)).toThrow(
      /^expected the run to cost at most \$0\.01, but it cost \$0\.010004\n/,
    );
  });

  test('.not both ways', () => {
    expect(run).not.toCostAtMost(0.01);
    expect(() => expect(run).not.toCostAtMost(0.02)).toThrow(
      /^expected the run to cost more than \$0\.020, but it cost \$0\.012\n/,
    );
  });

  test('an unknown price fails, with and without .not, and says how to set it', () => {
    const unpriced = makeRun({ model: 'openai-compatible:qwen3-coder', costUsd: null });
    expect(() => expect(unpriced).toCostAtMost(1)).toThrow(
      /^cannot check expect\(run\)\.toCostAtMost\(\$1\.00\): the price of openai-compatible:qwen3-coder is unknown, so the run's cost is unknown \(nanograde never counts an unknown price as \$0\)\. To grade cost, add the model's price to the catalog overrides, e\.g\. prices: /,
    );
    expect(() => expect(unpriced).not.toCostAtMost(1)).toThrow(
      /^cannot check expect\(run\)\.not\.toCostAtMost\(\$1\.00\): the price of openai-compatible:qwen3-coder is unknown/,
    );
  });

  test('rejects a negative or non-numeric limit', () => {
    expect(() => expect(run).toCostAtMost(-1)).toThrow(
      /toCostAtMost expects a cost in USD \(a number, 0 or more\), got -1/,
    );
    expect(() => expect(run).toCostAtMost(Number.NaN)).toThrow(TypeError);
  });
});

describe('toFinishWithin', () => {
  test('passes at and under the limit', () => {
    expect(run).toFinishWithin(4250);
    expect(run).toFinishWithin(30_000);
  });

  test('fails over the limit, in readable units', () => {
    expect(() => expect(run).toFinishWithin(2000)).toThrow(
      /^expected the run to finish within 2\.0s, but it took 4\.3s\n/,
    );
    expect(() => expect(makeRun({ durationMs: 125_000 })).toFinishWithin(60_000)).toThrow(
      /^expected the run to finish within 1m 00s, but it took 2m 05s\n/,
    );
    expect(() => expect(makeRun({ durationMs: 4230 })).toFinishWithin(4200)).toThrow(
      /^expected the run to finish within 4200ms, but it took 4230ms\n/,
    );
  });

  test('.not both ways', () => {
    expect(run).not.toFinishWithin(1000);
    expect(() => expect(run).not.toFinishWithin(5000)).toThrow(
      /^expected the run to take longer than 5\.0s, but it took 4\.3s\n/,
    );
  });

  test('rejects a bad duration', () => {
    expect(() => expect(run).toFinishWithin(Number.POSITIVE_INFINITY)).toThrow(
      /toFinishWithin expects a duration in milliseconds \(a number, 0 or more\), got Infinity/,
    );
  });
});
