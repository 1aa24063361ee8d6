import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../src/models/catalog.js';
import { defaultMatrix } from '../../src/models/default-matrix.js';
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
  const now = new Date('2026-12-06T00:00:00Z');

  it('notes each deprecated model the run used: its retirement day and successor', () => {
    expect(
      matrixNotes(
        ['openai:gpt-5-mini', 'openai:gpt-6.2-sol', 'anthropic:claude-opus-4-5', 'builtin:null'],
        defaultCatalog,
        now,
      ),
    ).toEqual([
      'GPT-5 mini (openai:gpt-5-mini) is deprecated and retires on 2026-12-11; its successor is GPT-6.1 Terra (openai:gpt-6.1-terra).',
      'Claude Opus 4.5 (anthropic:claude-opus-4-5) is deprecated and retires on 2027-01-22; its successor is Claude Opus 5.5 (anthropic:claude-opus-5-5).',
    ]);
  });

  it('says nothing of the seed models the default matrix replaced: the user never chose them', () => {
    expect(defaultMatrix(defaultCatalog, now).replacements.length).toBeGreaterThan(0);
    expect(matrixNotes(defaultMatrix(defaultCatalog, now).models, defaultCatalog, now)).toEqual([]);
  });
});
