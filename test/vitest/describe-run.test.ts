import { describe, expect, test } from 'vitest';
import {
  formatArgs,
  formatOutput,
  formatToolCalls,
} from '../../src/vitest/matchers/describe-run.js';
import { toolCall } from './agent-run-factory.js';

describe('formatToolCalls', () => {
  test('numbers the calls with their turn and outcome; only the first line of an error', () => {
    expect(
      formatToolCalls([
        toolCall('read_file', { file_path: 'a.txt' }),
        toolCall('edit_file', '{"file_path": "a.txt", old_str', {
          turn: 2,
          ok: false,
          error: 'arguments are not valid JSON\nat position 29',
        }),
      ]),
    ).toBe(
      'Tool calls (2):\n' +
        '  1. [turn 1] read_file {"file_path":"a.txt"} ✓\n' +
        '  2. [turn 2] edit_file "{\\"file_path\\": \\"a.txt\\", old_str" (not JSON) ✗ arguments are not valid JSON',
    );
  });

  test('a long list keeps its first 20 and last 5 calls', () => {
    const calls = Array.from({ length: 40 }, (_, i) => toolCall('read_file', { n: i + 1 }));
    const lines = formatToolCalls(calls).split('\n');
    expect(lines[0]).toBe('Tool calls (40):');
    expect(lines[20]).toBe('  20. [turn 1] read_file {"n":20} ✓');
    expect(lines[21]).toBe('  … 15 calls omitted …');
    expect(lines[22]).toBe('  36. [turn 1] read_file {"n":36} ✓');
    expect(lines.at(-1)).toBe('  40. [turn 1] read_file {"n":40} ✓');
    expect(lines).toHaveLength(27);
  });
});

describe('formatArgs', () => {
  test('shortens long strings inside the arguments and the whole line', () => {
    expect(formatArgs({ content: 'y'.repeat(45) })).toBe(
      `{"content":"${'y'.repeat(40)}…(+5 chars)"}`,
    );
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, i]));
    expect(formatArgs(many)).toMatch(/^\{"key0":0,.*…\(\+\d+ chars\)$/);
    expect(formatArgs(many).length).toBeLessThan(180);
  });
});

describe('formatOutput', () => {
  test('cuts the middle of a long output and says how much', () => {
    const output = `${'a'.repeat(600)}${'b'.repeat(300)}`;
    expect(formatOutput(output)).toBe(
      `Output (900 chars):\n  │ ${'a'.repeat(500)}\n  │ … [200 chars omitted] …\n  │ ${'b'.repeat(200)}`,
    );
  });

  test('an empty output says so', () => {
    expect(formatOutput('  \n')).toBe('Output: (empty)');
  });
});
