import { raceAbort } from '../agent/race-abort.js';
import { gradeSpread, medianGrade } from '../grading/grade-scale.js';
import { acceptsSampling, type Capabilities } from '../models/capabilities.js';
import { costOfRequests } from '../models/cost.js';
import { capabilitiesOf, type ResolvedModel } from '../models/resolve-model.js';
import type { CompletionRequest, CompletionResult, Provider } from '../providers/provider-types.js';
import { providerFor } from '../providers/registry.js';
import { addUsage, emptyUsage, type TranscriptMessage, type Usage } from '../records/agent-run.js';
import type { JudgeRecord } from '../records/case-record.js';
import type { Grade } from '../records/grade.js';
import {
  GRADE_TOOL,
  GRADE_TOOL_NAME,
  type GradeReply,
  REASON_MAX_CHARS,
  readGradeReply,
} from './grade-reply.js';
import { JUDGE_SYSTEM_PROMPT, type JudgeInput, judgeMessage } from './judge-prompt.js';

/** How long one judge request may take by default. */
export const DEFAULT_JUDGE_TIMEOUT_MS = 120_000;
/** Room for a reasoning judge to think before it calls the grade tool. */
const JUDGE_MAX_OUTPUT_TOKENS = 8_192;

export interface GradeRunOptions {
  /** What the judge is shown of the run. */
  input: JudgeInput;
  /** The grade the run must reach; recorded with the verdict. */
  bar: Grade;
  judge: ResolvedModel;
  /** Overrides the provider chosen from the judge model (tests, custom adapters). */
  provider?: Provider;
  /** How many times to ask, concurrently; the grade is the median vote (default 1). */
  votes?: number;
  /** How long one judge request may take (default 120 s); a slower judge leaves the run unscored. */
  timeoutMs?: number;
  /** Aborts the judging (the test's own signal): the abort propagates, it is not a verdict. */
  signal?: AbortSignal;
  /** Runs each judge request, e.g. to bound how many run at once on one provider. */
  schedule?: <T>(request: () => Promise<T>) => Promise<T>;
}

/** One vote: a grade with its reason, or why the judge gave none. */
type Vote = { ok: true; reply: GradeReply } | { ok: false; failure: string };

interface Ballot {
  vote: Vote;
  usages: Usage[];
}

class JudgeTimeout extends Error {
  constructor(ms: number) {
    super(`judge timed out after ${ms / 1000} s`);
    this.name = 'JudgeTimeout';
  }
}

/**
 * How the judge asks for its grade, by what the judge model's API accepts: a forced call of the
 * grade tool; else (no forced tool use, e.g. Claude Opus/Sonnet 5.5) the grade's JSON Schema as
 * the API's structured output (Ollama's `format`); else the grade tool offered with
 * `tool_choice: auto`, the system prompt telling the judge to call it.
 */
export type GradeAsk = 'forced_tool' | 'structured_output' | 'instructed_tool';

/** The way to ask a judge with these capabilities for its grade. */
export function gradeAskFor(capabilities: Capabilities): GradeAsk {
  if (capabilities.toolChoice.includes('tool')) return 'forced_tool';
  return capabilities.structuredOutput ? 'structured_output' : 'instructed_tool';
}

/**
 * Grades a run with a judge model: the grade is asked for the way the judge's API allows (see
 * `GradeAsk`), checked with zod, and asked once more (with what was wrong) when it cannot be read.
 * A reply still unreadable, a failed request or a timeout leaves the run `unscored` — never a
 * grade nobody gave. With several votes the grade is their median; the judge's tokens and cost
 * over every request (retries included) are recorded apart from the agent's.
 */
export async function gradeRun(options: GradeRunOptions): Promise<JudgeRecord> {
  const started = performance.now();
  const votes = options.votes ?? 1;
  if (!Number.isInteger(votes) || votes < 1) {
    throw new RangeError(`votes must be a whole number of at least 1, got ${votes}`);
  }
  const provider = options.provider ?? providerFor(options.judge);
  const prompt = judgeMessage(options.input);
  const capabilities = capabilitiesOf(options.judge);
  const ballots = await Promise.all(
    Array.from({ length: votes }, () => castVote(options, provider, prompt, capabilities)),
  );
  const usages = ballots.flatMap((ballot) => ballot.usages);
  const usage = usages.reduce(addUsage, emptyUsage());
  const grades = ballots.flatMap((ballot) => (ballot.vote.ok ? [ballot.vote.reply.grade] : []));
  const accounting = {
    bar: options.bar,
    judge: options.judge.id,
    ...(votes > 1 ? { votes: grades, spread: gradeSpread(grades) } : {}),
    usage,
    costUsd: costOfRequests(options.judge, usages),
    durationMs: performance.now() - started,
  };
  const failures = ballots.flatMap((ballot) => (ballot.vote.ok ? [] : [ballot.vote.failure]));
  if (failures.length > 0) {
    const which = votes > 1 ? `${failures.length} of ${votes} votes could not be scored; ` : '';
    return { status: 'unscored', grade: null, reason: `${which}${failures[0]}`, ...accounting };
  }
  const grade = medianGrade(grades);
  const replies = ballots.flatMap((ballot) => (ballot.vote.ok ? [ballot.vote.reply] : []));
  const reason = replies.find((reply) => reply.grade === grade)?.reason ?? '';
  const summary =
    votes > 1
      ? `median of ${votes} votes (${grades.join(', ')}; spread ${gradeSpread(grades)}): `
      : '';
  return { status: 'graded', grade, reason: `${summary}${reason}`, ...accounting };
}

/** Asks the judge once, and once more with what was wrong when its reply cannot be read. */
async function castVote(
  options: GradeRunOptions,
  provider: Provider,
  prompt: string,
  capabilities: Capabilities,
): Promise<Ballot> {
  const messages: TranscriptMessage[] = [{ role: 'user', content: prompt }];
  const usages: Usage[] = [];
  const how = gradeAskFor(capabilities);
  let problem = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    let result: CompletionResult;
    try {
      result = await ask(options, provider, messages, capabilities);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      return { vote: { ok: false, failure: describeFailure(error) }, usages };
    }
    usages.push(result.usage);
    const read = readGradeReply(result, how === 'structured_output' ? 'text' : 'tool');
    if (read.ok) return { vote: { ok: true, reply: read.reply }, usages };
    problem = read.problem;
    messages.push(...retryMessages(result, problem, how));
  }
  const failure = `the judge's reply could not be read, even after one retry: ${problem}`;
  return { vote: { ok: false, failure }, usages };
}

/** The parts of a judge request that say how the grade is asked for. */
function askParts(
  capabilities: Capabilities,
): Pick<CompletionRequest, 'tools' | 'toolChoice' | 'responseFormat'> {
  switch (gradeAskFor(capabilities)) {
    case 'forced_tool':
      return { tools: [GRADE_TOOL], toolChoice: { name: GRADE_TOOL_NAME } };
    case 'structured_output':
      return {
        tools: [],
        responseFormat: { name: GRADE_TOOL_NAME, schema: GRADE_TOOL.parameters },
      };
    case 'instructed_tool':
      return { tools: [GRADE_TOOL] };
  }
}

/** One judge request, asked the way the judge takes it; temperature 0 where the model takes one. */
function ask(
  options: GradeRunOptions,
  provider: Provider,
  messages: TranscriptMessage[],
  capabilities: Capabilities,
): Promise<CompletionResult> {
  const request = () => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_JUDGE_TIMEOUT_MS;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new JudgeTimeout(timeoutMs)), timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout.signal])
      : timeout.signal;
    const completion = provider.complete({
      model: options.judge.apiModel,
      system: JUDGE_SYSTEM_PROMPT,
      messages: [...messages],
      ...askParts(capabilities),
      maxOutputTokens: Math.min(
        JUDGE_MAX_OUTPUT_TOKENS,
        capabilities.maxOutputTokens ?? JUDGE_MAX_OUTPUT_TOKENS,
      ),
      capabilities,
      ...(acceptsSampling(capabilities) ? { options: { temperature: 0 } } : {}),
      signal,
    });
    // A client that ignores its signal still cannot hold the judge past its timeout.
    return raceAbort(completion, signal).finally(() => clearTimeout(timer));
  };
  return options.schedule ? options.schedule(request) : request();
}

/** The turn to send back when a reply could not be read: the judge is told what was wrong. */
function retryMessages(
  result: CompletionResult,
  problem: string,
  how: GradeAsk,
): TranscriptMessage[] {
  const answer =
    how === 'structured_output'
      ? 'Answer with one JSON object:'
      : `Call ${GRADE_TOOL_NAME} once, with`;
  const feedback = `Your reply could not be used: ${problem}. ${answer} a reason of at most ${REASON_MAX_CHARS} characters and a grade of S, A, B, C, D or F.`;
  const calls = result.message.toolCalls;
  if (calls.length === 0) return [result.message, { role: 'user', content: feedback }];
  // Every call must be answered before the judge may call again.
  return [
    result.message,
    ...calls.map((call) => ({
      role: 'tool' as const,
      toolCallId: call.id,
      name: call.name,
      content: `Error: ${feedback}`,
      isError: true,
    })),
  ];
}

function describeFailure(error: unknown): string {
  if (error instanceof JudgeTimeout) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `the judge's request failed: ${message}`;
}
