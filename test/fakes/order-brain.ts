import type { Brain, FakeUsage } from './fake-types.js';

/** What each turn of the order task reports (input, some of it cached, and output). */
export const ORDER_USAGE: [Partial<FakeUsage>, Partial<FakeUsage>] = [
  { freshInput: 300, output: 25 },
  { freshInput: 180, cachedInput: 120, output: 15 },
];

interface Order {
  id: string;
  items: { quantity: number; unitPrice: number }[];
}

/**
 * A model that does the examples' order task (examples/order-task.ts) with whatever SDK sent it:
 * it calls `lookup_order` for order 1042, then adds up the items of the order it really got
 * back. Without the tool it says it cannot; a result that is no order is reported as it is.
 */
export const orderBrain: Brain = (view) => {
  if (!view.toolNames.includes('lookup_order')) return { text: 'I have no way to look orders up.' };
  const [result] = view.lastToolResults;
  if (!result) {
    return {
      toolCalls: [{ name: 'lookup_order', arguments: { id: '1042' } }],
      usage: ORDER_USAGE[0],
    };
  }
  let order: Order;
  try {
    order = JSON.parse(result.content) as Order;
  } catch {
    return { text: `lookup_order said: ${result.content}`, usage: ORDER_USAGE[1] };
  }
  const total = order.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
  return { text: `Order ${order.id}: $${total.toFixed(2)}`, usage: ORDER_USAGE[1] };
};
