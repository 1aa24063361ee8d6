import type { Capabilities } from '../models/capabilities.js';
import type { ModelOptions } from '../models/model-options.js';
import type {
  AssistantMessage,
  ProviderErrorKind,
  TranscriptMessage,
  Usage,
} from '../records/agent-run.js';

export type { ModelOptions };

/** A tool as every provider is shown it: a name, one line of description, a JSON Schema. */
export interface ToolSchema {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
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
  /**
   * What the model's API accepts (its catalog record, or the cautious default): request builders
   * read it instead of guessing from model names. Callers keep within it; `options` are checked
   * against it before any request (`checkModelOptions`).
   */
  capabilities: Capabilities;
  options?: ModelOptions;
  /**
   * Forces the model to call this tool (one of `tools`) this turn — only where
   * `capabilities.toolChoice` includes `tool`.
   */
  toolChoice?: { name: string };
  /**
   * Asks for a reply that is JSON of this schema, as text — only where
   * `capabilities.structuredOutput` (Ollama's `format`); no tools are offered with it.
   */
  responseFormat?: { name: string; schema: Record<string, unknown> };
  signal?: AbortSignal;
}

/**
 * Why the model stopped this turn. `pause`: the API paused a long turn (Anthropic `pause_turn`);
 * sending the conversation back as it is lets it continue.
 */
export type StopReason = 'end' | 'tool_calls' | 'max_tokens' | 'refusal' | 'pause' | 'other';

/** One turn's answer: the assistant message, its usage and why it stopped. */
export interface CompletionResult {
  message: AssistantMessage;
  usage: Usage;
  stopReason: StopReason;
  /** What the API said about the stop (a refusal's explanation, a content filter), if anything. */
  stopDetail?: string;
  /**
   * The API sent no token usage for this request (some OpenAI-compatible servers and proxies):
   * `usage` is zeros that stand for nothing, so the run's cost on a priced model is unknown.
   */
  usageUnknown?: true;
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
