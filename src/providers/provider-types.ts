import type {
  AssistantMessage,
  ProviderErrorKind,
  TranscriptMessage,
  Usage,
} from '../records/agent-run.js';

/** A tool as every provider is shown it: a name, one line of description, a JSON Schema. */
export interface ToolSchema {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Per-model knobs a provider may honour; unknown ones are ignored by providers that lack them. */
export interface ModelOptions {
  /** OpenAI reasoning effort (gpt-5 family) and Ollama `think` level (gpt-oss). */
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Only sent to models that accept it (never to gpt-5*). */
  temperature?: number;
}

/** One turn's request, in provider-neutral terms. */
export interface CompletionRequest {
  /** The provider's own model name (`gpt-5-mini`, not `openai:gpt-5-mini`). */
  model: string;
  system: string;
  /** The conversation so far, without the system message. */
  messages: TranscriptMessage[];
  tools: ToolSchema[];
  maxOutputTokens: number;
  options?: ModelOptions;
  /**
   * Forces the model to call this tool (one of `tools`) this turn, e.g. to get a structured reply.
   * Ollama cannot force a call: its adapter asks for the tool's JSON Schema as structured output
   * and returns the JSON reply as a call to this tool.
   */
  toolChoice?: { name: string };
  signal?: AbortSignal;
}

/** Why the model stopped this turn. */
export type StopReason = 'end' | 'tool_calls' | 'max_tokens' | 'refusal' | 'other';

/** One turn's answer: the assistant message, its usage and why it stopped. */
export interface CompletionResult {
  message: AssistantMessage;
  usage: Usage;
  stopReason: StopReason;
}

/** Whether a model can run here; when not, exactly why and what to do. */
export type Availability =
  | { available: true }
  | {
      available: false;
      reason:
        | 'missing_key'
        | 'invalid_key'
        | 'not_configured'
        | 'unreachable'
        | 'not_pulled'
        | 'retired'
        | 'unknown_model';
      message: string;
    };

/** An adapter from the neutral turn to one provider's API, built on its official SDK. */
export interface Provider {
  readonly name: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
  /** Whether `model` (the provider's own name) can run here. */
  availability(model: string): Promise<Availability>;
}

/** What a failed request says about trying it again. */
export interface RetryHints {
  /** How long the provider asked the client to wait (`retry-after-ms`, `retry-after`). */
  retryAfterMs?: number | undefined;
  /**
   * Whether it may be tried again, when the provider (`x-should-retry`) or a rule (a spend limit,
   * an exhausted quota) decides it; otherwise the error's kind decides.
   */
  retryable?: boolean | undefined;
}

/** A failed provider request, classified, keeping the provider's own message. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly providerMessage: string;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean | undefined;
  /** How many times the request was sent before it failed for good (set by the retry policy). */
  attempts = 1;

  constructor(
    kind: ProviderErrorKind,
    providerMessage: string,
    status?: number,
    hints: RetryHints = {},
  ) {
    super(`${kind}${status === undefined ? '' : ` (HTTP ${status})`}: ${providerMessage}`);
    this.name = 'ProviderError';
    this.kind = kind;
    this.status = status;
    this.providerMessage = providerMessage;
    this.retryAfterMs = hints.retryAfterMs;
    this.retryable = hints.retryable;
  }
}
