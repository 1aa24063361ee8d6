import type { Catalog } from '../models/catalog.js';
import { costOfRequests } from '../models/cost.js';
import { assertNotRetired, type ResolvedModel, resolveModel } from '../models/resolve-model.js';
import {
  type CompletionResult,
  type ModelOptions,
  type Provider,
  ProviderError,
} from '../providers/provider-types.js';
import { providerFor } from '../providers/registry.js';
import {
  type AgentRun,
  addUsage,
  emptyUsage,
  type LimitsInput,
  LimitsSchema,
  type RunError,
  type ToolCallRecord,
  type TranscriptMessage,
  type Usage,
} from '../records/agent-run.js';
import { raceAbort } from './race-abort.js';
import { startRunClock, stoppedRunError } from './run-clock.js';
import { buildToolset, type ToolsetOptions } from './toolset.js';

/** What one agent run needs; `tools`, `fileTools` and `system` choose its tools and prompt. */
export interface RunAgentOptions extends ToolsetOptions {
  /** A model id (`openai:gpt-5-mini`, `gpt-5-mini`, `ollama:gpt-oss:20b`, …) or a resolved model. */
  model: string | ResolvedModel;
  prompt: string;
  /** The folder the agent works in; use `prepareWorkspace` for a fresh copy of a fixture. */
  workspace: string;
  limits?: LimitsInput;
  /** Aborts the run, including the request in flight. */
  signal?: AbortSignal;
  /** Per-model knobs such as reasoning effort. */
  modelOptions?: ModelOptions;
  /** Overrides the provider chosen from the model id (tests, custom adapters). */
  provider?: Provider;
  catalog?: Catalog;
  /** Told of each finished turn and each executed tool call, while the run works (e.g. MCP progress). */
  onProgress?: (event: RunProgressEvent) => void;
}

/** What a run reports while it works: a turn the model answered, or a tool call it made. */
export type RunProgressEvent =
  | { type: 'turn'; turn: number; toolCalls: string[]; usage: Usage }
  | { type: 'tool_call'; turn: number; call: ToolCallRecord };

/**
 * Runs the nano agent: sends the conversation and the tool schemas (the five file tools, or the
 * ones chosen with `fileTools`, and any custom `tools`) to the model, executes the tool calls it
 * asks for, and ends when it answers without tool calls or a limit is reached.
 * Never throws for what the model or provider did: failures come back classified in `error`.
 * Throws for bad input that no run could survive: an unknown or retired model id, bad limits, a
 * bad tool set (ToolsetError).
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentRun> {
  const limits = LimitsSchema.parse(options.limits ?? {});
  const toolset = buildToolset(options);
  const model =
    typeof options.model === 'string'
      ? resolveModel(options.model, options.catalog)
      : options.model;
  assertNotRetired(model, options.catalog);
  const provider = options.provider ?? providerFor(model);
  const started = performance.now();

  const clock = startRunClock(limits.timeoutMs, options.signal);
  const { signal } = clock;

  const transcript: TranscriptMessage[] = [
    { role: 'system', content: toolset.system },
    { role: 'user', content: options.prompt },
  ];
  const toolCalls: ToolCallRecord[] = [];
  let usage = emptyUsage();
  // Each turn is billed on its own, as vendors bill (prices may depend on a request's size).
  const turnUsages: Usage[] = [];
  let turns = 0;
  let output = '';
  const report = (event: RunProgressEvent) => {
    try {
      options.onProgress?.(event);
    } catch {
      // Progress is advisory: a listener that fails must not fail the run.
    }
  };

  const finish = (error: RunError | null): AgentRun => {
    clock.clear();
    return {
      model: model.id,
      output,
      turns,
      toolCalls,
      usage,
      costUsd: costOfRequests(model, turnUsages),
      durationMs: performance.now() - started,
      transcript,
      error,
    };
  };

  if (limits.maxCostUsd !== undefined && costOfRequests(model, []) === null) {
    return finish({
      kind: 'budget',
      message: `maxCostUsd is set but the price of ${model.id} is unknown, so the budget cannot be enforced; add its price to the catalog or drop maxCostUsd`,
    });
  }

  try {
    while (turns < limits.maxTurns) {
      turns += 1;
      const result: CompletionResult = await raceAbort(
        provider.complete({
          model: model.apiModel,
          system: toolset.system,
          messages: transcript.slice(1),
          tools: toolset.schemas,
          maxOutputTokens: limits.maxOutputTokensPerTurn,
          ...(options.modelOptions ? { options: options.modelOptions } : {}),
          signal,
        }),
        signal,
      );
      usage = addUsage(usage, result.usage);
      turnUsages.push(result.usage);
      transcript.push(result.message);
      output = result.message.content;
      report({
        type: 'turn',
        turn: turns,
        toolCalls: result.message.toolCalls.map((call) => call.name),
        usage: result.usage,
      });

      const spent = costOfRequests(model, turnUsages);
      if (limits.maxCostUsd !== undefined && spent !== null && spent > limits.maxCostUsd) {
        return finish({
          kind: 'budget',
          message: `the run cost $${spent.toFixed(6)} after ${turns} turn(s), over its budget of $${limits.maxCostUsd}`,
        });
      }
      if (result.stopReason === 'max_tokens') {
        return finish({
          kind: 'output_limit',
          message: `turn ${turns} hit the limit of ${limits.maxOutputTokensPerTurn} output tokens; raise limits.maxOutputTokensPerTurn`,
        });
      }
      if (result.stopReason === 'refusal') {
        return finish({ kind: 'refusal', message: `the model refused on turn ${turns}` });
      }
      if (result.message.toolCalls.length === 0) return finish(null);

      // Every call of the turn is executed and answered, in order, before the next request.
      for (const call of result.message.toolCalls) {
        signal.throwIfAborted();
        const callStarted = performance.now();
        const execution = await raceAbort(
          toolset.execute(call, {
            workspace: options.workspace,
            signal,
            model: model.id,
            turn: turns,
          }),
          signal,
        );
        const record: ToolCallRecord = {
          name: call.name,
          args: execution.args,
          ok: execution.ok,
          ...(execution.error === undefined ? {} : { error: execution.error }),
          durationMs: performance.now() - callStarted,
          turn: turns,
        };
        toolCalls.push(record);
        report({ type: 'tool_call', turn: turns, call: record });
        transcript.push({
          role: 'tool',
          toolCallId: call.id,
          name: call.name,
          // Not every API has an error flag (OpenAI's function_call_output has none), so the
          // text itself says it failed, the same way for every model.
          content: execution.ok ? execution.content : `Error: ${execution.content}`,
          isError: !execution.ok,
        });
      }
    }
    return finish({
      kind: 'max_turns',
      message: `the model was still calling tools after ${limits.maxTurns} turns; raise limits.maxTurns or simplify the task`,
    });
  } catch (error) {
    if (signal.aborted) return finish(stoppedRunError(signal));
    if (error instanceof ProviderError) {
      return finish({
        kind: 'provider',
        message: `${provider.name} request failed on turn ${turns}: ${error.message}`,
        provider: {
          kind: error.kind,
          ...(error.status === undefined ? {} : { status: error.status }),
          providerMessage: error.providerMessage,
        },
      });
    }
    clock.clear();
    throw error;
  }
}
