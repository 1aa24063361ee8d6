import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type LanguageModel, stepCountIs, streamText, tool } from 'ai';
import { type AgentContext, type AgentModel, agentTest } from 'nanograde';
import { z } from 'zod';
import {
  checkOrderAnswer,
  lookupOrder,
  ORDER_PROMPT,
  ORDER_REFERENCE,
  ORDER_WORKSPACE,
} from './order-task.js';

/** The AI SDK model for the matrix's model: each provider's package, pointed where nanograde says. */
function aiSdkModel(model: AgentModel): LanguageModel {
  const { apiKey, fetch } = model;
  switch (model.provider) {
    case 'openai':
      // The Responses API.
      return createOpenAI({ baseURL: model.baseURL, apiKey, fetch })(model.name);
    case 'anthropic':
      // The AI SDK's Anthropic base URL includes /v1 (the official SDK's does not).
      return createAnthropic({ baseURL: `${model.baseURL}/v1`, apiKey, fetch })(model.name);
    default:
      // Ollama's OpenAI-compatible API; usage in streams only when asked for.
      return createOpenAICompatible({
        name: 'ollama',
        baseURL: `${model.baseURL}/v1`,
        apiKey,
        fetch,
        includeUsage: true,
      }).chatModel(model.name);
  }
}

/** An agent written with the AI SDK: streamText with one tool, up to eight steps. */
export async function aiSdkAgent({ prompt, workspace, model, signal }: AgentContext) {
  const result = streamText({
    model: aiSdkModel(model),
    system:
      'You are an order desk built with the AI SDK. Use the tools; reply with the answer only.',
    prompt,
    tools: {
      lookup_order: tool({
        description: 'Look up an order by its id.',
        inputSchema: z.object({ id: z.string().describe('The order id, e.g. "1042"') }),
        execute: ({ id }) => lookupOrder(workspace, id),
      }),
    },
    stopWhen: stepCountIs(8),
    abortSignal: signal,
  });
  return (await result.text).trim();
}

agentTest(
  'order total (AI SDK)',
  {
    prompt: ORDER_PROMPT,
    workspace: ORDER_WORKSPACE,
    agent: aiSdkAgent,
    reference: ORDER_REFERENCE,
  },
  checkOrderAnswer,
);
