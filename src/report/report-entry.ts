import { type CaseRecord, CaseRecordSchema } from '../vitest/case-record.js';
import type { EntryStatus } from './report-schema.js';
import { stripEscapes } from './text-width.js';

/** One agent test as the report sees it: the record from its task meta and its own result. */
export interface ReportEntry {
  record: CaseRecord;
  status: EntryStatus;
  /** The skip note (why the model did not run). */
  note?: string;
  /** The test's error messages. */
  errors?: string[];
}

/** A test's result in the plain shape Vitest's reporter API gives it. */
export interface TestOutcome {
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  errors?: readonly { message?: string }[] | undefined;
  note?: string | undefined;
}

/** Why a test's meta could not be read as a case record. */
export interface InvalidEntry {
  invalid: string;
}

/**
 * Turns a test's task meta and result into a report entry: undefined when the test is not an
 * agent test (no `nanograde` meta), `{ invalid }` when its record does not match the schema.
 */
export function entryFromTest(
  meta: { readonly nanograde?: unknown },
  outcome: TestOutcome,
): ReportEntry | InvalidEntry | undefined {
  if (meta.nanograde === undefined) return undefined;
  const parsed = CaseRecordSchema.safeParse(meta.nanograde);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || '(root)';
    return { invalid: `${where}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  }
  const errors = (outcome.errors ?? [])
    // Error messages may carry terminal colours; the report renders its own.
    .map((error) => stripEscapes(error.message ?? '').trim())
    .filter((message) => message !== '');
  // A run whose failure the case's minPass tolerated: its test passed, the run did not.
  if (outcome.state === 'passed' && parsed.data.toleratedFailure) {
    return { record: parsed.data, status: 'failed', errors: parsed.data.toleratedFailure };
  }
  switch (outcome.state) {
    case 'passed':
      return { record: parsed.data, status: 'passed', ...(errors.length ? { errors } : {}) };
    case 'failed':
      return { record: parsed.data, status: 'failed', errors };
    case 'skipped':
      return {
        record: parsed.data,
        status: 'skipped',
        ...(outcome.note ? { note: outcome.note } : {}),
      };
    case 'pending':
      // The run was interrupted before this test finished.
      return { record: parsed.data, status: 'skipped', note: 'did not finish (run interrupted)' };
  }
}
