/**
 * A seeded fault proxy: real HTTP servers on 127.0.0.1, one per provider, that forward to the
 * provider fakes (or any server of that API) and break the requests a fault plan names — HTTP
 * errors in the provider's own shape, dropped connections, cut and corrupted bodies, broken tool
 * arguments, stalls, a model that never stops calling tools, faults on the judge's requests.
 * It also measures what a client did about them: requests in flight per provider (agent and judge
 * apart), and whether a retry came and when.
 *
 * A request belongs to a run by a tag in its body (`(run 0042)` in the task prompt, which the
 * judge's request quotes too); it is the judge's when it offers the grade tool. Its index is the
 * count of the run's distinct request bodies before it: an SDK retry sends the same body, so it
 * is recognised as the retry of the request it repeats.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GRADE_TOOL_NAME } from '../../src/judge/grade-reply.js';
import type { FaultKind, PlannedFault, RequestFaultKind } from './fault-plan.js';
import {
  breakToolArguments,
  corruptJson,
  errorResponse,
  FAULT_PROVIDERS,
  type FaultProvider,
  forceToolCall,
  type MadeUpResponse,
} from './fault-wire.js';
import { delay } from './serve-fake.js';

/** Who sent a request: the agent under test, or the judge grading its run. */
export type RequestRole = 'agent' | 'judge';

/** The tag that ties a request to run `n`: put it in the run's prompt. */
export const runTag = (n: number): string => `(run ${String(n).padStart(4, '0')})`;

/** The run a request body belongs to, by its tag; undefined for untagged traffic. */
export function runOfBody(bodyText: string): number | undefined {
  const match = /\(run (\d+)\)/.exec(bodyText);
  return match ? Number(match[1]) : undefined;
}

/** A fault the proxy injected, and what the client did next. */
export interface InjectedFault {
  run: number;
  provider: FaultProvider;
  role: RequestRole;
  /** What the plan said (`judge` for a fault on the judge's request). */
  planned: FaultKind;
  /** What this request got. */
  kind: RequestFaultKind | 'endless_tools';
  /** The run's request index (per role) it hit. */
  request: number;
  /** For a 429: how long the client was asked to wait. */
  retryAfterMs?: number;
  /** When the client sent the same request again: ms after the faulty answer ended. */
  retriedAfterMs?: number;
  /** For a stall: the client gave up (closed the connection) this many ms into it. */
  clientGaveUpAfterMs?: number;
}

/** Requests of one provider and role. */
export interface Traffic {
  requests: number;
  inFlight: number;
  maxInFlight: number;
  /** The most requests for one model at once (Ollama's limit is per model). */
  maxInFlightPerModel: number;
}

export interface FaultProxyOptions {
  /** Where each provider's requests go, e.g. a served fake's URL. */
  upstreams: Partial<Record<FaultProvider, string>>;
  /** The fault planned for a run, if any. */
  faultFor: (run: number) => PlannedFault | undefined;
  /** How long a stall holds a request before forwarding it (the client may give up first). */
  stallMs: number;
}

export interface FaultProxy {
  /** The URL standing in for each provider's server. */
  urls: Partial<Record<FaultProvider, string>>;
  /** Every fault injected, in the order injected. */
  injected: InjectedFault[];
  /** Model requests (POST) per provider and role. */
  traffic: Record<FaultProvider, Record<RequestRole, Traffic>>;
  /** Runs that sent at least one agent request. */
  runsSeen: Set<number>;
  /** Requests the proxy could not forward (the upstream failed, not the client). */
  upstreamFailures: string[];
  /** When a request last started or ended (performance.now()). */
  lastActivity(): number;
  /** Requests in flight now, over every provider. */
  inFlight(): number;
  close(): Promise<void>;
}

/** What the proxy knows of one run's requests in one role. */
interface RequestHistory {
  /** Body hashes in order of first appearance: the index of a request. */
  bodies: string[];
  /** The last fault per body hash that still waits for its retry. */
  awaitingRetry: Map<string, { fault: InjectedFault; endedAt: number }>;
}

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'host',
  'accept-encoding',
];

const STATUS_OF = {
  rate_limit: 429,
  server_error: 500,
  unavailable: 503,
  overloaded: 529,
} as const;

/** The model a request body names (every provider's model request has a top-level `model`). */
function modelOfBody(bodyText: string): string {
  try {
    const model = (JSON.parse(bodyText) as { model?: unknown }).model;
    return typeof model === 'string' ? model : '';
  } catch {
    return '';
  }
}

/** Starts one proxy server per upstream on 127.0.0.1 (ephemeral ports). */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const emptyCounter = (): Traffic => ({
    requests: 0,
    inFlight: 0,
    maxInFlight: 0,
    maxInFlightPerModel: 0,
  });
  const emptyTraffic = (): Record<RequestRole, Traffic> => ({
    agent: emptyCounter(),
    judge: emptyCounter(),
  });
  /** Requests in flight per provider, role and model. */
  const perModel = new Map<string, number>();
  const traffic = Object.fromEntries(FAULT_PROVIDERS.map((p) => [p, emptyTraffic()])) as Record<
    FaultProvider,
    Record<RequestRole, Traffic>
  >;
  const injected: InjectedFault[] = [];
  const runsSeen = new Set<number>();
  const upstreamFailures: string[] = [];
  const histories = new Map<string, RequestHistory>();
  let lastActivity = performance.now();
  const touch = () => {
    lastActivity = performance.now();
  };

  /** The request's index in its run and role, noting a retry of a faulted request. */
  function place(run: number, role: RequestRole, bodyText: string) {
    const key = `${run}/${role}`;
    let history = histories.get(key);
    if (!history) {
      history = { bodies: [], awaitingRetry: new Map() };
      histories.set(key, history);
    }
    const hash = createHash('sha1').update(bodyText).digest('hex');
    let index = history.bodies.indexOf(hash);
    const attempt = index < 0 ? 0 : 1;
    if (index < 0) index = history.bodies.push(hash) - 1;
    const waiting = history.awaitingRetry.get(hash);
    if (waiting) {
      waiting.fault.retriedAfterMs = performance.now() - waiting.endedAt;
      history.awaitingRetry.delete(hash);
    }
    const faultEnded = (fault: InjectedFault) =>
      history.awaitingRetry.set(hash, { fault, endedAt: performance.now() });
    return { index, attempt, faultEnded };
  }

  /** The fault this request gets, if any. */
  function decide(
    fault: PlannedFault | undefined,
    role: RequestRole,
    index: number,
    attempt: number,
  ): RequestFaultKind | 'endless_tools' | undefined {
    if (!fault) return undefined;
    if (role === 'judge') {
      return fault.kind === 'judge' && index === 0 && attempt === 0 ? fault.judgeFault : undefined;
    }
    if (fault.kind === 'judge') return undefined;
    if (fault.kind === 'endless_tools') return index >= fault.request ? 'endless_tools' : undefined;
    return index === fault.request && attempt === 0 ? fault.kind : undefined;
  }

  async function handle(provider: FaultProvider, req: IncomingMessage, res: ServerResponse) {
    const upstream = options.upstreams[provider] as string;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const clientGone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) clientGone.abort(new Error('the client closed the connection'));
    });

    const run = req.method === 'POST' ? runOfBody(bodyText) : undefined;
    const role: RequestRole = bodyText.includes(GRADE_TOOL_NAME) ? 'judge' : 'agent';
    if (req.method === 'POST') {
      const counter = traffic[provider][role];
      counter.requests += 1;
      counter.inFlight += 1;
      counter.maxInFlight = Math.max(counter.maxInFlight, counter.inFlight);
      const modelKey = `${provider} ${role} ${modelOfBody(bodyText)}`;
      const ofModel = (perModel.get(modelKey) ?? 0) + 1;
      perModel.set(modelKey, ofModel);
      counter.maxInFlightPerModel = Math.max(counter.maxInFlightPerModel, ofModel);
      res.on('close', () => {
        counter.inFlight -= 1;
        perModel.set(modelKey, (perModel.get(modelKey) ?? 1) - 1);
        touch();
      });
    }
    if (run !== undefined && role === 'agent') runsSeen.add(run);
    const planned = run === undefined ? undefined : options.faultFor(run);
    const placed = run === undefined ? undefined : place(run, role, bodyText);
    const kind = placed && decide(planned, role, placed.index, placed.attempt);
    if (!kind || !planned || !placed || run === undefined) {
      return relay(res, await forward(upstream, req, bodyText, clientGone.signal));
    }
    const record: InjectedFault = {
      run,
      provider,
      role,
      planned: planned.kind,
      kind,
      request: placed.index,
    };
    const cutAt = planned.cutAt ?? 0.5;
    const note = () => {
      if (kind !== 'endless_tools' || placed.index === planned.request) injected.push(record);
    };

    switch (kind) {
      case 'rate_limit':
      case 'server_error':
      case 'unavailable':
      case 'overloaded': {
        const retryAfter = kind === 'rate_limit' ? (planned.retryAfterSeconds ?? 1) : undefined;
        if (retryAfter !== undefined) record.retryAfterMs = retryAfter * 1000;
        note();
        res.on('finish', () => placed.faultEnded(record));
        return send(res, errorResponse(provider, STATUS_OF[kind], retryAfter));
      }
      case 'stall': {
        note();
        const started = performance.now();
        try {
          await delay(options.stallMs, clientGone.signal);
        } catch {
          record.clientGaveUpAfterMs = performance.now() - started;
          return;
        }
        return relay(res, await forward(upstream, req, bodyText, clientGone.signal));
      }
      default:
        break;
    }

    // The faults of the answer itself: the upstream answers first, then its answer is broken.
    const answer = await forward(upstream, req, bodyText, clientGone.signal);
    if (answer?.status !== 200) return relay(res, answer);
    const text = answer.body.toString('utf8');
    if (kind === 'invalid_tool_args' || kind === 'endless_tools') {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return relay(res, answer);
      }
      const broken =
        kind === 'invalid_tool_args'
          ? breakToolArguments(provider, json, cutAt)
          : forceToolCall(provider, json, 'list_directory', {});
      if (!broken) return relay(res, answer);
      note();
      return relay(res, { ...answer, body: Buffer.from(JSON.stringify(json)) });
    }
    note();
    res.on('close', () => placed.faultEnded(record));
    if (kind === 'malformed_json') {
      return relay(res, { ...answer, body: Buffer.from(corruptJson(text, cutAt)) });
    }
    const cut = answer.body.subarray(0, Math.floor(answer.body.length * cutAt));
    if (kind === 'truncated_body') return relay(res, { ...answer, body: cut });
    // connection_closed: the headers promise the whole body; part of it comes, then the socket dies.
    res.writeHead(answer.status, {
      ...answer.headers,
      'content-length': String(answer.body.length),
    });
    res.write(cut, () => res.destroy());
  }

  /** Forwards the request upstream; undefined when the client left or the upstream failed. */
  async function forward(
    upstream: string,
    req: IncomingMessage,
    bodyText: string,
    signal: AbortSignal,
  ): Promise<Upstream | undefined> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (HOP_BY_HOP.includes(name) || value === undefined) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = req.method ?? 'GET';
    try {
      const response = await fetch(`${upstream}${req.url ?? '/'}`, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: bodyText }),
        signal,
      });
      const kept: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.includes(name)) kept[name] = value;
      });
      return {
        status: response.status,
        headers: kept,
        body: Buffer.from(await response.arrayBuffer()),
      };
    } catch (error) {
      if (!signal.aborted) upstreamFailures.push(`${method} ${req.url}: ${String(error)}`);
      return undefined;
    }
  }

  const servers = new Map<FaultProvider, Server>();
  const urls: Partial<Record<FaultProvider, string>> = {};
  for (const provider of FAULT_PROVIDERS) {
    if (options.upstreams[provider] === undefined) continue;
    const server = createServer((req, res) => {
      touch();
      handle(provider, req, res).catch((error: unknown) => {
        upstreamFailures.push(`${provider} proxy: ${String(error)}`);
        res.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.set(provider, server);
    urls[provider] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  return {
    urls,
    injected,
    traffic,
    runsSeen,
    upstreamFailures,
    lastActivity: () => lastActivity,
    inFlight: () =>
      FAULT_PROVIDERS.reduce(
        (sum, p) => sum + traffic[p].agent.inFlight + traffic[p].judge.inFlight,
        0,
      ),
    close: async () => {
      await Promise.all(
        [...servers.values()].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

/** An upstream answer, whole. */
interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends an upstream answer as it came (or nothing when there is none: the client left). */
function relay(res: ServerResponse, answer: Upstream | undefined): void {
  if (!answer) {
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('fault proxy: the upstream did not answer');
    }
    return;
  }
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

function send(res: ServerResponse, response: MadeUpResponse): void {
  res.writeHead(response.status, {
    ...response.headers,
    'content-length': String(Buffer.byteLength(response.body)),
  });
  res.end(response.body);
}
