import { mkdir, readFile, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { executeToolCall } from '../../src/agent/file-tools.js';
import { prepareWorkspace, type Workspace } from '../../src/agent/workspace.js';

let workspace: Workspace;
let root: string;
beforeEach(async () => {
  workspace = await prepareWorkspace();
  root = workspace.root;
});
afterEach(() => workspace.dispose());

const call = (name: string, args: Record<string, unknown> | string) =>
  executeToolCall(root, {
    id: 'call_1',
    name,
    arguments: typeof args === 'string' ? args : JSON.stringify(args),
  });
const put = async (path: string, content: string | Uint8Array) => {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), content);
};
const contentOf = (path: string) => readFile(join(root, path), 'utf8');
/** "line 1\n" … "line n\n" */
const numberedLines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');

describe('read_file', () => {
  test('returns the raw text, exactly: no line numbers, CRLF and a missing final newline kept', async () => {
    await put('notes.txt', 'first\r\nsecond\n\tthird');
    expect(await call('read_file', { file_path: 'notes.txt' })).toEqual({
      args: { file_path: 'notes.txt' },
      ok: true,
      content: 'first\r\nsecond\n\tthird',
    });
  });

  test('an empty file says so', async () => {
    await put('empty.txt', '');
    const result = await call('read_file', { file_path: 'empty.txt' });
    expect(result).toMatchObject({ ok: true, content: 'empty.txt is empty (0 bytes).' });
  });

  test('a long file is cut at 2000 lines with a note that says exactly how to read on', async () => {
    await put('big.txt', numberedLines(1, 2500));
    const first = await call('read_file', { file_path: 'big.txt' });
    expect(first.ok).toBe(true);
    expect(first.content).toBe(
      `${numberedLines(1, 2000)}\n[read_file: Showed lines 1-2000 of 2500 (at most 2000 lines and 100 KB per call). To read on, call read_file with {"file_path":"big.txt","offset":2001,"limit":2000}.]`,
    );

    // Following the note's own instructions gives the rest, and then no note.
    const next = JSON.parse(/call read_file with (\{.*\})\.\]$/.exec(first.content)?.[1] ?? '');
    const rest = await call('read_file', next);
    expect(rest).toMatchObject({ ok: true, content: numberedLines(2001, 2500) });
    expect(first.content.slice(0, first.content.indexOf('\n[read_file')) + rest.content).toBe(
      await contentOf('big.txt'),
    );
  });

  test('offset and limit pick lines (1-based)', async () => {
    await put('five.txt', 'a\nb\nc\nd\ne\n');
    const middle = await call('read_file', { file_path: 'five.txt', offset: 3, limit: 2 });
    expect(middle.content).toBe(
      'c\nd\n\n[read_file: Showed lines 3-4 of 5 (at most 2 lines and 100 KB per call). To read on, call read_file with {"file_path":"five.txt","offset":5,"limit":2}.]',
    );
    const tail = await call('read_file', { file_path: 'five.txt', offset: 4, limit: 10 });
    expect(tail).toMatchObject({ ok: true, content: 'd\ne\n' });
    // null means "not given" (OpenAI strict mode sends it for optional parameters)
    const all = await call('read_file', { file_path: 'five.txt', offset: null, limit: null });
    expect(all).toMatchObject({ ok: true, content: 'a\nb\nc\nd\ne\n' });
  });

  test('an offset past the end is an error that gives the line count', async () => {
    await put('five.txt', 'a\nb\nc\nd\ne');
    const result = await call('read_file', { file_path: 'five.txt', offset: 6 });
    expect(result).toMatchObject({
      ok: false,
      error: 'offset 6 is past the end of "five.txt", which has 5 lines.',
    });
  });

  test('output is capped at 100 KB of whole lines', async () => {
    // 1000 lines of 200 bytes: 102400 / 200 = 512 lines fit exactly.
    const line = `${'x'.repeat(199)}\n`;
    await put('wide.txt', line.repeat(1000));
    const result = await call('read_file', { file_path: 'wide.txt' });
    expect(result.content).toBe(
      `${line.repeat(512)}\n[read_file: Showed lines 1-512 of 1000 (at most 2000 lines and 100 KB per call). To read on, call read_file with {"file_path":"wide.txt","offset":513,"limit":2000}.]`,
    );
  });

  test('a single line over 100 KB shows its head, cut on a character boundary', async () => {
    // 'a' + 60000 × 'é' (2 bytes each): byte 102400 falls inside é number 51200.
    const long = `a${'é'.repeat(60_000)}`;
    await put('one-line.txt', `${long}\ntail\n`);
    const result = await call('read_file', { file_path: 'one-line.txt' });
    expect(result.content).toBe(
      `a${'é'.repeat(51_199)}\n\n[read_file: line 1 is 120002 bytes (117.2 KB) long; only its first 102400 bytes (100.0 KB) are shown. Showed lines 1-1 of 2 (at most 2000 lines and 100 KB per call). To read on, call read_file with {"file_path":"one-line.txt","offset":2,"limit":2000}.]`,
    );
  });

  test.for([
    ['a NUL byte in the first 8 KB', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a])],
    ['invalid UTF-8', Buffer.from([0x61, 0x62, 0xff, 0xfe, 0x63])],
  ] as const)('binary (%s) is reported with its size, never dumped', async ([, bytes]) => {
    await put('data.bin', bytes);
    const result = await call('read_file', { file_path: 'data.bin' });
    expect(result).toMatchObject({
      ok: true,
      content: `data.bin is a binary file (${bytes.length} bytes); read_file only shows text.`,
    });
  });

  test('a NUL byte after the first 8 KB of valid UTF-8 is still text', async () => {
    const text = `${'a'.repeat(9000)}\0b`;
    await put('late-nul.txt', text);
    expect((await call('read_file', { file_path: 'late-nul.txt' })).content).toBe(text);
  });

  test('a file over 32 MB is refused before it is loaded', async () => {
    await put('huge.log', '');
    await truncate(join(root, 'huge.log'), 33 * 1024 * 1024); // sparse: no real 33 MB written
    const result = await call('read_file', { file_path: 'huge.log' });
    expect(result.error).toBe(
      '"huge.log" is 34603008 bytes (33.0 MB); the file tools load files up to 33554432 bytes (32.0 MB).',
    );
  });

  test('folders and missing files are errors that say what to do', async () => {
    await mkdir(join(root, 'sub'));
    expect((await call('read_file', { file_path: 'sub' })).error).toBe(
      'Path "sub" is a folder, not a file; use list_directory to see what is in it.',
    );
    expect((await call('read_file', { file_path: 'nope.txt' })).error).toBe(
      'File "nope.txt" does not exist; use list_directory to see what is in the workspace.',
    );
  });
});

describe('list_directory', () => {
  test('the root by default: sorted, folders marked with /, files with sizes, symlinks marked', async () => {
    await put('b.txt', 'four');
    await put('a.md', 'x');
    await put('.hidden', '');
    await put('src/index.ts', 'export {};\n');
    await symlink('b.txt', join(root, 'link.txt'));
    await symlink('src', join(root, 'src-link'));
    await symlink('/etc', join(root, 'etc-link'));
    await symlink('missing.txt', join(root, 'broken'));
    const result = await call('list_directory', {});
    expect(result).toEqual({
      args: {},
      ok: true,
      content: [
        'The workspace root has 8 entries:',
        '.hidden (0 bytes)',
        'a.md (1 byte)',
        'b.txt (4 bytes)',
        'broken -> missing.txt (broken symlink)',
        'etc-link (symlink pointing outside the workspace; not accessible)',
        'link.txt -> b.txt (symlink)',
        'src/',
        'src-link -> src/ (symlink)',
      ].join('\n'),
    });
  });

  test('a subfolder, an empty folder, and an empty-string path meaning the root', async () => {
    await put('src/a.ts', 'a');
    await mkdir(join(root, 'src', 'empty'));
    expect((await call('list_directory', { directory_path: 'src' })).content).toBe(
      'Folder src/ has 2 entries:\na.ts (1 byte)\nempty/',
    );
    expect((await call('list_directory', { directory_path: 'src/empty' })).content).toBe(
      'Folder src/empty/ is empty.',
    );
    expect((await call('list_directory', { directory_path: '' })).content).toBe(
      'The workspace root has 1 entry:\nsrc/',
    );
    expect((await call('list_directory', { directory_path: null })).ok).toBe(true);
  });

  test('empty arguments mean no arguments', async () => {
    expect(await call('list_directory', '')).toEqual({
      args: {},
      ok: true,
      content: 'The workspace root is empty.',
    });
  });

  test('at most 500 entries, with a note about the rest', async () => {
    await Promise.all(
      Array.from({ length: 505 }, (_, i) => put(`f${String(i).padStart(3, '0')}.txt`, '')),
    );
    const lines = (await call('list_directory', {})).content.split('\n');
    expect(lines[0]).toBe('The workspace root has 505 entries:');
    expect(lines).toHaveLength(1 + 500 + 1);
    expect(lines[500]).toBe('f499.txt (0 bytes)');
    expect(lines[501]).toBe(
      '[list_directory: 5 more entries not shown (at most 500 are listed); list a subfolder or use get_file_info on a path.]',
    );
  });

  test('a name with a newline cannot pass for two entries', async () => {
    await put('evil\nfake.txt (1 bytes)', '');
    const result = await call('list_directory', {});
    expect(result.content).toBe(
      'The workspace root has 1 entry:\n"evil\\nfake.txt (1 bytes)" (0 bytes)',
    );
  });

  test('a file or a missing folder is an error', async () => {
    await put('a.txt', 'a');
    expect((await call('list_directory', { directory_path: 'a.txt' })).error).toBe(
      'Path "a.txt" is a file, not a folder; use read_file or get_file_info on it.',
    );
    expect((await call('list_directory', { directory_path: 'nope' })).error).toBe(
      'Folder "nope" does not exist; call list_directory without a path to see the workspace root.',
    );
  });
});

describe('write_file', () => {
  test('creates parent folders and reports the bytes written', async () => {
    const result = await call('write_file', { file_path: 'notes/deep/a.txt', content: 'héllo\n' });
    expect(result).toEqual({
      args: { file_path: 'notes/deep/a.txt', content: 'héllo\n' },
      ok: true,
      content: 'Wrote 7 bytes to notes/deep/a.txt',
    });
    expect(await contentOf('notes/deep/a.txt')).toBe('héllo\n');
  });

  test('overwrites: a shorter content leaves nothing of the old one', async () => {
    await put('a.txt', 'a long original text\n');
    await call('write_file', { file_path: 'a.txt', content: 'short' });
    expect(await contentOf('a.txt')).toBe('short');
    expect((await call('write_file', { file_path: 'a.txt', content: '' })).content).toBe(
      'Wrote 0 bytes to a.txt',
    );
    expect(await contentOf('a.txt')).toBe('');
  });

  test('refuses a folder path', async () => {
    await mkdir(join(root, 'docs'));
    expect((await call('write_file', { file_path: 'docs', content: 'x' })).error).toBe(
      'Path "docs" is a folder; write_file needs a file path such as "docs/notes.txt".',
    );
    expect((await call('write_file', { file_path: 'new/', content: 'x' })).error).toBe(
      'Path "new/" ends with "/"; write_file needs a file path such as "new/notes.txt".',
    );
  });

  test('refuses content over 10 MB and writes nothing', async () => {
    const content = 'x'.repeat(10 * 1024 * 1024 + 1);
    const result = await call('write_file', { file_path: 'big.txt', content });
    expect(result.error).toBe(
      'The content is 10485761 bytes (10.0 MB); write_file writes files up to 10485760 bytes (10.0 MB).',
    );
    await expect(readFile(join(root, 'big.txt'))).rejects.toThrow(/ENOENT/);
  });

  test('a path through a file is an error', async () => {
    await put('a.txt', 'a');
    expect((await call('write_file', { file_path: 'a.txt/b.txt', content: 'x' })).error).toBe(
      'Path "a.txt/b.txt" does not exist: a part of it is a file, not a folder.',
    );
  });
});

describe('get_file_info', () => {
  const fixedTime = new Date('2026-01-02T03:04:05.000Z');

  test('a text file: type, size, modified time, lines, binary flag', async () => {
    await put('notes.txt', 'one\ntwo\nthree');
    await utimes(join(root, 'notes.txt'), fixedTime, fixedTime);
    const result = await call('get_file_info', { file_path: 'notes.txt' });
    expect(result.content).toBe(
      'path: notes.txt\ntype: file\nsize: 13 bytes\nmodified: 2026-01-02T03:04:05.000Z\nlines: 3\nbinary: false',
    );
  });

  test('a binary file, a folder, and a symlink', async () => {
    await put('img.bin', Buffer.from([0, 1, 2, 3]));
    await put('dir/a', '');
    await put('dir/b', '');
    await symlink('img.bin', join(root, 'img-link'));
    for (const path of ['img.bin', 'dir']) await utimes(join(root, path), fixedTime, fixedTime);
    expect((await call('get_file_info', { file_path: 'img.bin' })).content).toBe(
      'path: img.bin\ntype: file\nsize: 4 bytes\nmodified: 2026-01-02T03:04:05.000Z\nbinary: true',
    );
    expect((await call('get_file_info', { file_path: 'dir' })).content).toBe(
      'path: dir\ntype: directory\nentries: 2\nmodified: 2026-01-02T03:04:05.000Z',
    );
    expect((await call('get_file_info', { file_path: 'img-link' })).content).toBe(
      'path: img-link\ntype: symlink -> img.bin (file)\nsize: 4 bytes\nmodified: 2026-01-02T03:04:05.000Z\nbinary: true',
    );
  });

  test('a file too large to count lines in, and a missing path', async () => {
    await put('huge.log', '');
    await truncate(join(root, 'huge.log'), 33 * 1024 * 1024);
    const huge = await call('get_file_info', { file_path: 'huge.log' });
    expect(huge.content).toMatch(
      /^path: huge\.log\ntype: file\nsize: 34603008 bytes \(33\.0 MB\)\nmodified: .*\nlines: not counted \(larger than 33554432 bytes \(32\.0 MB\)\)$/,
    );
    expect((await call('get_file_info', { file_path: 'nope' })).error).toBe(
      'Path "nope" does not exist; use list_directory to see what is in the workspace.',
    );
  });
});

describe('edit_file', () => {
  const code = 'function add(a, b) {\n  return a + b;\n}\n';

  test('replaces one exact occurrence and reports its line', async () => {
    await put('add.js', code);
    const result = await call('edit_file', {
      file_path: 'add.js',
      old_str: 'return a + b;',
      new_str: 'return a - b;',
    });
    expect(result).toMatchObject({
      ok: true,
      content: 'Edited add.js: replaced the text at line 2.',
    });
    expect(await contentOf('add.js')).toBe('function add(a, b) {\n  return a - b;\n}\n');
  });

  test('a multi-line replacement that shrinks the file', async () => {
    await put('add.js', code);
    const result = await call('edit_file', {
      file_path: 'add.js',
      old_str: '{\n  return a + b;\n}',
      new_str: '{}',
    });
    expect(result.content).toBe('Edited add.js: replaced the text at lines 1-3.');
    expect(await contentOf('add.js')).toBe('function add(a, b) {}\n');
  });

  test('missing old_str points at the closest line, by similarity', async () => {
    await put('add.js', code);
    const result = await call('edit_file', {
      file_path: 'add.js',
      old_str: 'retrun a + b;',
      new_str: 'x',
    });
    // "retrun a + b;" vs "return a + b;": 2 substitutions over 13 characters → 85%.
    expect(result).toMatchObject({
      ok: false,
      error:
        'old_str was not found in "add.js". The closest line is line 2: "  return a + b;" (85% similar to old_str). Copy the exact text from read_file, whitespace included.',
    });
    expect(await contentOf('add.js')).toBe(code);
  });

  test('a multi-line old_str is matched by its first line', async () => {
    await put('add.js', code);
    const result = await call('edit_file', {
      file_path: 'add.js',
      old_str: 'function add(a, b) {\n  return a * b;',
      new_str: 'x',
    });
    expect(result.error).toBe(
      'old_str was not found in "add.js". The closest line is line 1: "function add(a, b) {" (100% similar to old_str\'s first line). Copy the exact text from read_file, whitespace included.',
    );
  });

  test('a CRLF file gets a hint about its line breaks', async () => {
    await put('win.txt', 'one\r\ntwo\r\n');
    const result = await call('edit_file', {
      file_path: 'win.txt',
      old_str: 'one\ntwo',
      new_str: 'x',
    });
    expect(result.error).toBe(
      'old_str was not found in "win.txt" as sent, but it is there with Windows line breaks: the file uses \\r\\n, so send old_str with \\r\\n line breaks.',
    );
  });

  test('several matches: the count and their lines', async () => {
    await put('dup.txt', 'x = 1\ny = 2\nx = 1\nz\nx = 1\n');
    const result = await call('edit_file', {
      file_path: 'dup.txt',
      old_str: 'x = 1',
      new_str: 'x = 9',
    });
    expect(result.error).toBe(
      'old_str matches 3 times in "dup.txt" (lines 1, 3, 5); include more surrounding text to make it unique.',
    );
    const overlapping = await call('edit_file', {
      file_path: 'dup.txt',
      old_str: '\n',
      new_str: '',
    });
    expect(overlapping.error).toMatch(
      /^old_str matches 5 times in "dup.txt" \(lines 1, 2, 3, 4, 5\)/,
    );
    await put('aaa.txt', 'aaa');
    const selfOverlap = await call('edit_file', {
      file_path: 'aaa.txt',
      old_str: 'aa',
      new_str: 'b',
    });
    expect(selfOverlap.error).toMatch(/^old_str matches 2 times in "aaa.txt" \(lines 1, 1\)/);
    expect(await contentOf('dup.txt')).toBe('x = 1\ny = 2\nx = 1\nz\nx = 1\n');
  });

  test('empty old_str, identical strings, binary and missing files are errors', async () => {
    await put('a.txt', 'abc');
    await put('b.bin', Buffer.from([0, 1]));
    expect((await call('edit_file', { file_path: 'a.txt', old_str: '', new_str: 'x' })).error).toBe(
      'Invalid arguments for edit_file: old_str must not be empty (to replace a whole file, use write_file). Expected {"file_path": string, "old_str": string, "new_str": string}.',
    );
    expect(
      (await call('edit_file', { file_path: 'a.txt', old_str: 'b', new_str: 'b' })).error,
    ).toBe('old_str and new_str are the same, so nothing would change.');
    expect(
      (await call('edit_file', { file_path: 'b.bin', old_str: 'a', new_str: 'b' })).error,
    ).toBe('"b.bin" is a binary file; edit_file only edits text.');
    expect(
      (await call('edit_file', { file_path: 'c.txt', old_str: 'a', new_str: 'b' })).error,
    ).toBe('File "c.txt" does not exist; use list_directory to see what is in the workspace.');
  });
});

describe('malformed calls come back as tool errors that help the model recover', () => {
  test('invalid JSON keeps the raw text as args', async () => {
    expect(await call('read_file', '{"file_path": ')).toEqual({
      args: '{"file_path": ',
      ok: false,
      content:
        'Invalid arguments for read_file: not valid JSON (Unexpected end of JSON input). Expected {"file_path": string, "offset"?: integer, "limit"?: integer}.',
      error:
        'Invalid arguments for read_file: not valid JSON (Unexpected end of JSON input). Expected {"file_path": string, "offset"?: integer, "limit"?: integer}.',
    });
  });

  test.for([
    [{ file_path: 42 }, 'file_path must be a string (got a number)'],
    [{}, 'file_path is required'],
    [{ file_path: 'a', offset: 0 }, 'offset must be at least 1'],
    [{ file_path: 'a', limit: 1.5 }, 'limit must be a whole number'],
    [{ file_path: 'a', offset: '3' }, 'offset must be a number (got a string)'],
    [{ file_path: 'a', encoding: 'utf8' }, 'unknown parameter "encoding"'],
    [{ path: 'a', mode: 'r' }, 'file_path is required; unknown parameters "path", "mode"'],
  ] as const)('read_file %j → %s', async ([args, problem]) => {
    const result = await call('read_file', args);
    expect(result).toMatchObject({
      args,
      ok: false,
      error: `Invalid arguments for read_file: ${problem}. Expected {"file_path": string, "offset"?: integer, "limit"?: integer}.`,
    });
  });

  test.for([
    ['[1]', 'an array'],
    ['"notes.txt"', 'a string'],
    ['null', 'null'],
  ] as const)('arguments %s are not an object', async ([raw, got]) => {
    const result = await call('get_file_info', raw);
    expect(result.error).toBe(
      `Invalid arguments for get_file_info: the arguments must be a JSON object (got ${got}). Expected {"file_path": string}.`,
    );
  });

  test.for([
    ['read', ' Did you mean "read_file"?'],
    ['read_fil', ' Did you mean "read_file"?'],
    ['List_Directory', ' Did you mean "list_directory"?'],
    ['delete_file', ''],
    ['bash', ''],
  ] as const)('unknown tool %s', async ([name, hint]) => {
    const result = await call(name, { file_path: 'a' });
    expect(result).toMatchObject({
      args: { file_path: 'a' },
      ok: false,
      error: `Unknown tool "${name}". Available tools: read_file, list_directory, write_file, get_file_info, edit_file.${hint}`,
    });
  });

  test('a missing workspace root is not the model’s fault: it throws', async () => {
    await expect(
      executeToolCall(join(root, 'gone'), { id: '1', name: 'list_directory', arguments: '{}' }),
    ).rejects.toThrow(/^The workspace root .*gone cannot be used: ENOENT/);
  });
});
