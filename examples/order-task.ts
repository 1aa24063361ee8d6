import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentTestContext } from 'nanograde';

/**
 * The task every example agent does: look an order up with its own `lookup_order` tool and add
 * up its total. The agents differ only in the SDK they are written with.
 */
export const ORDER_PROMPT =
  'What is the total of order 1042? Look it up with lookup_order and add up its items. Answer in exactly this form: Order 1042: $<total with two decimals>';

export const ORDER_WORKSPACE = 'examples/workspace';

/** The agents' tool: an order from orders.json in the run's workspace, or why there is none. */
export async function lookupOrder(workspace: string, id: string): Promise<string> {
  const { orders } = JSON.parse(await readFile(join(workspace, 'orders.json'), 'utf8')) as {
    orders: { id: string }[];
  };
  const order = orders.find((candidate) => candidate.id === id);
  return order ? JSON.stringify(order) : `No order ${id}.`;
}

/** The gold answer, for the built-in `reference` model that checks the checks. */
export const ORDER_REFERENCE = { answer: 'Order 1042: $41.50' };

/** The checks: the right total in the right form, found with the tool (by a real model). */
export function checkOrderAnswer({ run, model, expect }: AgentTestContext): void {
  expect(run).toFollowFormat(/^Order 1042: \$41\.50$/);
  // The built-ins run the gold answer, not the agent: only a real model calls the agent's tool.
  if (!model.startsWith('builtin:')) expect(run).toHaveCalledTool('lookup_order', { id: '1042' });
}
