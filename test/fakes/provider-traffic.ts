import type { FakeHandler } from './fake-types.js';

/** Requests of one limit (a provider, or an Ollama model) as the fakes saw them. */
export interface LimitTraffic {
  requests: number;
  inFlight: number;
  maxInFlight: number;
}

/**
 * Counts the model requests (POSTs) the fakes answer, per limit key, and when the first began
 * and the last ended: the in-flight counts are taken where a provider would take them.
 */
export class ProviderTraffic {
  readonly byKey = new Map<string, LimitTraffic>();
  firstStart = Number.POSITIVE_INFINITY;
  lastEnd = 0;

  /** Wraps a fake; `keyOf` names the limit a request counts against. */
  observe(fake: FakeHandler, keyOf: (body: string) => string): FakeHandler {
    return async (request) => {
      if (request.method !== 'POST') return fake(request);
      const key = keyOf(request.bodyText);
      const traffic = this.byKey.get(key) ?? { requests: 0, inFlight: 0, maxInFlight: 0 };
      this.byKey.set(key, traffic);
      traffic.requests += 1;
      traffic.inFlight += 1;
      traffic.maxInFlight = Math.max(traffic.maxInFlight, traffic.inFlight);
      this.firstStart = Math.min(this.firstStart, performance.now());
      try {
        return await fake(request);
      } finally {
        traffic.inFlight -= 1;
        this.lastEnd = performance.now();
      }
    };
  }

  /** From the first model request to the last answer. */
  get spanMs(): number {
    return this.lastEnd - this.firstStart;
  }
}

/** The model an Ollama /api/chat request names: Ollama's limit is per model. */
export function ollamaModelKey(body: string): string {
  try {
    const { model } = JSON.parse(body) as { model?: unknown };
    return `ollama ${String(model)}`;
  } catch {
    return 'ollama ?';
  }
}
