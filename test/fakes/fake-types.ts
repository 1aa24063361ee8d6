/**
 * The shared core of the strict provider fakes. A fake parses and validates one provider's wire
 * format the way the real API does, turns the conversation into a neutral `ConversationView`,
 * asks a `Brain` what the model says next, and renders that in the provider's wire format.
 * One brain can so drive every provider; the same fake serves msw and a real HTTP server.
 */

/** An HTTP request as a fake sees it. */
export interface FakeRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The raw body text ('' when none). */
  bodyText: string;
  /** Aborts when the client gives up on the request. */
  signal?: AbortSignal;
}

/** An HTTP response a fake returns. `body` is JSON-encoded unless it is a string. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /** The usage a model answer reported, before each API's wire fields (for tests' arithmetic; not sent). */
  usage?: FakeUsage;
}

/** One provider fake: a pure request handler. */
export type FakeHandler = (request: FakeRequest) => Promise<FakeResponse>;

/** A message of the conversation as the fake parsed it from the wire. */
export type ViewMessage =
  | { role: 'user'; content: string }
  | {
      role: 'assistant';
      content: string;
      toolCalls: { id: string; name: string; arguments: unknown }[];
    }
  | { role: 'tool'; toolCallId: string; name?: string; content: string; isError: boolean };

/** What the brain sees of a request: the conversation and the request's settings. */
export interface ConversationView {
  model: string;
  system: string;
  messages: ViewMessage[];
  toolNames: string[];
  maxOutputTokens: number | undefined;
  /** How many assistant turns the conversation already holds. */
  turn: number;
  /** The tool results sent with this request (after the last assistant turn). */
  lastToolResults: Extract<ViewMessage, { role: 'tool' }>[];
  /** The raw parsed body, for assertions on provider-specific fields. */
  raw: Record<string, unknown>;
}

/** What the model says this turn. */
export interface BrainTurn {
  text?: string;
  /** The model's reasoning; without `text` or tool calls the turn holds nothing else. */
  reasoning?: string;
  /** `arguments` as a string is sent verbatim (even when it is not JSON). */
  toolCalls?: { name: string; arguments: string | Record<string, unknown> }[];
  usage?: Partial<FakeUsage>;
  /** Stop as if the output token limit was hit (a last tool call is then cut short). */
  truncated?: boolean;
  /** The model declines: Claude `stop_reason: "refusal"` (this text as the explanation), OpenAI a refusal content part. */
  refusal?: string;
  /** OpenAI: the response ends `incomplete`, cut by the content filter. */
  contentFiltered?: boolean;
  /** Claude: the API pauses the turn (`stop_reason: "pause_turn"`); the client sends it back to continue. */
  paused?: boolean;
  /** Answer with an HTTP error in the provider's own error format instead. */
  error?: { status: number; type?: string; message: string; headers?: Record<string, string> };
  /** Wait this long before answering (honours the request's abort). */
  delayMs?: number;
}

/** Provider-neutral usage a brain can set; each fake maps it to its wire fields. */
export interface FakeUsage {
  /** Fresh (uncached, not written to cache) input tokens. */
  freshInput: number;
  cachedInput: number;
  cacheWrite: number;
  /** Visible output tokens (excluding reasoning). */
  output: number;
  reasoning: number;
}

/** Decides the model's next turn from the conversation. */
export type Brain = (view: ConversationView) => BrainTurn | Promise<BrainTurn>;

/** A fake's record of every request it answered, for assertions. */
export interface FakeLog {
  requests: { request: FakeRequest; json: unknown; response: FakeResponse }[];
}
