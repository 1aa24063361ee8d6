import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { nanogradeMatchers } from '../../src/vitest/matchers/index.js';

expect.extend(nanogradeMatchers);

let root: string;
let workspace: string;
let outside: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nanograde-file-matchers-'));
  workspace = join(root, 'workspace');
  outside = join(root, 'outside.txt');
  mkdirSync(join(workspace, 'out'), { recursive: true });
  writeFileSync(join(workspace, 'notes.txt'), 'Ada Lovelace\nAlan Turing\nGrace Hopper\n');
  writeFileSync(join(workspace, 'summary.json'), '{"names": ["Ada", "Alan"], "count": 2}');
  writeFileSync(join(workspace, 'broken.json'), '{"names": [');
  writeFileSync(join(workspace, 'crlf.txt'), 'a\r\nb');
  writeFileSync(join(workspace, 'out', 'report.md'), '# Report\n');
  writeFileSync(outside, 'secret');
  symlinkSync(outside, join(workspace, 'link.txt'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('toHaveFile: presence', () => {
  test('passes for a file, nested or not', () => {
    expect(workspace).toHaveFile('notes.txt');
    expect(workspace).toHaveFile('out/report.md');
    expect(workspace).toHaveFile('./out/../notes.txt');
  });

  test('a missing file lists what the workspace contains', () => {
    expect(() => expect(workspace).toHaveFile('names.txt')).toThrow(
      `expected the workspace to have names.txt, but there is no such file\nThe workspace (${workspace}) contains: broken.json, crlf.txt, link.txt, notes.txt, out/, summary.json`,
    );
  });

  test('a missing nested file lists its folder too', () => {
    expect(() => expect(workspace).toHaveFile('out/summary.md')).toThrow(
      /\nout\/ contains: report\.md$/,
    );
  });

  test('a folder is not a file', () => {
    expect(() => expect(workspace).toHaveFile('out')).toThrow(
      /but out is a folder \(it contains: report\.md\)/,
    );
  });

  test('a link pointing out of the workspace does not count', () => {
    expect(() => expect(workspace).toHaveFile('link.txt')).toThrow(
      /but link\.txt is a link to .*outside\.txt, outside the workspace/,
    );
  });

  test('.not both ways', () => {
    expect(workspace).not.toHaveFile('names.txt');
    expect(() => expect(workspace).not.toHaveFile('notes.txt')).toThrow(
      'expected the workspace NOT to have notes.txt, but it does\nContent of notes.txt (37 chars):\n  │ Ada Lovelace\n',
    );
  });

  test('paths must stay inside the workspace', () => {
    expect(() => expect(workspace).toHaveFile('../outside.txt')).toThrow(
      /toHaveFile: "\.\.\/outside\.txt" is outside the workspace/,
    );
    expect(() => expect(workspace).not.toHaveFile('out/../../outside.txt')).toThrow(TypeError);
    expect(() => expect(workspace).toHaveFile(outside)).toThrow(
      /toHaveFile expects a path relative to the workspace, got the absolute path/,
    );
    expect(() => expect(workspace).toHaveFile('.')).toThrow(
      /is the workspace folder itself, not a file in it/,
    );
  });
});

describe('toHaveFile: content', () => {
  test('a string must match exactly', () => {
    expect(workspace).toHaveFile('notes.txt', 'Ada Lovelace\nAlan Turing\nGrace Hopper\n');
    expect(() =>
      expect(workspace).toHaveFile('notes.txt', 'Ada Lovelace\nAlan Turing\nGrace Hoper\n'),
    ).toThrow(
      'expected notes.txt in the workspace to equal the expected text, but line 3 differs at column 10:\n  expected: "Grace Hoper"\n  actual:   "Grace Hopper"\n',
    );
  });

  test('a string mismatch names trailing newlines and line endings', () => {
    expect(() =>
      expect(workspace).toHaveFile('notes.txt', 'Ada Lovelace\nAlan Turing\nGrace Hopper'),
    ).toThrow(/but the file ends with a newline, the expected text does not/);
    expect(() => expect(workspace).toHaveFile('crlf.txt', 'a\nb')).toThrow(
      /but only line endings differ \(the file has CRLF or CR line endings, the expected text LF\)/,
    );
    expect(() =>
      expect(workspace).toHaveFile(
        'notes.txt',
        'Ada Lovelace\nAlan Turing\nGrace Hopper\nBabbage\n',
      ),
    ).toThrow(/but the file ends after line 3; expected line 4: "Babbage"/);
    expect(() => expect(workspace).toHaveFile('notes.txt', 'Ada Lovelace\n')).toThrow(
      /but the file has 2 more lines after line 1, starting with: "Alan Turing"/,
    );
  });

  test('a RegExp', () => {
    expect(workspace).toHaveFile('notes.txt', /^Alan Turing$/m);
    expect(() => expect(workspace).toHaveFile('notes.txt', /Babbage/)).toThrow(
      /^expected notes\.txt in the workspace to match \/Babbage\/, but it does not match\nContent of notes\.txt/,
    );
  });

  test('a zod schema: the file is parsed as JSON', () => {
    expect(workspace).toHaveFile('summary.json', z.object({ names: z.array(z.string()) }));
    expect(() =>
      expect(workspace).toHaveFile(
        'summary.json',
        z.object({ names: z.array(z.string()), count: z.string() }),
      ),
    ).toThrow(
      /be JSON matching the schema, but its JSON does not match the schema:\n {2}• count: Invalid input: expected string, received number\n/,
    );
    expect(() => expect(workspace).toHaveFile('broken.json', z.object({}))).toThrow(
      /but it is not valid JSON \(.*JSON.*\)/,
    );
  });

  test('a predicate', () => {
    expect(workspace).toHaveFile('notes.txt', (text) => text.split('\n').length === 4);
    expect(() =>
      expect(workspace).toHaveFile('notes.txt', (text) => text.includes('Babbage')),
    ).toThrow(
      /to satisfy the predicate \(text\) => text\.includes\("Babbage"\), but the predicate returned false/,
    );
  });

  test('.not with content passes when the content differs, fails when it matches', () => {
    expect(workspace).not.toHaveFile('notes.txt', /Babbage/);
    expect(() => expect(workspace).not.toHaveFile('notes.txt', /Turing/)).toThrow(
      /^expected the workspace NOT to have notes\.txt \(content to match \/Turing\/\), but it does/,
    );
  });

  test('a string mismatch hands Vitest both texts for a diff', () => {
    try {
      expect(workspace).toHaveFile('crlf.txt', 'a\nb');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ actual: 'a\r\nb', expected: 'a\nb' });
    }
  });

  test('rejects a content matcher of another kind', () => {
    // @ts-expect-error — a number is no content matcher
    expect(() => expect(workspace).toHaveFile('notes.txt', 3)).toThrow(
      /toHaveFile expects the content to match as a string, RegExp, zod schema or predicate, got number/,
    );
  });
});

describe('toHaveFile: received value', () => {
  test('must be an existing folder path', () => {
    expect(() => expect({ dir: workspace }).toHaveFile('notes.txt')).toThrow(
      /toHaveFile expects the `workspace` folder path from agentTest, got object/,
    );
    expect(() => expect(join(workspace, 'nope')).toHaveFile('notes.txt')).toThrow(
      /, which is not an existing folder/,
    );
    expect(() => expect(join(workspace, 'notes.txt')).toHaveFile('x')).toThrow(TypeError);
  });
});
