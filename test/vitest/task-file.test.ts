import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readTaskFile } from '../../src/vitest/task-file.js';

const dir = mkdtempSync(join(tmpdir(), 'nanograde-task-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test('front matter gives the case, the body is the prompt', () => {
  const path = write(
    'first-last.md',
    [
      '---',
      'workspace: fixtures/workspaces/lines',
      'models: [gpt-5-mini, "ollama:gpt-oss:20b"]',
      'limits: { maxTurns: 4 }',
      'expected: |',
      '  line 1',
      '  line 40',
      '---',
      '',
      'Read lines.txt and answer with its first and last line.',
      '',
    ].join('\r\n'),
  );
  expect(readTaskFile(path)).toEqual({
    name: 'first-last',
    spec: {
      prompt: 'Read lines.txt and answer with its first and last line.',
      workspace: 'fixtures/workspaces/lines',
      models: ['gpt-5-mini', 'ollama:gpt-oss:20b'],
      limits: { maxTurns: 4 },
      expected: 'line 1\nline 40\n',
    },
  });
});

test('a gold solution can reuse the expected answer through a YAML alias', () => {
  const path = write(
    'gold.md',
    [
      '---',
      'expected: &answer "line 1"',
      'reference:',
      '  toolCalls: [{ name: read_file, args: { file_path: lines.txt } }]',
      '  answer: *answer',
      '---',
      'Answer with the first line of lines.txt.',
    ].join('\n'),
  );
  expect(readTaskFile(path).spec.reference).toEqual({
    toolCalls: [{ name: 'read_file', args: { file_path: 'lines.txt' } }],
    answer: 'line 1',
  });
});

test('a name in the front matter wins over the file name', () => {
  const path = write('x.md', '---\nname: basic read\n---\nRead it.');
  expect(readTaskFile(path).name).toBe('basic read');
});

test.for([
  ['no front matter', 'Just a prompt.', /starts with YAML front matter/],
  [
    'a misspelt key',
    '---\nworksapce: x\n---\nRead.',
    /front matter: unknown option 'worksapce' — did you mean 'workspace'\? \(options: name, workspace, models/,
  ],
  [
    'a misspelt limit',
    '---\nlimits: { maxTurn: 3 }\n---\nRead.',
    /unknown option 'limits.maxTurn' — did you mean 'limits.maxTurns'\?/,
  ],
  ['wrong type', '---\nmodels: gpt-5\n---\nRead.', /models/],
  ['bad limit', '---\nlimits: { maxTurns: 0 }\n---\nRead.', /limits\.maxTurns/],
  ['gold without answer', '---\nreference: { toolCalls: [] }\n---\nRead.', /reference\.answer/],
  ['empty prompt', '---\nname: x\n---\n   \n', /prompt .* is empty/],
] as const)('%s is refused with a message that says what to fix', ([, text, message]) => {
  const path = write('bad.md', text);
  expect(() => readTaskFile(path)).toThrow(message);
});
