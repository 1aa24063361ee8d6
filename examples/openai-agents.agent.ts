import {
  Agent,
  OpenAIChatCompletionsModel,
  OpenAIResponsesModel,
  run,
  setTracingDisabled,
  tool,
} from '@openai/agents';
import { type AgentContext, agentTest } from 'nanograde';
import OpenAI from 'openai';
import { z } from 'zod';
import {
  checkOrderAnswer,
  lookupOrder,
  ORDER_PROMPT,
  ORDER_REFERENCE,
  ORDER_WORKSPACE,
} from './order-task.js';

// Tracing would post every run to api.openai.com; a test run has no use for it.
setTracingDisabled(true);

/** An agent written with the OpenAI Agents SDK. */
export async function openaiAgentsAgent({ prompt, workspace, model, signal }: AgentContext) {
  const openai = model.provider === 'openai';
  // Claude through its OpenAI SDK compatibility layer, Ollama through its /v1: Chat Completions.
  const client = new OpenAI({
    apiKey: model.apiKey,
    baseURL: openai ? model.baseURL : `${model.baseURL}/v1`,
    fetch: model.fetch,
  });
  const agent = new Agent({
    name: 'Order desk',
    instructions:
      'You are an order desk built with the OpenAI Agents SDK. Use the tools; reply with the answer only.',
    model: openai
      ? new OpenAIResponsesModel(client, model.name)
      : new OpenAIChatCompletionsModel(client, model.name),
    tools: [
      tool({
        name: 'lookup_order',
        description: 'Look up an order by its id.',
        parameters: z.object({ id: z.string() }),
        execute: ({ id }) => lookupOrder(workspace, id),
      }),
    ],
  });
  const result = await run(agent, prompt, { signal, maxTurns: 8 });
  return String(result.finalOutput ?? '').trim();
}

agentTest(
  'order total (OpenAI Agents SDK)',
  {
    prompt: ORDER_PROMPT,
    workspace: ORDER_WORKSPACE,
    agent: openaiAgentsAgent,
    reference: ORDER_REFERENCE,
  },
  checkOrderAnswer,
);
