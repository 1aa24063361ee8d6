/**
 * How each run of the fault benchmark ended, decided from what the child `vitest` left behind:
 * its report.json record, and whether its test ended. The rules
 * are the goals of issue 13 — every run ends passed, failed for a stated reason, or unscored;
 * nothing hangs, throws raw, goes unexplained or goes missing from the report.
 */
import { z } from 'zod';

/** Run error kinds the README documents (`error.kind`), `empty_answer` (issue 12) and `agent` (a user's agent threw, issue 15) included. */
export const CLASSIFIED_RUN_ERRORS = [
  'max_turns',
  'timeout',
  'budget',
  'output_limit',
  'aborted',
  'refusal',
  'empty_answer',
  'provider',
  'agent',
];
/** Provider error kinds the README documents (`error.provider.kind`), and issue 13's `bad_response`. */
export const CLASSIFIED_PROVIDER_ERRORS = [
  'auth',
  'rate_limit',
  'overloaded',
  'bad_request',
  'context_length',
  'not_found',
  'network',
  'server',
  'bad_response',
];

/**
 * What a low-level library says when it knows nothing more: the whole message (after its
 * "<provider> request failed on turn n:" or "the judge's request failed:" lead-in) is one of
 * these. A user reading it cannot tell what went wrong, so it is not a classification.
 */
const BARE_MESSAGES = [
  /^terminated$/i,
  /^fetch failed$/i,
  /^other side closed$/i,
  /^socket hang up$/i,
  /^(read )?econnreset$/i,
  /^premature close$/i,
  /^aborted$/i,
  /^(this|the) operation was aborted( due to timeout)?\.?$/i,
  // JSON.parse's own words: "Unexpected token 'x', "…" is not valid JSON", "Unterminated string
  // in JSON at position 9", "Expected ',' or '}' after property value in JSON at position 3", …
  /^(unexpected|unterminated|expected|bad) .*\bjson\b/i,
  /^".*" is not valid json$/i,
  /^body is unusable/i,
  /^(undefined|null|\[object object\]|error)?$/i,
];

const LEAD_IN = /^(?:.*? request failed on turn \d+: |the judge's request failed: )/i;

/** Whether a message says nothing but a library's bare words ("terminated"). */
export function isBareMessage(message: string): boolean {
  const text = message.replace(LEAD_IN, '').trim();
  return BARE_MESSAGES.some((bare) => bare.test(text));
}

/** The parts of a report.json record the bench reads; anything else may change freely. */
const RecordSchema = z.looseObject({
  case: z.string(),
  model: z.string(),
  status: z.string(),
  note: z.string().optional(),
  errors: z.array(z.string()).default([]),
  runError: z
    .looseObject({
      kind: z.string(),
      message: z.string(),
      provider: z.looseObject({ kind: z.string(), providerMessage: z.string() }).optional(),
    })
    .nullable()
    .optional(),
  run: z.looseObject({ durationMs: z.number() }).optional(),
  judgements: z
    .array(
      z.looseObject({
        status: z.string(),
        reason: z.string(),
        grade: z.string().nullable().optional(),
        bar: z.string().optional(),
      }),
    )
    .default([]),
});
export type ReportRecordView = z.infer<typeof RecordSchema>;

/** report.json's records by case name; throws when the file is not a report. */
export function recordsByCase(reportJson: unknown): Map<string, ReportRecordView> {
  const report = z.looseObject({ records: z.array(RecordSchema) }).parse(reportJson);
  return new Map(report.records.map((record) => [record.case, record]));
}

/** How a run ended, for the bench's figures. */
export type Outcome =
  | 'passed'
  | 'failed'
  | 'skipped'
  | 'hung'
  | 'crashed'
  | 'unclassified'
  | 'missing';

export interface RunVerdict {
  outcome: Outcome;
  /** The report has no record of what the run did: no record, or a record without its run. */
  lost: boolean;
  /** Why, in a few words (the error it ended with, or what is missing). */
  why: string;
}

export interface RunEvidence {
  /** Its report.json record, if the report has one. */
  record: ReportRecordView | undefined;
  /** Its test reported a result. */
  ended: boolean;
  /** The bench had to stop the child (it went quiet, or ran past its deadline). */
  childStopped: boolean;
  timeoutMs: number;
  /** How far past its timeoutMs a run may end before it counts as hung. */
  marginMs: number;
}

const GRADE_ORDER = ['S', 'A', 'B', 'C', 'D', 'F'];

/**
 * The rules, first match wins:
 * - hung: its test never ended because the child was stopped, the record says the run did not
 *   finish, or the run lasted longer than timeoutMs + margin;
 * - crashed: its test failed without a run (runAgent or agentTest threw), or failed with no run
 *   error, no unscored judgement and no judge grade below the bar to say why;
 * - unclassified: the run error's kind (or provider kind) is not a documented one, or its
 *   message is a bare library message; likewise an unscored judgement's reason;
 * - failed: a classified run error, an unscored judgement with a reason, a grade below the bar;
 * - missing: no record at all (the child ended on its own);
 * - passed / skipped: as the report says.
 * `lost` is apart from the outcome: set for a missing record and for a record that holds no run
 * (a run that threw), never for a hung run (its record is missing because the child was stopped).
 */
export function verdictOf(evidence: RunEvidence): RunVerdict {
  const { record } = evidence;
  const lost = !record || (!record.run && record.status !== 'skipped');
  const verdict = (outcome: Outcome, why: string): RunVerdict => ({
    outcome,
    lost: lost && outcome !== 'hung',
    why,
  });

  if (!record) {
    if (evidence.childStopped && !evidence.ended) {
      return verdict('hung', 'still running when the bench stopped the child');
    }
    return verdict('missing', 'no record in report.json');
  }
  if (record.status === 'skipped') {
    const note = record.note ?? 'skipped';
    return verdict(/did not finish/.test(note) ? 'hung' : 'skipped', note);
  }
  if (record.run && record.run.durationMs > evidence.timeoutMs + evidence.marginMs) {
    return verdict(
      'hung',
      `ran ${Math.round(record.run.durationMs)} ms, past its ${evidence.timeoutMs} ms limit`,
    );
  }
  const firstError = record.errors[0]?.split('\n')[0] ?? '(no message)';
  if (record.status === 'passed') return verdict('passed', 'passed');
  if (!record.run) return verdict('crashed', `threw: ${firstError}`);

  const error = record.runError;
  if (error) {
    const providerKind = error.provider?.kind;
    const kindOk =
      CLASSIFIED_RUN_ERRORS.includes(error.kind) &&
      (error.kind !== 'provider' ||
        (providerKind !== undefined && CLASSIFIED_PROVIDER_ERRORS.includes(providerKind)));
    const described = `${error.kind}${providerKind ? `/${providerKind}` : ''}: ${error.message}`;
    const bare =
      isBareMessage(error.message) ||
      (error.provider !== undefined && isBareMessage(error.provider.providerMessage));
    return verdict(kindOk && !bare ? 'failed' : 'unclassified', described);
  }
  const unscored = record.judgements.find((judgement) => judgement.status === 'unscored');
  if (unscored) {
    const why = `unscored: ${unscored.reason}`;
    return verdict(isBareMessage(unscored.reason) ? 'unclassified' : 'failed', why);
  }
  const below = record.judgements.find(
    (judgement) =>
      judgement.status === 'graded' &&
      GRADE_ORDER.indexOf(judgement.grade ?? 'F') > GRADE_ORDER.indexOf(judgement.bar ?? 'F'),
  );
  if (below) return verdict('failed', `judged ${below.grade}, below ${below.bar}`);
  return verdict('crashed', `failed with no run error: ${firstError}`);
}
