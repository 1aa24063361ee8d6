import { FAULT_KINDS, type FaultKind } from '../../test/fakes/fault-plan.js';
import type { FaultProxy, InjectedFault, Traffic } from '../../test/fakes/fault-proxy.js';
import { FAULT_PROVIDERS } from '../../test/fakes/fault-wire.js';
import { type PlannedRun, PROVIDER_LIMITS } from './bench-workload.js';
import type { ChildOutcome } from './child-vitest.js';
import { type Outcome, type ReportRecordView, type RunVerdict, verdictOf } from './run-outcomes.js';

/** Faults a client could retry: the same request sent again after the faulty answer. */
const isRetriable = (fault: InjectedFault) =>
  fault.kind !== 'stall' && fault.kind !== 'endless_tools' && fault.kind !== 'invalid_tool_args';

/** A 429's retry counts as honoured when it comes no sooner than asked; timers may round 1 ms. */
const RETRY_TOLERANCE_MS = 2;

/** Everything the bench gathered about one child run. */
export interface BenchEvidence {
  runs: PlannedRun[];
  records: Map<string, ReportRecordView> | undefined;
  /** Why report.json could not be read, when it could not. */
  reportProblem?: string;
  /** Names of the cases whose test reported a result. */
  ended: Set<string>;
  proxy: FaultProxy;
  child: ChildOutcome;
  /** Errors Vitest reported outside any test (unhandled rejections, a worker that died). */
  unhandledErrors: number;
  timeoutMs: number;
  marginMs: number;
}

/** One printed figure and whether it met its goal. */
interface Figure {
  name: string;
  value: string;
  goal: string;
  met: boolean;
}

const LABELS: Record<FaultKind | 'none', string> = {
  none: 'no fault',
  rate_limit: '429 retry-after',
  server_error: '500',
  unavailable: '503',
  overloaded: '529 overloaded',
  connection_closed: 'closed connection',
  truncated_body: 'truncated body',
  malformed_json: 'malformed JSON',
  invalid_tool_args: 'bad tool arguments',
  stall: 'stall',
  endless_tools: 'endless tool calls',
  judge: 'judge request fault',
};

const OUTCOMES: Outcome[] = [
  'passed',
  'failed',
  'skipped',
  'hung',
  'crashed',
  'unclassified',
  'missing',
];

/** The verdict of every run, in run order. */
export function verdictsOf(evidence: BenchEvidence): RunVerdict[] {
  return evidence.runs.map((run) =>
    verdictOf({
      record: evidence.records?.get(run.name),
      ended: evidence.ended.has(run.name),
      childStopped: evidence.child.stoppedBy !== undefined,
      timeoutMs: evidence.timeoutMs,
      marginMs: evidence.marginMs,
    }),
  );
}

/** A 429 whose retry came no sooner than its retry-after. */
const honoured = (fault: InjectedFault) =>
  fault.retryAfterMs !== undefined &&
  fault.retriedAfterMs !== undefined &&
  fault.retriedAfterMs >= fault.retryAfterMs - RETRY_TOLERANCE_MS;

/** The goals of issue 13, each with what was measured. */
function figures(evidence: BenchEvidence, verdicts: RunVerdict[]): Figure[] {
  const count = (outcome: Outcome) => verdicts.filter((v) => v.outcome === outcome).length;
  const { proxy, child } = evidence;
  const planned = evidence.runs.length;
  const started = evidence.runs.filter((run) => proxy.runsSeen.has(run.n)).length;
  const abnormalExit =
    child.stoppedBy === undefined && !(child.exitCode === 0 || child.exitCode === 1) ? 1 : 0;
  const crashedRuns = count('crashed');
  const crashed = crashedRuns + evidence.unhandledErrors + abnormalExit;
  const childNotes = [
    evidence.unhandledErrors ? `${evidence.unhandledErrors} unhandled errors` : '',
    abnormalExit ? `child exit ${child.exitCode ?? child.signal}` : '',
  ].filter(Boolean);
  const lost = verdicts.filter((v) => v.lost).length;
  const missing = count('missing');
  const lostParts = lost ? ` (${missing} missing, ${lost - missing} without their run)` : '';
  const rateLimits = proxy.injected.filter((fault) => fault.kind === 'rate_limit');
  const retried = rateLimits.filter(honoured).length;
  const never = rateLimits.filter((fault) => fault.retriedAfterMs === undefined).length;
  const early = rateLimits.length - retried - never;
  const misses = [never ? `${never} never retried` : '', early ? `${early} too soon` : ''];
  const list: Figure[] = [
    {
      name: 'runs',
      value: `${started} of ${planned} started`,
      goal: 'all',
      met: started === planned,
    },
    { name: 'hung', value: String(count('hung')), goal: '0', met: count('hung') === 0 },
    {
      name: 'crashed',
      value: childNotes.length
        ? `${crashed} (${crashedRuns} runs, ${childNotes.join(', ')})`
        : String(crashed),
      goal: '0',
      met: crashed === 0,
    },
    {
      name: 'unclassified errors',
      value: String(count('unclassified')),
      goal: '0',
      met: count('unclassified') === 0,
    },
    {
      name: 'lost report records',
      value: `${lost}${lostParts}`,
      goal: '0',
      met: lost === 0,
    },
    {
      name: 'retries honoured',
      value: `${retried} of ${rateLimits.length}${misses.some(Boolean) ? ` (${misses.filter(Boolean).join(', ')})` : ''}`,
      goal: 'all',
      met: retried === rateLimits.length,
    },
  ];
  for (const provider of FAULT_PROVIDERS) {
    const { limit, per } = PROVIDER_LIMITS[provider];
    const { agent, judge } = proxy.traffic[provider];
    const peak = (traffic: Traffic) =>
      per === 'model' ? traffic.maxInFlightPerModel : traffic.maxInFlight;
    list.push({
      name: `in flight, ${provider}`,
      value: `${peak(agent)} (judge ${peak(judge)})`,
      goal: `≤ ${limit} each${per === 'model' ? ' per model' : ''}`,
      met: peak(agent) <= limit && peak(judge) <= limit,
    });
  }
  return list;
}

/** Runs, faults and outcomes per fault kind. */
function kindTable(evidence: BenchEvidence, verdicts: RunVerdict[]): string[] {
  const header = ['fault', 'runs', 'injected', 'retried', ...OUTCOMES, 'lost records'];
  const rows = (['none', ...FAULT_KINDS] as const).map((kind) => {
    const indexes = evidence.runs.flatMap((run, i) =>
      (run.fault?.kind ?? 'none') === kind ? [i] : [],
    );
    const injected = evidence.proxy.injected.filter(
      (fault) => fault.planned === kind && evidence.runs[fault.run]?.fault?.kind === kind,
    );
    const retriable = injected.filter(isRetriable);
    const retried = retriable.filter((fault) => fault.retriedAfterMs !== undefined).length;
    const outcomeCounts = OUTCOMES.map(
      (outcome) => indexes.filter((i) => verdicts[i]?.outcome === outcome).length,
    );
    return [
      LABELS[kind],
      String(indexes.length),
      kind === 'none' ? '-' : String(new Set(injected.map((fault) => fault.run)).size),
      retriable.length ? `${retried}/${retriable.length}` : '-',
      ...outcomeCounts.map(String),
      String(indexes.filter((i) => verdicts[i]?.lost).length),
    ];
  });
  const widths = header.map((_, c) =>
    Math.max(...[header, ...rows].map((row) => (row[c] ?? '').length)),
  );
  const render = (row: string[]) =>
    `  ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')}`;
  return [render(header), ...rows.map(render)];
}

/** The most common reasons behind the runs of `outcome` (or with lost records), with their faults. */
function reasons(
  evidence: BenchEvidence,
  verdicts: RunVerdict[],
  outcome: Outcome | 'lost',
): string[] {
  const groups = new Map<string, { count: number; kinds: Map<string, number> }>();
  verdicts.forEach((verdict, i) => {
    if (outcome === 'lost' ? !verdict.lost : verdict.outcome !== outcome) return;
    // Numbers (turns, ms, ids) differ from run to run; the reason is the same.
    const key = verdict.why.replace(/\d+/g, '#').slice(0, 160);
    const group = groups.get(key) ?? { count: 0, kinds: new Map() };
    group.count += 1;
    const run = evidence.runs[i];
    const kind = `${run?.provider ?? '?'} ${run?.fault?.kind ?? 'no fault'}`;
    group.kinds.set(kind, (group.kinds.get(kind) ?? 0) + 1);
    groups.set(key, group);
  });
  return [...groups.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, 8)
    .map(([why, group]) => {
      const kinds = [...group.kinds.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => `${kind} ×${n}`)
        .join(', ');
      return `    ${String(group.count).padStart(4)}× ${why}  [${kinds}]`;
    });
}

/** The bench's printout, and the goals it missed. */
export function renderBench(
  evidence: BenchEvidence,
  header: string[],
): { text: string; missed: string[] } {
  const verdicts = verdictsOf(evidence);
  const list = figures(evidence, verdicts);
  const width = Math.max(...list.map((figure) => figure.value.length));
  const lines = [
    ...header,
    '',
    ...list.map(
      (figure) =>
        `  ${figure.name.padEnd(20)} ${figure.value.padEnd(width)}   (goal ${figure.goal}: ${figure.met ? 'met' : 'MISSED'})`,
    ),
    '',
    ...kindTable(evidence, verdicts),
  ];
  if (evidence.reportProblem) lines.push('', `  report.json: ${evidence.reportProblem}`);
  for (const outcome of ['hung', 'crashed', 'unclassified', 'lost'] as const) {
    const found = reasons(evidence, verdicts, outcome);
    if (found.length > 0) lines.push('', `  ${outcome}, by reason:`, ...found);
  }
  const early = evidence.proxy.injected.filter(
    (fault) =>
      fault.kind === 'rate_limit' && fault.retriedAfterMs !== undefined && !honoured(fault),
  );
  const unretried = evidence.proxy.injected.filter(
    (fault) => isRetriable(fault) && fault.retriedAfterMs === undefined,
  );
  if (unretried.length > 0) {
    lines.push(
      '',
      '  faults a client could retry, not retried:',
      ...unretried.map(
        (fault) =>
          `    run ${fault.run} (${fault.provider} ${fault.role}): ${fault.kind} on request ${fault.request}`,
      ),
    );
  }
  if (early.length > 0) {
    lines.push(
      '',
      '  retries too soon:',
      ...early.map(
        (fault) =>
          `    run ${fault.run} (${fault.provider} ${fault.role}): asked to wait ${fault.retryAfterMs} ms, came back after ${fault.retriedAfterMs?.toFixed(1)} ms`,
      ),
    );
  }
  if (evidence.proxy.upstreamFailures.length > 0) {
    lines.push(
      '',
      `  harness: ${evidence.proxy.upstreamFailures.length} requests the fakes failed to answer, e.g. ${evidence.proxy.upstreamFailures[0]}`,
    );
  }
  return {
    text: lines.join('\n'),
    missed: list.filter((figure) => !figure.met).map((figure) => `${figure.name}: ${figure.value}`),
  };
}
