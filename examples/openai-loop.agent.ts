import OpenAI from 'openai';
import { type AgentContext, agentTest } from '../src/public/index.js';
import {
  checkOrderAnswer,
  lookupOrder,
  ORDER_PROMPT,
  ORDER_REFERENCE,
  ORDER_WORKSPACE,
} from './order-task.js';

const TOOLS: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'lookup_order',
      description: 'Look up an order by its id.',
      parameters: {
        type: 'object',
        properties: { id: { type: 'string', description: 'The order id, e.g. "1042"' } },
        required: ['id'],
      },
    },
  },
];

/**
 * A hand-written tool loop on the plain openai SDK's Chat Completions, which OpenAI, Claude (its
 * OpenAI SDK compatibility layer) and Ollama (its /v1) all speak.
 */
export async function openaiLoopAgent({ prompt, workspace, model, signal }: AgentContext) {
  const client = new OpenAI({
    apiKey: model.apiKey,
    baseURL: model.provider === 'openai' ? model.baseURL : `${model.baseURL}/v1`,
    fetch: model.fetch,
  });
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
    {
      role: 'system',
      content:
        'You are an order desk built on the openai SDK. Use the tools; reply with the answer only.',
    },
    { role: 'user', content: prompt },
  ];
  for (let step = 0; step < 8; step++) {
    const completion = await client.chat.completions.create(
      { model: model.name, messages, tools: TOOLS },
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
      messages.push({
        role: 'tool',
        tool_call_id: call.id,
        content: await lookupOrder(workspace, id),
      });
    }
  }
  throw new Error('no answer after 8 steps');
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
