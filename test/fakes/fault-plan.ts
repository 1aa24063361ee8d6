/**
 * Which run gets which fault: a seeded plan, decided per run before anything runs, so the same
 * seed injects the same faults into the same runs whatever order their requests arrive in.
 */

/** Every fault the proxy can inject. */
export const FAULT_KINDS = [
  'rate_limit', // 429 with retry-after
  'server_error', // 500
  'unavailable', // 503
  'overloaded', // 529, Anthropic's overloaded_error
  'connection_closed', // status and headers, part of the body, then the socket is destroyed
  'truncated_body', // a complete HTTP response whose JSON body is cut short
  'malformed_json', // a complete HTTP response whose body is not valid JSON
  'invalid_tool_args', // a tool call whose arguments are broken (bad JSON, or the wrong type)
  'stall', // the request is held (stallMs) before it is answered
  'endless_tools', // the model calls a tool on every turn from then on, never answering
  'judge', // one of the faults above, on the run's judge request instead of the agent's
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a judge request can suffer: every fault but the judge and the endless tool loop. */
export const JUDGE_FAULT_KINDS = FAULT_KINDS.filter(
  (kind): kind is Exclude<FaultKind, 'judge' | 'endless_tools'> =>
    kind !== 'judge' && kind !== 'endless_tools',
);
export type RequestFaultKind = (typeof JUDGE_FAULT_KINDS)[number];

/** The one fault planned for a run. */
export interface PlannedFault {
  kind: FaultKind;
  /**
   * Which request it hits, counting the run's distinct agent requests from 0 (a retry repeats
   * its request's body, so it keeps the index). `endless_tools` hits this one and every later one.
   */
  request: number;
  /** For `judge`: the fault its first judge request gets. */
  judgeFault?: RequestFaultKind;
  /** For `rate_limit` (also on the judge): the seconds the 429 asks the client to wait. */
  retryAfterSeconds?: number;
  /** For cut and corrupted bodies: how much of the body comes through (0–1). */
  cutAt?: number;
}

export interface FaultPlanOptions {
  /** How many runs. */
  runs: number;
  seed: number;
  /** The share of runs that get a fault (0–1). */
  rate: number;
  /**
   * Runs of one group (say, one provider) take the kinds in turn among themselves, so every
   * group gets every kind. Default: one group.
   */
  groupOf?: (run: number) => string;
}

/** A small, fast, seedable generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The plan: run index → its fault (runs without one are absent). Each run is faulted with
 * probability `rate`; the faulted runs of each group take the kinds in turn, from a seeded
 * starting point, so every kind gets its share (±1 per group) instead of whatever a die would
 * give a few dozen runs.
 */
export function planFaults(options: FaultPlanOptions): Map<number, PlannedFault> {
  if (!(options.rate >= 0 && options.rate <= 1)) {
    throw new RangeError(`rate must be between 0 and 1, got ${options.rate}`);
  }
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const plan = new Map<number, PlannedFault>();
  const start = Math.floor(random() * FAULT_KINDS.length);
  const next = new Map<string, number>();
  for (let run = 0; run < options.runs; run++) {
    // Every run draws the same numbers whether or not it is faulted: under one seed, a run
    // faulted at a lower rate is faulted at every higher one.
    const draw = random();
    const request = random() < 0.5 ? 0 : 1;
    const judgeFault = pick(JUDGE_FAULT_KINDS);
    const retryAfterSeconds = random() < 0.5 ? 1 : 2;
    const cutAt = 0.2 + 0.6 * random();
    if (draw >= options.rate) continue;
    const group = options.groupOf?.(run) ?? '';
    const turn = next.get(group) ?? start;
    next.set(group, turn + 1);
    const kind = FAULT_KINDS[turn % FAULT_KINDS.length] as FaultKind;
    // A model answers with its arguments on its first turn (it reads the task's file).
    const fault: PlannedFault = {
      kind,
      request: kind === 'invalid_tool_args' ? 0 : request,
      cutAt,
    };
    if (kind === 'judge') fault.judgeFault = judgeFault;
    if (kind === 'rate_limit' || fault.judgeFault === 'rate_limit') {
      fault.retryAfterSeconds = retryAfterSeconds;
    }
    plan.set(run, fault);
  }
  return plan;
}
