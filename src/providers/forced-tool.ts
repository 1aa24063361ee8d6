import { type CompletionRequest, ProviderError } from './provider-types.js';

/**
 * The name of the tool a request forces, checked before anything is sent: the model must take a
 * forced tool call (`capabilities.toolChoice` holds `tool`; Claude Opus/Sonnet 5.5 answer one with
 * a 400, Ollama has no tool_choice). Whether the tool is offered, the API says.
 */
export function forcedTool(request: CompletionRequest): string | undefined {
  const choice = request.toolChoice;
  if (choice === undefined) return undefined;
  const accepted = request.capabilities.toolChoice;
  if (!accepted.includes('tool')) {
    throw new ProviderError(
      'bad_request',
      `${request.model} does not take a forced tool call (tool_choice accepted: ${accepted.join(', ')}); offer the tool with tool_choice auto, or ask for structured output`,
    );
  }
  return choice.name;
}
