import { readCaseRecord } from '../records/case-record.js';
import type { ReportEntry } from '../records/report.js';
import { stripEscapes } from './text-width.js';

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
  const parsed = readCaseRecord(meta.nanograde);
  if (!parsed.ok) return { invalid: parsed.problem };
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
