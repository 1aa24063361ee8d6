import { describe, expect, test } from 'vitest';
import { nanogradeMatchers } from '../../src/vitest/matchers/index.js';
import { makeRun, toolCall } from './agent-run-factory.js';

expect.extend(nanogradeMatchers);

const run = makeRun({
  turns: 3,
  toolCalls: [
    toolCall('list_directory', {}),
    toolCall('read_file', { file_path: 'notes.txt' }, { turn: 2 }),
    toolCall(
      'write_file',
      { file_path: 'out/a.txt', content: 'x'.repeat(100), meta: { tags: ['a', 'b'], mode: 1 } },
      { turn: 2, ok: false, error: 'EACCES: permission denied\nstack…' },
    ),
    toolCall('write_file', { file_path: 'summary.json', content: '{}' }, { turn: 3 }),
  ],
});

describe('toHaveCalledTool', () => {
  test('passes for a successful call by name, or with an argument subset', () => {
    expect(run).toHaveCalledTool('read_file');
    expect(run).toHaveCalledTool('read_file', { file_path: 'notes.txt' });
    expect(run).toHaveCalledTool('read_file', { file_path: expect.stringMatching(/\.txt$/) });
    expect(run).toHaveCalledTool('write_file', {});
  });

  test('argument matching is a deep partial match', () => {
    const deep = { file_path: 'out/a.txt', meta: { tags: ['a', 'b'] } };
    expect(run).toHaveCalledTool('write_file', deep, { includeFailed: true });
    // Arrays match as a whole, like toMatchObject: ['a'] is not ['a', 'b'].
    expect(run).not.toHaveCalledTool(
      'write_file',
      { meta: { tags: ['a'] } },
      { includeFailed: true },
    );
  });

  test('failed calls count only with includeFailed', () => {
    expect(run).not.toHaveCalledTool('write_file', { file_path: 'out/a.txt' });
    expect(run).toHaveCalledTool('write_file', { file_path: 'out/a.txt' }, { includeFailed: true });
  });

  test('a failure shows the tool calls as a numbered list', () => {
    expect(() => expect(run).toHaveCalledTool('read_file', { file_path: 'other.txt' })).toThrow(
      'expected the run to call read_file with args matching {"file_path": "other.txt"}, but its one successful read_file call had other args (only successful calls count; pass { includeFailed: true } to count failed ones)\n' +
        'Run: openai:gpt-5-mini · 3 turns · $0.00046 · 4.2s\n' +
        'Tool calls (4):\n' +
        '  1. [turn 1] list_directory {} ✓\n' +
        '  2. [turn 2] read_file {"file_path":"notes.txt"} ✓\n' +
        '  3. [turn 2] write_file {"file_path":"out/a.txt","content":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…(+60 chars)","meta":{"tags":["a","b"],"mode":1}} ✗ EACCES: permission denied\n' +
        '  4. [turn 3] write_file {"file_path":"summary.json","content":"{}"} ✓\n' +
        'Output (5 chars):\n' +
        '  │ Done.',
    );
  });

  test('says why nothing matched: never called, only failed calls, no calls at all', () => {
    expect(() => expect(run).toHaveCalledTool('edit_file')).toThrow(
      /but it never called edit_file \(it called list_directory, read_file, write_file\)/,
    );
    expect(() => expect(run).toHaveCalledTool('write_file', { file_path: 'out/a.txt' })).toThrow(
      /but its one successful write_file call had other args \(only successful calls count/,
    );
    const failedOnly = makeRun({
      toolCalls: [toolCall('read_file', { file_path: 'x' }, { ok: false, error: 'not found' })],
    });
    expect(() => expect(failedOnly).toHaveCalledTool('read_file')).toThrow(
      /but its one read_file call failed \(only successful calls count; pass \{ includeFailed: true \} to count failed ones\)\n[\s\S]*1\. \[turn 1\] read_file \{"file_path":"x"\} ✗ not found/,
    );
    expect(() => expect(makeRun()).toHaveCalledTool('read_file')).toThrow(
      /but it made no tool calls [\s\S]*\nTool calls: none\n/,
    );
  });

  test('.not fails naming the call that matched', () => {
    expect(() => expect(run).not.toHaveCalledTool('write_file')).toThrow(
      /^expected the run NOT to call write_file, but it did: \[turn 3\] write_file \{"file_path":"summary\.json","content":"\{\}"\} ✓ \(only successful calls count/,
    );
    expect(() =>
      expect(run).not.toHaveCalledTool('write_file', {}, { includeFailed: true }),
    ).toThrow(
      /^expected the run NOT to call write_file with args matching \{\}, but it did: \[turn 2\] write_file \{"file_path":"out\/a\.txt".* ✗ EACCES: permission denied \(and 1 more\) \(failed calls count too\)/,
    );
  });

  test('rejects a bad tool name or args', () => {
    // @ts-expect-error — the name must be a string
    expect(() => expect(run).toHaveCalledTool(7)).toThrow(
      /toHaveCalledTool expects a tool name \(a non-empty string\), got number/,
    );
    // @ts-expect-error — args are an object
    expect(() => expect(run).toHaveCalledTool('read_file', 'notes.txt')).toThrow(
      /toHaveCalledTool expects the arguments to match as an object, got string/,
    );
  });

  test('rejects a misspelt option, naming the one meant, instead of counting only successful calls', () => {
    const options = { includFailed: true };
    // @ts-expect-error — includFailed is no option
    expect(() => expect(run).toHaveCalledTool('write_file', {}, options)).toThrow(
      "toHaveCalledTool: unknown option 'includFailed' — did you mean 'includeFailed'? (options: includeFailed)",
    );
    // @ts-expect-error — includeFailed is a boolean
    expect(() => expect(run).toHaveCalledTool('write_file', {}, { includeFailed: 'yes' })).toThrow(
      /^toHaveCalledTool: includeFailed: Invalid input: expected boolean/,
    );
  });
});

describe('toHaveCalledToolsInOrder', () => {
  test('passes for a subsequence of the successful calls', () => {
    expect(run).toHaveCalledToolsInOrder(['read_file', 'write_file']);
    expect(run).toHaveCalledToolsInOrder(['list_directory', 'write_file']);
    expect(run).toHaveCalledToolsInOrder(['list_directory', 'read_file', 'write_file']);
  });

  test('fails when the order is wrong, showing the sequence and where it stopped', () => {
    expect(() => expect(run).toHaveCalledToolsInOrder(['write_file', 'read_file'])).toThrow(
      "expected the run's successful tool calls to include write_file → read_file in this order, but the match stopped at read_file (step 2 of 2): no successful read_file call came after write_file (call 4)\n" +
        'Successful calls in order: 1. list_directory, 2. read_file, 4. write_file\n',
    );
  });

  test('a failed call does not count, and the message says it was there', () => {
    const failedWrite = makeRun({
      toolCalls: [
        toolCall('read_file', { file_path: 'a' }),
        toolCall('write_file', { file_path: 'b' }, { ok: false, error: 'disk full' }),
      ],
    });
    expect(() => expect(failedWrite).toHaveCalledToolsInOrder(['read_file', 'write_file'])).toThrow(
      /no successful write_file call came after read_file \(call 1\); write_file was called as call 2 but failed\nSuccessful calls in order: 1\. read_file\n/,
    );
  });

  test('the first name missing altogether', () => {
    expect(() => expect(run).toHaveCalledToolsInOrder(['edit_file'])).toThrow(
      /the match stopped at edit_file \(step 1 of 1\): there is no successful edit_file call\n/,
    );
    expect(() => expect(makeRun()).toHaveCalledToolsInOrder(['read_file'])).toThrow(
      /\nSuccessful calls in order: none\n/,
    );
  });

  test('.not passes for a wrong order and fails with the calls that matched', () => {
    expect(run).not.toHaveCalledToolsInOrder(['write_file', 'list_directory']);
    expect(() => expect(run).not.toHaveCalledToolsInOrder(['read_file', 'write_file'])).toThrow(
      /^expected the run's successful tool calls NOT to include read_file → write_file in this order, but they do: 2\. read_file, 4\. write_file\n/,
    );
  });

  test('rejects an empty or non-array list of names', () => {
    expect(() => expect(run).toHaveCalledToolsInOrder([])).toThrow(
      /toHaveCalledToolsInOrder expects a non-empty array of tool names, got an empty array/,
    );
    // @ts-expect-error — a single name is not a list
    expect(() => expect(run).toHaveCalledToolsInOrder('read_file')).toThrow(
      /expects a non-empty array of tool names, got string/,
    );
  });
});
