import type { CaseRecord } from '../records/case-record.js';

declare module 'vitest' {
  interface TaskMeta {
    /** What an agent test recorded for reporters (see CaseRecord). */
    nanograde?: CaseRecord;
  }
}
