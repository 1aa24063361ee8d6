import type { TestContext } from 'vitest';
import {
  firstLine,
  formatDuration,
  formatTokens,
  formatUsd,
  plural,
} from '../format/format-values.js';
import { gradePerformance } from '../grading/performance-grade.js';
import type { CaseRecord } from '../records/case-record.js';
import { redactJson, redactText } from '../redaction/redact-secrets.js';

/** The annotation types nanograde puts on a test, for tools that filter by type. */
export const ANNOTATION_TYPES = {
  run: 'nanograde',
  judge: 'nanograde:judge',
  transcript: 'nanograde:transcript',
} as const;

/** One line: grade, cost, tokens, turns, tool calls, time (and where the traffic came from). */
export function runSummary(record: CaseRecord, passed: boolean): string | undefined {
  const { run } = record;
  if (!run) return undefined;
  const { usage } = run;
  const parts: string[] = [];
  if (record.builtin) {
    parts.push(`built-in ${record.builtin}`);
  } else {
    const performance = gradePerformance({ record, status: passed ? 'passed' : 'failed' });
    parts.push(
      `grade ${performance.grade ?? (performance.source === 'unscored' ? 'unscored' : '—')}`,
    );
    parts.push(`cost ${formatUsd(run.costUsd)}`);
    parts.push(
      `tokens ${formatTokens(usage.inputTokens)} in (${formatTokens(usage.cachedInputTokens)} cached) / ${formatTokens(usage.outputTokens)} out (${formatTokens(usage.reasoningTokens)} reasoning)`,
    );
  }
  parts.push(plural(run.turns, 'turn'), plural(run.toolCalls.length, 'tool call'));
  parts.push(formatDuration(run.durationMs));
  const judged = record.judgements ?? [];
  if (judged.length > 0) {
    const costs = judged.map((judgement) => judgement.costUsd);
    const judgeCost = costs.includes(null) ? null : costs.reduce((a, b) => (a ?? 0) + (b ?? 0), 0);
    parts.push(`judge ${formatUsd(judgeCost)}`);
  }
  if (record.fixture) parts.push(record.fixture.mode);
  return parts.join(' · ');
}

/**
 * Puts the run on its Vitest test, where Vitest's UI, its HTML reporter and IDE integrations
 * show it: a summary line (grade, cost, tokens…), one line per judgement, and the transcript as
 * an attachment — redacted, as everything nanograde writes (reporters write them to files). Plain text needs `bodyEncoding:
 * 'utf-8'`, or consumers decode it as base64.
 */
export async function annotateRun(
  context: Pick<TestContext, 'annotate'>,
  record: CaseRecord,
  passed: boolean,
): Promise<void> {
  const summary = runSummary(record, passed);
  if (summary === undefined || !record.run) return;
  await context.annotate(summary, ANNOTATION_TYPES.run);
  for (const judgement of record.judgements ?? []) {
    const verdict = judgement.grade ?? judgement.status;
    // A judge may quote what the run read (a key in the workspace): JUnit writes this to a file.
    await context.annotate(
      redactText(
        `${judgement.judge}: ${verdict} (bar ${judgement.bar}) — ${firstLine(judgement.reason)}`,
      ),
      ANNOTATION_TYPES.judge,
    );
  }
  await context.annotate(`transcript of ${record.model}`, ANNOTATION_TYPES.transcript, {
    contentType: 'application/json',
    body: `${JSON.stringify(redactJson(record.run.transcript), null, 2)}\n`,
    bodyEncoding: 'utf-8',
  });
}
