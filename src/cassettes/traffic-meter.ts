import { AsyncLocalStorage } from 'node:async_hooks';
import type { Catalog } from '../models/catalog.js';
import { costOfRequests, pricingOf } from '../models/cost.js';
import { type ResolvedModel, resolveModel } from '../models/resolve-model.js';
import { classifyHttpFailure } from '../providers/http-failure.js';
import { ProviderError } from '../providers/provider-types.js';
import {
  isProviderApiPath,
  type ModelApi,
  type ModelResponseReading,
  readModelRequest,
  readModelResponse,
} from '../providers/read-traffic.js';
import {
  addUsage,
  emptyUsage,
  type RunError,
  type ToolCallRecord,
  type TranscriptMessage,
  type Usage,
} from '../records/agent-run.js';

// Headers that describe the wire encoding, not the body handed on (fetch has decoded it).
const WIRE_HEADERS = ['content-encoding', 'content-length', 'transfer-encoding'];

/** One model request an agent made, and what came of it. */
interface MeteredExchange {
  api: ModelApi;
  requestText: string;
  startedAt: number;
  endedAt?: number;
  status?: number;
  contentType: string;
  chunks: Uint8Array[];
  settled: boolean;
  reading?: ModelResponseReading;
  /** Why it counts as failed: an HTTP error, no answer, an answer that cannot be read. */
  failure?: ProviderError;
}

/** The limits a meter holds an agent to: it refuses the request past them and stops the run. */
export interface MeterLimits {
  maxTurns: number;
  maxCostUsd?: number | undefined;
}

export interface TrafficMeterOptions {
  model: ResolvedModel;
  /** The base URL the agent was given: only traffic to its host is the model's. */
  baseURL: string;
  catalog?: Catalog | undefined;
  limits: MeterLimits;
  /** Ends the run with `error` (a limit it reached). */
  stop: (error: RunError) => void;
}

/** What a meter read from an agent's traffic once its run is over. */
export interface MeterReading {
  /** Model requests that were answered (failed attempts, such as a 429 an SDK retried, are not turns). */
  turns: number;
  usage: Usage;
  /** null when the price is unknown, or some paid answer carried no usage. */
  costUsd: number | null;
  toolCalls: ToolCallRecord[];
  transcript: TranscriptMessage[];
  /** The last model answer's text. */
  lastAnswer: string;
  /** Answered turns whose answer carried no usage (a stream without `include_usage`). */
  turnsWithoutUsage: number;
  /** Model requests that failed (HTTP errors, no answer, unreadable answers). */
  failedRequests: number;
  /** Set when the agent's last model request failed: the provider's fault, classified. */
  lastFailure?: ProviderError;
}

/** The meter of the agent run whose code is making the current request. */
export const meterStorage = new AsyncLocalStorage<TrafficMeter>();

/**
 * Meters one agent run's model traffic at the wire: every answered model request is a turn; its
 * usage, tool calls and text come from the answer (JSON or a stream, read as it passes to the
 * agent), its cost from the catalog. The cassette interceptor hands it each model request made
 * inside the run (`meterStorage`), whether the answer is live, recorded or replayed.
 */
export class TrafficMeter {
  readonly #options: TrafficMeterOptions;
  readonly #exchanges: MeteredExchange[] = [];
  #closed = false;

  readonly #origin: string;

  constructor(options: TrafficMeterOptions) {
    this.#options = options;
    this.#origin = new URL(options.baseURL).origin;
  }

  /** Whether a request is the model's traffic: to the model's host, on one of its API routes. */
  covers(url: URL): boolean {
    return url.origin === this.#origin && isProviderApiPath(url.pathname);
  }

  /**
   * Starts metering a model request, or refuses it (undefined): after the run is over, or when it
   * would pass `maxTurns` (which also stops the run).
   */
  begin(api: ModelApi, requestText: string): MeteredExchange | undefined {
    if (this.#closed) return undefined;
    const { maxTurns } = this.#options.limits;
    if (this.#exchanges.filter((exchange) => !exchange.failure).length >= maxTurns) {
      this.#options.stop({
        kind: 'max_turns',
        message: `the agent was still calling the model after ${maxTurns} turns; raise limits.maxTurns or simplify the task`,
      });
      return undefined;
    }
    const exchange: MeteredExchange = {
      api,
      requestText,
      startedAt: performance.now(),
      contentType: '',
      chunks: [],
      settled: false,
    };
    this.#exchanges.push(exchange);
    return exchange;
  }

  /** The request got no answer at all. */
  fail(exchange: MeteredExchange, error: ProviderError): void {
    exchange.failure = error;
    exchange.endedAt = performance.now();
    exchange.settled = true;
  }

  /** The answer to hand the agent: the same status, headers and body, read by the meter as it passes. */
  observe(exchange: MeteredExchange, response: Response): Response {
    exchange.status = response.status;
    exchange.contentType = response.headers.get('content-type') ?? '';
    // Copied one by one: `new Headers(response.headers)` comes out empty for a response that an
    // msw handler built itself (seen with msw 2 under Vitest), and the SDKs need content-type.
    const headers = new Headers();
    response.headers.forEach((value, name) => {
      if (!WIRE_HEADERS.includes(name)) headers.append(name, value);
    });
    const init = { status: response.status, statusText: response.statusText, headers };
    const source = response.body;
    if (!source) {
      this.#settle(exchange);
      return new Response(null, init);
    }
    const reader = source.getReader();
    const settle = (cut?: string) => this.#settle(exchange, cut);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            settle();
            controller.close();
            return;
          }
          exchange.chunks.push(value);
          controller.enqueue(value);
        } catch (error) {
          settle(`the answer broke off (${(error as Error).message})`);
          controller.error(error);
        }
      },
      cancel(reason) {
        settle('the agent stopped reading the answer');
        return reader.cancel(reason);
      },
    });
    return new Response(body, init);
  }

  /** Reads a finished (or abandoned) answer, then checks the budget. */
  #settle(exchange: MeteredExchange, cut?: string): void {
    if (exchange.settled) return;
    exchange.settled = true;
    exchange.endedAt = performance.now();
    const text = Buffer.concat(exchange.chunks).toString('utf8');
    const status = exchange.status ?? 0;
    if (status >= 400) {
      exchange.failure = classifyHttpFailure(status, text);
      return;
    }
    try {
      const turn = this.#exchanges.indexOf(exchange) + 1;
      exchange.reading = readModelResponse(exchange.api, text, exchange.contentType, turn);
    } catch (error) {
      exchange.failure =
        error instanceof ProviderError
          ? error
          : new ProviderError('bad_response', (error as Error).message);
      if (cut)
        exchange.failure = new ProviderError('network', `${cut}: ${exchange.failure.message}`);
      return;
    }
    this.#checkBudget();
  }

  #checkBudget(): void {
    const { maxCostUsd } = this.#options.limits;
    if (maxCostUsd === undefined) return;
    const spent = this.#cost(this.#answered());
    if (spent !== null && spent > maxCostUsd) {
      this.#options.stop({
        kind: 'budget',
        message: `the run cost $${spent.toFixed(6)} after ${this.#answered().length} turn(s), over its budget of $${maxCostUsd}`,
      });
    }
  }

  #answered(): MeteredExchange[] {
    return this.#exchanges.filter((exchange) => exchange.reading && !exchange.failure);
  }

  /** The model a request was priced as: the run's model, or another of its provider it named. */
  #pricedModel(requestText: string, api: ModelApi): ResolvedModel | undefined {
    const { model, catalog } = this.#options;
    const name = readModelRequest(api, requestText).model;
    if (name === undefined || name === model.apiModel) return model;
    try {
      return resolveModel(`${model.provider}:${name}`, catalog);
    } catch {
      return undefined;
    }
  }

  /**
   * What the answered exchanges cost, each billed on its own; null when any price or usage is
   * unknown — and for a paid model when the meter saw no model request at all: an agent whose
   * SDK bypassed model.baseURL and model.fetch looks just like that, so $0 would be a guess.
   */
  #cost(exchanges: MeteredExchange[]): number | null {
    if (this.#exchanges.length === 0) return pricingOf(this.#options.model) === 'local' ? 0 : null;
    let total = 0;
    for (const exchange of exchanges) {
      const priced = this.#pricedModel(exchange.requestText, exchange.api);
      if (!priced) return null;
      const usage = exchange.reading?.result.usage ?? emptyUsage();
      if (!exchange.reading?.usageKnown && pricingOf(priced) !== 'local') return null;
      const cost = costOfRequests(priced, [usage]);
      if (cost === null) return null;
      total += cost;
    }
    return total;
  }

  /**
   * Ends metering: requests still in flight are read as far as they came, later ones are
   * refused. Returns the run's turns, usage, cost, tool calls and a transcript rebuilt from the
   * traffic (each request's new messages, then the model's answer).
   */
  finish(): MeterReading {
    this.#closed = true;
    for (const exchange of this.#exchanges) {
      if (!exchange.settled) {
        if (exchange.status === undefined) {
          this.fail(
            exchange,
            new ProviderError('network', 'the request got no answer before the run ended'),
          );
        } else this.#settle(exchange, 'the run ended before the answer did');
      }
    }
    const answered = this.#answered();
    const last = this.#exchanges.at(-1);
    const rebuilt = rebuildConversation(answered);
    return {
      turns: answered.length,
      usage: answered.reduce(
        (sum, exchange) => addUsage(sum, exchange.reading?.result.usage ?? emptyUsage()),
        emptyUsage(),
      ),
      costUsd: this.#cost(answered),
      ...rebuilt,
      turnsWithoutUsage: answered.filter((exchange) => !exchange.reading?.usageKnown).length,
      failedRequests: this.#exchanges.filter((exchange) => exchange.failure).length,
      ...(last?.failure ? { lastFailure: last.failure } : {}),
    };
  }
}

/** A tool call's arguments as recorded: parsed JSON, or the raw text when it is not JSON. */
function parsedArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The conversation as the traffic shows it. The first request gives the system prompt and the
 * task; each later one adds what came after the model's last answer in it (tool results, new
 * user messages); each answer adds the model's message. Tool results settle their calls: ok
 * unless the API flags an error (Anthropic's `is_error`), and the time the agent took between
 * the answer that asked and the request that brought the result.
 */
function rebuildConversation(answered: MeteredExchange[]): {
  transcript: TranscriptMessage[];
  toolCalls: ToolCallRecord[];
  lastAnswer: string;
} {
  const transcript: TranscriptMessage[] = [];
  const toolCalls: ToolCallRecord[] = [];
  const open: { id: string; name: string; record: ToolCallRecord; askedAt: number }[] = [];
  let lastAnswer = '';
  answered.forEach((exchange, index) => {
    const turn = index + 1;
    const { messages } = readModelRequest(exchange.api, exchange.requestText);
    const lastAssistant = messages.findLastIndex((message) => message.role === 'assistant');
    const added =
      index === 0
        ? messages
        : lastAssistant === -1
          ? messages.filter((message) => message.role !== 'system')
          : messages.slice(lastAssistant + 1);
    for (const message of added) {
      if (message.role !== 'tool') {
        transcript.push(message);
        continue;
      }
      // Ollama's results carry only the tool's name: they answer the open calls in order.
      const at = open.findIndex((call) =>
        message.toolCallId ? call.id === message.toolCallId : call.name === message.name,
      );
      const call = at === -1 ? undefined : open.splice(at, 1)[0];
      if (call) {
        call.record.ok = !message.isError;
        if (message.isError) call.record.error = message.content;
        call.record.durationMs = Math.max(0, exchange.startedAt - call.askedAt);
      }
      transcript.push({
        ...message,
        toolCallId: message.toolCallId || call?.id || '',
        name: message.name || call?.name || '',
      });
    }
    const result = exchange.reading?.result;
    if (!result) return;
    transcript.push(result.message);
    lastAnswer = result.message.content;
    for (const call of result.message.toolCalls) {
      const record: ToolCallRecord = {
        name: call.name,
        args: parsedArguments(call.arguments),
        ok: true,
        durationMs: 0,
        turn,
      };
      toolCalls.push(record);
      open.push({
        id: call.id,
        name: call.name,
        record,
        askedAt: exchange.endedAt ?? exchange.startedAt,
      });
    }
  });
  return { transcript, toolCalls, lastAnswer };
}
