import { raceAbort } from '../agent/race-abort.js';
import { startRunClock, stoppedRunError } from '../agent/run-clock.js';
import type { Catalog } from '../models/catalog.js';
import { costOfRequests } from '../models/cost.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { providerEndpoint } from '../providers/provider-endpoint.js';
import { providerFetch } from '../providers/provider-fetch.js';
import {
  type AgentRun,
  type LimitsInput,
  LimitsSchema,
  type RunError,
} from '../records/agent-run.js';
import type { ProviderName } from '../records/provider-facts.js';
import { cassetteStorage, runInSession } from './cassette-session.js';
import { type MeterReading, meterStorage, TrafficMeter } from './traffic-meter.js';

/** The model an agent is run on: what its SDK needs to reach it. */
export interface AgentModel {
  /** The canonical id, e.g. `anthropic:claude-haiku-4-5`. */
  id: string;
  provider: ProviderName;
  /** The provider's own name of the model, sent in requests (`claude-haiku-4-5`). */
  name: string;
  /**
   * The API's base URL as the provider's official SDK takes it: OpenAI `…/v1`, Anthropic without
   * `/v1` (the AI SDK's Anthropic provider wants `${baseURL}/v1`), Ollama the server (its
   * OpenAI-compatible API is at `${baseURL}/v1`), an OpenAI-compatible server its `/v1` URL.
   */
  baseURL: string;
  /** The key (a placeholder in a replay, and for Ollama, which takes none). */
  apiKey: string;
  /**
   * A fetch that keeps the run's traffic attributed to it whatever the SDK does with async
   * context (pools, queues). Hand it to the SDK (`fetch` option) where it takes one.
   */
  fetch: typeof fetch;
}

/** What an agent function gets for one run. */
export interface AgentContext {
  prompt: string;
  /** The folder to work in: a fresh copy of the case's workspace. */
  workspace: string;
  model: AgentModel;
  /** Aborts at the run's timeout or when the test is cancelled; pass it on to the SDK. */
  signal: AbortSignal;
}

/** The answer an agent function returns: its final text, or an object holding it. */
export type AgentAnswer = string | { output: string };

/** Any TypeScript agent, put on the model matrix with agentTest's `agent` option. */
export type CustomAgent = (context: AgentContext) => AgentAnswer | Promise<AgentAnswer>;

export interface RunCustomAgentOptions {
  agent: CustomAgent;
  model: ResolvedModel;
  prompt: string;
  workspace: string;
  limits?: LimitsInput;
  signal?: AbortSignal;
  catalog?: Catalog;
  /** A replayed run: the agent gets a placeholder key; answers come from the cassette session. */
  replay?: boolean;
}

/** A custom agent's run, and what the meter could not measure. */
export interface CustomAgentRun {
  run: AgentRun;
  /** Answered turns whose answer carried no usage (their cost is unknown unless the model is local). */
  turnsWithoutUsage: number;
}

/** The name a custom agent goes by in reports: its function's name, else `agent`. */
export function customAgentName(agent: CustomAgent): string {
  return agent.name.trim() || 'agent';
}

function answerOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'output' in value) {
    const { output } = value as { output: unknown };
    if (typeof output === 'string') return output;
  }
  return undefined;
}

const describeValue = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;

function failureOf(model: ResolvedModel, reading: MeterReading, error: unknown): RunError {
  const said = error instanceof Error ? error.message : String(error);
  const failure = reading.lastFailure;
  if (!failure) return { kind: 'agent', message: `the agent threw: ${said}` };
  return {
    kind: 'provider',
    message: `${model.provider} request failed after ${reading.turns} turn(s): ${failure.message}${said.includes(failure.providerMessage) ? '' : ` (the agent threw: ${said})`}`,
    provider: {
      kind: failure.kind,
      ...(failure.status === undefined ? {} : { status: failure.status }),
      providerMessage: failure.providerMessage,
    },
  };
}

/**
 * Runs an agent nanograde did not write on `model`, metering its provider traffic at the wire:
 * turns, usage, cost, tool calls and a transcript come from the requests and answers themselves
 * (live, recorded or replayed through the cassette interceptor). The agent gets the model's
 * endpoint, key and a metered `fetch`, and a signal that aborts at `limits.timeoutMs`; the
 * meter refuses a request past `maxTurns` and stops the run past `maxCostUsd`. Never throws for
 * what the agent or provider did: a throw is a run error (`provider`, classified, when its last
 * model request failed; `agent` otherwise).
 */
export async function runCustomAgent(options: RunCustomAgentOptions): Promise<CustomAgentRun> {
  const limits = LimitsSchema.parse(options.limits ?? {});
  const { model } = options;
  const started = performance.now();
  const endpoint = providerEndpoint(model, { replay: options.replay ?? false });
  const finish = (reading: MeterReading, output: string, error: RunError | null) => ({
    run: {
      model: model.id,
      output,
      turns: reading.turns,
      toolCalls: reading.toolCalls,
      usage: reading.usage,
      costUsd: reading.costUsd,
      durationMs: performance.now() - started,
      transcript: reading.transcript,
      error,
    },
    turnsWithoutUsage: reading.turnsWithoutUsage,
  });

  const clock = startRunClock(limits.timeoutMs, options.signal);
  const meter = new TrafficMeter({
    model,
    baseURL: endpoint.baseURL,
    catalog: options.catalog,
    limits: { maxTurns: limits.maxTurns, maxCostUsd: limits.maxCostUsd },
    stop: clock.stop,
  });
  if (limits.maxCostUsd !== undefined && costOfRequests(model, []) === null) {
    clock.clear();
    return finish(meter.finish(), '', {
      kind: 'budget',
      message: `maxCostUsd is set but the price of ${model.id} is unknown, so the budget cannot be enforced; add its price to the catalog or drop maxCostUsd`,
    });
  }
  // msw loads with the first metered run: nano-agent tests without a cassette never pay for it.
  const { installCassetteInterceptor } = await import('./cassette-interceptor.js');
  installCassetteInterceptor();
  // Bound to this run's meter and cassette session, whichever async context the SDK calls it in.
  const session = cassetteStorage.getStore();
  const base = providerFetch(model.provider);
  const meteredFetch: typeof fetch = (input, init) =>
    meterStorage.run(meter, () =>
      session ? runInSession(session, () => base(input, init)) : base(input, init),
    );
  const context: AgentContext = {
    prompt: options.prompt,
    workspace: options.workspace,
    signal: clock.signal,
    model: {
      id: model.id,
      provider: model.provider,
      name: model.apiModel,
      baseURL: endpoint.baseURL,
      apiKey: endpoint.apiKey,
      fetch: meteredFetch,
    },
  };

  let answer: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    const value = await meterStorage.run(meter, () =>
      raceAbort(
        Promise.resolve().then(() => options.agent(context)),
        clock.signal,
      ),
    );
    answer = { ok: true, value };
  } catch (error) {
    answer = { ok: false, error };
  }
  clock.clear();
  const reading = meter.finish();
  if (clock.signal.aborted)
    return finish(reading, reading.lastAnswer, stoppedRunError(clock.signal));
  if (!answer.ok)
    return finish(reading, reading.lastAnswer, failureOf(model, reading, answer.error));
  const output = answerOf(answer.value);
  if (output === undefined) {
    return finish(reading, reading.lastAnswer, {
      kind: 'agent',
      message: `the agent returned ${describeValue(answer.value)}; return the answer as a string or as { output: string }`,
    });
  }
  return finish(reading, output, null);
}
