import { describe, expect, it } from 'vitest';
import { matrixNotes } from '../../src/report/matrix-notes.js';
import { entryFromTest } from '../../src/report/report-entry.js';
import { entry } from './report-entries.js';

const record = entry({ model: 'openai:gpt-5-mini' }).record;

describe('entryFromTest', () => {
  it('ignores tests without nanograde meta (a unit project’s tests)', () => {
    expect(entryFromTest({}, { state: 'passed', errors: undefined })).toBeUndefined();
  });

  it('reads a passed test', () => {
    expect(entryFromTest({ nanograde: record }, { state: 'passed', errors: undefined })).toEqual({
      record,
      status: 'passed',
    });
  });

  it('reads a failed test with its messages, terminal colours removed', () => {
    const result = entryFromTest(
      { nanograde: record },
      {
        state: 'failed',
        errors: [{ message: '\u001b[31mexpected\u001b[39m 2 to be 3' }, { message: '  ' }, {}],
      },
    );
    expect(result).toEqual({ record, status: 'failed', errors: ['expected 2 to be 3'] });
  });

  it('reads a skipped test with its note, and an unfinished one as skipped', () => {
    const skipped = entryFromTest(
      { nanograde: record },
      { state: 'skipped', errors: undefined, note: 'openai:gpt-5-mini unavailable: no key' },
    );
    expect(skipped).toEqual({
      record,
      status: 'skipped',
      note: 'openai:gpt-5-mini unavailable: no key',
    });
    expect(entryFromTest({ nanograde: record }, { state: 'pending', errors: undefined })).toEqual({
      record,
      status: 'skipped',
      note: 'did not finish (run interrupted)',
    });
  });

  it('refuses a record that does not match the schema, saying where', () => {
    const result = entryFromTest(
      { nanograde: { ...record, run: { ...record.run, turns: -1 } } },
      { state: 'passed', errors: undefined },
    );
    expect(result).toEqual({ invalid: expect.stringMatching(/^run\.turns: /) });
    expect(
      entryFromTest({ nanograde: 'nonsense' }, { state: 'passed', errors: undefined }),
    ).toEqual({
      invalid: expect.stringMatching(/^\(root\): /),
    });
  });
});

describe('matrixNotes', () => {
  const matrix = {
    models: ['openai:gpt-5', 'anthropic:claude-opus-4-5'],
    replacements: [
      {
        from: 'anthropic:claude-opus-4-1',
        to: 'anthropic:claude-opus-4-5',
        reason: 'retired' as const,
        note: 'Claude Opus 4.1 is retired; the matrix runs its successor Claude Opus 4.5.',
      },
    ],
  };

  it('tells which retired models were replaced when the run used the default matrix', () => {
    expect(
      matrixNotes(['openai:gpt-5', 'anthropic:claude-opus-4-5', 'builtin:null'], matrix),
    ).toEqual(['Claude Opus 4.1 is retired; the matrix runs its successor Claude Opus 4.5.']);
  });

  it('says nothing for a matrix of the user’s own', () => {
    expect(matrixNotes(['anthropic:claude-opus-4-5'], matrix)).toEqual([]);
  });
});
