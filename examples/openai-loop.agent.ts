import { type AgentContext, agentTest } from 'nanograde';
import OpenAI from 'openai';
import {
  checkOrderAnswer,
  lookupOrder,
  ORDER_PROMPT,
  ORDER_REFERENCE,
  ORDER_WORKSPACE,
} from './order-task.js';

const INSTRUCTIONS =
  'You are an order desk built on the openai SDK. Use the tools; reply with the answer only.';
const PARAMETERS = {
  type: 'object',
  properties: { id: { type: 'string', description: 'The order id, e.g. "1042"' } },
  required: ['id'],
};
const DESCRIPTION = 'Look up an order by its id.';
const MAX_STEPS = 8;

/**
 * On OpenAI, the Responses API: GPT-6 models take function tools only there. The conversation
 * goes back statelessly, reasoning included.
 */
async function responsesLoop(client: OpenAI, { prompt, workspace, model, signal }: AgentContext) {
  const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: prompt }];
  for (let step = 0; step < MAX_STEPS; step++) {
    const response = await client.responses.create(
      {
        model: model.name,
        instructions: INSTRUCTIONS,
        input,
        tools: [
          {
            type: 'function',
            name: 'lookup_order',
            description: DESCRIPTION,
            parameters: PARAMETERS,
            strict: false,
          },
        ],
        store: false,
        include: ['reasoning.encrypted_content'],
      },
      { signal },
    );
    const calls = response.output.filter((item) => item.type === 'function_call');
    if (calls.length === 0) return response.output_text.trim();
    input.push(...(response.output as OpenAI.Responses.ResponseInputItem[]));
    for (const call of calls) {
      const { id } = JSON.parse(call.arguments) as { id: string };
      const output = await lookupOrder(workspace, id);
      input.push({ type: 'function_call_output', call_id: call.call_id, output });
    }
  }
  throw new Error(`no answer after ${MAX_STEPS} steps`);
}

/** Claude (its OpenAI SDK compatibility layer) and Ollama (its /v1): Chat Completions. */
async function chatLoop(client: OpenAI, { prompt, workspace, model, signal }: AgentContext) {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: prompt },
  ];
  const tools: OpenAI.Chat.ChatCompletionTool[] = [
    {
      type: 'function',
      function: { name: 'lookup_order', description: DESCRIPTION, parameters: PARAMETERS },
    },
  ];
  for (let step = 0; step < MAX_STEPS; step++) {
    const completion = await client.chat.completions.create(
      { model: model.name, messages, tools },
      { signal },
    );
    const message = completion.choices[0]?.message;
    if (!message) throw new Error('the model sent no choice');
    const calls = message.tool_calls ?? [];
    if (calls.length === 0) return (message.content ?? '').trim();
    messages.push({ role: 'assistant', content: message.content, tool_calls: calls });
    for (const call of calls) {
      if (call.type !== 'function') continue;
      const { id } = JSON.parse(call.function.arguments) as { id: string };
      const content = await lookupOrder(workspace, id);
      messages.push({ role: 'tool', tool_call_id: call.id, content });
    }
  }
  throw new Error(`no answer after ${MAX_STEPS} steps`);
}

/** A hand-written tool loop on the plain openai SDK, on every provider of the matrix. */
export async function openaiLoopAgent(context: AgentContext) {
  const { model } = context;
  const openai = model.provider === 'openai';
  const client = new OpenAI({
    apiKey: model.apiKey,
    baseURL: openai ? model.baseURL : `${model.baseURL}/v1`,
    fetch: model.fetch,
  });
  return openai ? responsesLoop(client, context) : chatLoop(client, context);
}

agentTest(
  'order total (openai SDK loop)',
  {
    prompt: ORDER_PROMPT,
    workspace: ORDER_WORKSPACE,
    agent: openaiLoopAgent,
    reference: ORDER_REFERENCE,
  },
  checkOrderAnswer,
);
