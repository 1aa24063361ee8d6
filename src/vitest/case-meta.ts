import type { TaskMeta } from 'vitest';
import type { CaseRecordBuilder } from '../records/case-record-builder.js';
import { redactJson } from '../redaction/redact-secrets.js';

// The builder of each record in task meta, so a matcher can hand it results (meta itself must
// stay plain JSON: it is serialised to the main process).
const builders = new WeakMap<object, CaseRecordBuilder>();

/** Puts a case's record into the test's task meta, for reporters, and keeps its builder at hand. */
export function attachCaseRecord(task: { meta: TaskMeta }, builder: CaseRecordBuilder): void {
  task.meta.nanograde = builder.record;
  builders.set(builder.record, builder);
}

/** The builder of the record in this test's meta; undefined outside agentTest. */
export function caseRecordBuilder(
  task: { readonly meta: TaskMeta } | undefined,
): CaseRecordBuilder | undefined {
  const record = task?.meta.nanograde;
  return record === undefined ? undefined : builders.get(record);
}

/**
 * The test is over: its task meta gets the record redacted, as everything written is — reporters,
 * blob reports and report files read it. The builder is done with.
 */
export function sealCaseRecord(task: { meta: TaskMeta }, builder: CaseRecordBuilder): void {
  task.meta.nanograde = redactJson(builder.record);
}
