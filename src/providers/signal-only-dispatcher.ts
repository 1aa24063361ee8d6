/**
 * Node's fetch (its bundled undici) stops waiting after 300 s for response headers and 300 s
 * between body chunks. A local model on a slow machine can take longer than that for one turn
 * (Ollama sends its headers with the first token, streamed or not), and then fails as a network
 * error whatever time the run allows. Requests that carry their own time limit (an AbortSignal:
 * the run's timeoutMs, the judge's timeout) use this dispatcher instead, so that signal is their
 * only limit.
 *
 * Node does not export undici's Agent; its global dispatcher is one, reachable through undici's
 * documented cross-copy symbol once Node has loaded undici. Where that is not so — another Node,
 * or a global dispatcher the user installed (a proxy agent) — there is none and Node's own
 * timeouts stay: never bypass a proxy the user set up.
 */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

type DispatcherClass = new (options: { headersTimeout: number; bodyTimeout: number }) => object;

let made: object | null | undefined;

/** An undici Agent without header and body timeouts, or undefined where none can be made. */
export function signalOnlyDispatcher(): object | undefined {
  if (made !== undefined) return made ?? undefined;
  made = null;
  try {
    // Node loads its bundled undici, and sets the global dispatcher, on first use of fetch's classes.
    new Response('');
    const global = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
    const Agent = (global as { constructor?: unknown } | undefined)?.constructor;
    if (typeof Agent === 'function' && Agent.name === 'Agent') {
      made = new (Agent as DispatcherClass)({ headersTimeout: 0, bodyTimeout: 0 });
    }
  } catch {
    made = null;
  }
  return made ?? undefined;
}

/**
 * `init` with the signal-only dispatcher, when it has a signal to be bounded by (without one,
 * Node's own timeouts are the only guard against a server that never answers).
 */
export function withSignalOnlyDispatcher(init: RequestInit | undefined): RequestInit | undefined {
  const dispatcher = init?.signal ? signalOnlyDispatcher() : undefined;
  return dispatcher === undefined ? init : ({ ...init, dispatcher } as RequestInit);
}
