import { describe, expect, it } from 'vitest';
import {
  firstLine,
  formatDuration,
  formatRatio,
  formatTokens,
  formatUsd,
  plural,
} from '../../src/format/format-values.js';

// One formatter for tables, reports, bar checks, matcher messages and the CLI.
describe('numbers for people', () => {
  it('writes durations compactly', () => {
    expect(
      [0, 850, 4_200, 4_250, 59_940, 60_000, 65_000, 125_400, 3_723_000].map(formatDuration),
    ).toEqual(['0ms', '850ms', '4.2s', '4.3s', '59.9s', '1m 00s', '1m 05s', '2m 05s', '1h 02m']);
  });

  it('writes token counts compactly', () => {
    expect([950, 1_000, 1_234, 12_345, 123_456, 1_234_567].map(formatTokens)).toEqual([
      '950',
      '1k',
      '1.2k',
      '12.3k',
      '123k',
      '1.23M',
    ]);
  });

  it('writes dollars: ? unknown, cents to three places, two significant digits below a cent', () => {
    expect(
      [null, 0, 12.345, 1.254, 0.5, 0.1234, 0.0123, 0.000123456, 0.00046, 0.000_000_4].map(
        formatUsd,
      ),
    ).toEqual([
      '?',
      '$0',
      '$12.35',
      '$1.25',
      '$0.500',
      '$0.123',
      '$0.012',
      '$0.00012',
      '$0.00046',
      '<$0.000001',
    ]);
  });

  it('writes ratios, counts with their noun and first lines', () => {
    expect([1, 2.44, 13.4].map(formatRatio)).toEqual(['1.0×', '2.4×', '13×']);
    expect([plural(1, 'turn'), plural(3, 'turn')]).toEqual(['1 turn', '3 turns']);
    expect(firstLine('\n  first \nsecond')).toBe('first');
  });
});
