import type { Catalog } from '../models/catalog.js';
import { costOfRequests, pricingOf } from '../models/cost.js';
import { checkModelOptions } from '../models/model-options.js';
import {
  assertNotRetired,
  capabilitiesOf,
  type ResolvedModel,
  resolveModel,
} from '../models/resolve-model.js';
import {
  type CompletionResult,
  type ModelOptions,
  type Provider,
  ProviderError,
} from '../providers/provider-types.js';
import { providerFor } from '../providers/registry.js';
import { classifyTransportError } from '../providers/transport-errors.js';
import {
  type AgentRun,
  addUsage,
  emptyUsage,
  type LimitsInput,
  parseLimits,
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
  /** Per-model knobs (effort, thinking, temperature, numCtx), checked against the model's capabilities. */
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
 * Throws for bad input that no run could survive: an unknown or retired model id, bad limits,
 * model options the model does not accept (ModelOptionsError), a bad tool set (ToolsetError).
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentRun> {
  const limits = parseLimits(options.limits);
  const toolset = buildToolset(options);
  const model =
    typeof options.model === 'string'
      ? resolveModel(options.model, options.catalog)
      : options.model;
  assertNotRetired(model, options.catalog);
  const capabilities = capabilitiesOf(model);
  const modelOptions = checkModelOptions(
    { id: model.id, provider: model.provider, capabilities },
    options.modelOptions,
    limits.maxOutputTokensPerTurn,
  );
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
  // A request the API sent no usage for (usageUnknown) leaves a priced run's cost unknown.
  let usageUnknown = false;
  const runCost = () =>
    usageUnknown && pricingOf(model) === 'priced' ? null : costOfRequests(model, turnUsages);
  let turns = 0;
  let output = '';
  // Each continuation of a paused turn is a request, so maxTurns bounds them too.
  let paused = false;
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
      costUsd: runCost(),
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
          capabilities,
          ...(Object.keys(modelOptions).length > 0 ? { options: modelOptions } : {}),
          signal,
        }),
        signal,
      );
      usage = addUsage(usage, result.usage);
      turnUsages.push(result.usage);
      if (result.usageUnknown) usageUnknown = true;
      transcript.push(result.message);
      output = result.message.content;
      report({
        type: 'turn',
        turn: turns,
        toolCalls: result.message.toolCalls.map((call) => call.name),
        usage: result.usage,
      });

      const spent = runCost();
      if (limits.maxCostUsd !== undefined && spent === null) {
        return finish({
          kind: 'budget',
          message: `maxCostUsd is set but ${model.id}'s server sent no token usage, so the budget cannot be enforced; drop maxCostUsd for this model or have the server report usage`,
        });
      }
      if (limits.maxCostUsd !== undefined && spent !== null && spent > limits.maxCostUsd) {
        return finish({
          kind: 'budget',
          message: `the run cost $${spent.toFixed(6)} after ${turns} turn(s), over its budget of $${limits.maxCostUsd}`,
        });
      }
      const early = earlyEnd(result, turns, limits.maxOutputTokensPerTurn);
      if (early !== undefined) return finish(early);
      // A paused turn goes back as it is, with nothing added, for the API to continue it.
      paused = result.stopReason === 'pause';
      if (paused) continue;
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
      message: paused
        ? `the API was still pausing the turn (pause_turn) after ${limits.maxTurns} turns; raise limits.maxTurns`
        : `the model was still calling tools after ${limits.maxTurns} turns; raise limits.maxTurns or simplify the task`,
    });
  } catch (error) {
    if (signal.aborted) return finish(stoppedRunError(signal));
    // What the network did, even through an adapter that let it pass unclassified.
    const failure =
      error instanceof ProviderError
        ? error
        : classifyTransportError(error, { service: provider.name });
    if (failure) {
      const attempts = failure.attempts > 1 ? ` after ${failure.attempts} attempts` : '';
      return finish({
        kind: 'provider',
        message: `${provider.name} request failed on turn ${turns}${attempts}: ${failure.message}`,
        provider: {
          kind: failure.kind,
          ...(failure.status === undefined ? {} : { status: failure.status }),
          providerMessage: failure.providerMessage,
        },
      });
    }
    clock.clear();
    throw error;
  }
}

/**
 * How a turn that did not end cleanly ends the run: cut at the output limit (its tool calls,
 * possibly cut short, are never executed), refused or filtered, or a final answer that is empty
 * although the model reasoned (it thought, then said nothing: no answer, not a success).
 */
function earlyEnd(
  result: CompletionResult,
  turn: number,
  maxOutputTokens: number,
): RunError | undefined {
  const detail = result.stopDetail ? `: ${result.stopDetail}` : '';
  const { message } = result;
  switch (result.stopReason) {
    case 'max_tokens': {
      const calls = message.toolCalls.length;
      const unrun =
        calls > 0 ? ` (its ${calls} tool call${calls === 1 ? '' : 's'} not executed)` : '';
      return {
        kind: 'output_limit',
        message: `turn ${turn} hit the limit of ${maxOutputTokens} output tokens${unrun}; raise limits.maxOutputTokensPerTurn`,
      };
    }
    case 'refusal':
      return { kind: 'refusal', message: `the model refused on turn ${turn}${detail}` };
    case 'pause':
    case 'tool_calls':
      return undefined;
    default: {
      const reasoned = (message.reasoning ?? '') !== '' || result.usage.reasoningTokens > 0;
      if (message.toolCalls.length > 0 || message.content.trim() !== '' || !reasoned) {
        return undefined;
      }
      return {
        kind: 'empty_answer',
        message: `turn ${turn} ended with reasoning only: no answer and no tool call`,
      };
    }
  }
}
