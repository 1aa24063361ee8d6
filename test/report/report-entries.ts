import type { AgentRun, RunError, Usage } from '../../src/records/agent-run.js';
import type { JudgeRecord } from '../../src/records/case-record.js';
import type { Grade } from '../../src/records/grade.js';
import type { ReportEntry } from '../../src/records/report.js';
import { makeRun } from '../vitest/agent-run-factory.js';

/** What a test entry may say about its run. */
export interface EntrySpec {
  case?: string;
  model: string;
  status?: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  costUsd?: number | null;
  usage?: Partial<Usage>;
  turns?: number;
  output?: string;
  error?: RunError | null;
  judgements?: JudgeRecord[];
  errors?: string[];
  /** Skipped as unavailable, with this message. */
  unavailable?: string;
  builtin?: 'reference' | 'null';
  brokenCase?: string;
  run?: Partial<AgentRun>;
}

const providerOf = (model: string) => model.slice(0, model.indexOf(':'));

/** A report entry as agentTest and the reporter would produce it, valid against the schemas. */
export function entry(spec: EntrySpec): ReportEntry {
  const status = spec.status ?? (spec.unavailable ? 'skipped' : 'passed');
  const provider = providerOf(spec.model);
  const ran = status !== 'skipped';
  const usage: Usage = {
    inputTokens: 1200,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 80,
    reasoningTokens: 0,
    ...spec.usage,
  };
  return {
    record: {
      schemaVersion: 1,
      case: spec.case ?? 'roster',
      model: spec.model,
      provider,
      ...(spec.builtin ? { builtin: spec.builtin } : {}),
      ...(spec.unavailable
        ? { unavailable: { reason: 'missing_key', message: spec.unavailable } }
        : {}),
      ...(ran
        ? {
            run: makeRun({
              model: spec.model,
              durationMs: spec.durationMs ?? 1000,
              costUsd: spec.costUsd === undefined ? 0.001 : spec.costUsd,
              usage,
              turns: spec.turns ?? 2,
              output: spec.output ?? 'Done.',
              error: spec.error ?? null,
              ...spec.run,
            }),
          }
        : {}),
      ...(spec.judgements ? { judgements: spec.judgements } : {}),
      ...(spec.brokenCase ? { brokenCase: spec.brokenCase } : {}),
    },
    status,
    ...(spec.unavailable ? { note: `${spec.model} unavailable: ${spec.unavailable}` } : {}),
    ...(status === 'failed' ? { errors: spec.errors ?? ['expected the answer to match'] } : {}),
  };
}

/** A judge verdict: graded by default, at no cost. */
export function judgement(
  grade: Grade | null,
  bar: Grade,
  overrides: Partial<JudgeRecord> = {},
): JudgeRecord {
  return {
    status: grade === null ? 'unscored' : 'graded',
    bar,
    grade,
    reason: grade === null ? 'the judge reply was not JSON' : `graded ${grade}`,
    judge: 'openai:gpt-5-mini',
    costUsd: 0.0002,
    durationMs: 900,
    ...overrides,
  };
}

/** A timeout run error. */
export const TIMEOUT: RunError = { kind: 'timeout', message: 'the run took longer than 1000 ms' };
