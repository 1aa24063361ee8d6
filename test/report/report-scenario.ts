import type { ReportEntry } from '../../src/records/report.js';
import { entry, judgement, TIMEOUT } from './report-entries.js';

const NO_KEY = 'ANTHROPIC_API_KEY is not set';

/**
 * Two cases on five real models and the built-ins, with every kind of outcome: passed, failed,
 * judged (at, above and below the bar), a timeout, a skipped model, a local $0 model and a
 * broken case. build-report.test.ts works out its grades by hand.
 */
export function scenarioEntries(): ReportEntry[] {
  return [
    // roster: checks only.
    entry({ case: 'roster', model: 'openai:gpt-5', durationMs: 10_000, costUsd: 0.01 }),
    entry({ case: 'roster', model: 'openai:gpt-5-mini', durationMs: 12_000, costUsd: 0.002 }),
    entry({
      case: 'roster',
      model: 'openai:gpt-5-nano',
      status: 'failed',
      durationMs: 6_000,
      costUsd: 0.0005,
      errors: ['expected "Done: 2 files" to match /^Done: 3 files$/\n\n- Expected\n+ Received'],
    }),
    entry({ case: 'roster', model: 'anthropic:claude-haiku-4-5', unavailable: NO_KEY }),
    entry({ case: 'roster', model: 'ollama:gpt-oss:20b', durationMs: 40_000, costUsd: 0 }),
    entry({
      case: 'roster',
      model: 'builtin:reference',
      builtin: 'reference',
      durationMs: 5,
      costUsd: 0,
      usage: { inputTokens: 0, outputTokens: 0 },
    }),
    // summary: judged, bar B.
    entry({
      case: 'summary',
      model: 'openai:gpt-5',
      durationMs: 20_000,
      costUsd: 0.02,
      judgements: [judgement('A', 'B')],
    }),
    entry({
      case: 'summary',
      model: 'openai:gpt-5-mini',
      status: 'failed',
      durationMs: 15_000,
      costUsd: 0.004,
      judgements: [judgement('C', 'B', { reason: 'misses two of the five services' })],
      errors: ['expected the judge to grade the run at least B, got C'],
    }),
    entry({
      case: 'summary',
      model: 'openai:gpt-5-nano',
      status: 'failed',
      error: TIMEOUT,
      durationMs: 30_000,
      costUsd: 0.001,
      errors: ['openai:gpt-5-nano: the run ended with timeout: the run took longer than 1000 ms'],
    }),
    entry({ case: 'summary', model: 'anthropic:claude-haiku-4-5', unavailable: NO_KEY }),
    entry({
      case: 'summary',
      model: 'ollama:gpt-oss:20b',
      durationMs: 60_000,
      costUsd: 0,
      judgements: [judgement('B', 'B', { costUsd: 0.0003 })],
    }),
    entry({
      case: 'summary',
      model: 'builtin:null',
      builtin: 'null',
      status: 'failed',
      output: '',
      durationMs: 5,
      costUsd: 0,
      brokenCase: 'the checks pass on an empty answer',
      errors: ['case "summary" is broken: its checks pass on the null model\'s empty answer'],
    }),
  ];
}
