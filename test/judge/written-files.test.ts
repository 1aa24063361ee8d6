import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readWrittenFiles, writtenPaths } from '../../src/judge/written-files.js';
import { makeRun, toolCall } from '../vitest/agent-run-factory.js';

let workspace: string;
let outside: string;
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'nanograde-judge-files-'));
  outside = mkdtempSync(join(tmpdir(), 'nanograde-judge-outside-'));
});
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('writtenPaths', () => {
  test('lists the paths of successful write_file and edit_file calls, once, first-written first', () => {
    const run = makeRun({
      toolCalls: [
        toolCall('read_file', { file_path: 'in.txt' }),
        toolCall('write_file', { file_path: 'b.txt', content: '1' }),
        toolCall(
          'write_file',
          { file_path: 'failed.txt', content: '1' },
          { ok: false, error: 'x' },
        ),
        toolCall('edit_file', { file_path: 'a.txt', old_str: 'x', new_str: 'y' }),
        toolCall('write_file', { file_path: 'b.txt', content: '2' }),
        toolCall('write_file', 'not json', { ok: false, error: 'bad arguments' }),
      ],
    });
    expect(writtenPaths(run)).toEqual(['b.txt', 'a.txt']);
  });
});

describe('readWrittenFiles', () => {
  test('reads each written file as it ended up, through the sandbox', async () => {
    mkdirSync(join(workspace, 'out'));
    writeFileSync(join(workspace, 'out', 'report.md'), '# Report\n');
    writeFileSync(join(workspace, 'logo.png'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    writeFileSync(join(workspace, 'long.txt'), 'y'.repeat(25_000));
    writeFileSync(join(outside, 'secret.txt'), 'do not show');
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'link.txt'));
    const run = makeRun({
      toolCalls: [
        toolCall('write_file', { file_path: 'out/report.md', content: '# Draft' }),
        // The same file by its absolute path inside the workspace: shown once.
        toolCall('edit_file', { file_path: join(workspace, 'out/report.md') }),
        toolCall('write_file', { file_path: 'logo.png', content: '?' }),
        toolCall('write_file', { file_path: 'long.txt', content: '?' }),
        toolCall('write_file', { file_path: 'gone.txt', content: '?' }),
        toolCall('write_file', { file_path: 'link.txt', content: '?' }),
        toolCall('write_file', { file_path: join(outside, 'secret.txt'), content: '?' }),
      ],
    });
    const files = await readWrittenFiles(run, workspace);
    expect(files).toEqual([
      { path: 'out/report.md', content: '# Report\n' },
      { path: 'logo.png', note: 'binary, not shown' },
      { path: 'long.txt', content: 'y'.repeat(20_000), note: 'cut at 20000 of 25000 characters' },
      { path: 'gone.txt', note: 'no longer in the workspace' },
      { path: 'link.txt', note: expect.stringMatching(/^not readable: .*outside the workspace/) },
      {
        path: join(outside, 'secret.txt'),
        note: expect.stringMatching(/^not readable: .*outside the workspace/),
      },
    ]);
    expect(JSON.stringify(files)).not.toContain('do not show');
  });

  test('stops showing contents once 60 000 characters are shown', async () => {
    for (const name of ['1.txt', '2.txt', '3.txt', '4.txt']) {
      writeFileSync(join(workspace, name), 'z'.repeat(20_000));
    }
    const run = makeRun({
      toolCalls: ['1.txt', '2.txt', '3.txt', '4.txt'].map((name) =>
        toolCall('write_file', { file_path: name, content: '?' }),
      ),
    });
    const files = await readWrittenFiles(run, workspace);
    expect(files.map((file) => [file.path, file.content?.length, file.note])).toEqual([
      ['1.txt', 20_000, undefined],
      ['2.txt', 20_000, undefined],
      ['3.txt', 20_000, undefined],
      ['4.txt', undefined, 'not shown: the files before it fill the judge’s budget'],
    ]);
  });
});
