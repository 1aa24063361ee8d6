import { parse as parseYaml } from 'yaml';
import { GRADE_TOOL_NAME } from '../../src/judge/grade-reply.js';
import type { Brain, BrainTurn, ConversationView } from './fake-types.js';

/**
 * Brains that solve the example suite (agent-tests/*.agent.ts) the way a model would: they call
 * the file tools, read what comes back, compute the answer from it and write through write_file.
 * Nothing is copied from the fixtures, so a passing case proves the whole path works — request,
 * provider wire format, tool execution in the sandbox, results back to the model. Each also has a
 * wrong twin with one plausible mistake, for tests that the cases' checks catch it.
 *
 * The brains are stateless: each turn is decided from the conversation in the view alone, so one
 * brain can serve many concurrent runs on every provider.
 */

/** A tool call the model made earlier in the conversation, with its result once it came back. */
interface ToolExchange {
  name: string;
  args: Record<string, unknown>;
  result?: { content: string; isError: boolean };
}

/** Every tool call of the conversation in order, paired with its result by call id. */
function toolExchanges(view: ConversationView): ToolExchange[] {
  const exchanges: ToolExchange[] = [];
  const byId = new Map<string, ToolExchange>();
  for (const message of view.messages) {
    if (message.role === 'assistant') {
      for (const call of message.toolCalls) {
        const args =
          typeof call.arguments === 'object' && call.arguments !== null
            ? (call.arguments as Record<string, unknown>)
            : {};
        const exchange: ToolExchange = { name: call.name, args };
        exchanges.push(exchange);
        byId.set(call.id, exchange);
      }
    } else if (message.role === 'tool') {
      const exchange = byId.get(message.toolCallId);
      if (exchange) exchange.result = { content: message.content, isError: message.isError };
    }
  }
  return exchanges;
}

/** The latest answered call of `tool` whose file_path is `path` (a leading './' ignored). */
function resultOf(
  view: ConversationView,
  tool: string,
  path?: string,
): ToolExchange['result'] | undefined {
  const samePath = (exchange: ToolExchange) =>
    path === undefined || String(exchange.args.file_path ?? '').replace(/^\.\//, '') === path;
  return toolExchanges(view)
    .filter((exchange) => exchange.name === tool && samePath(exchange) && exchange.result)
    .at(-1)?.result;
}

/** The task as the user gave it: the first user message. */
function promptOf(view: ConversationView): string {
  const first = view.messages.find((message) => message.role === 'user');
  return first?.content ?? '';
}

/** The first `name.ext` in backticks in the prompt, e.g. `journal.txt`. */
function backtickedFile(prompt: string, extension: string): string | undefined {
  const escaped = extension.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\`([\\w./-]+${escaped})\``).exec(prompt)?.[1];
}

/** A turn that gives up, saying why (the case's checks then fail on the answer). */
const giveUp = (why: string): BrainTurn => ({ text: `I could not finish: ${why}` });

const read = (path: string) => ({ name: 'read_file', arguments: { file_path: path } });
const write = (path: string, content: string) => ({
  name: 'write_file',
  arguments: { file_path: path, content },
});

/** The lines of a file as read_file returned them, or why they cannot be used. */
function fileLines(content: string): string[] | string {
  // read_file appends a `[read_file: …]` note when it returned only a page of the file.
  if (content.includes('\n[read_file:')) return 'read_file returned only part of the file';
  const lines = content.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

// --- 1. json answer: no tools --------------------------------------------------------------

/** The first `count` primes, found by trial division. */
function firstPrimes(count: number, countOne: boolean): number[] {
  const primes: number[] = countOne ? [1] : [];
  for (let n = 2; primes.length < count; n++) {
    if (isPrime(n)) primes.push(n);
  }
  return primes;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

function jsonAnswer(countOne: boolean): Brain {
  return (view) => {
    const count = Number(/first (\d+) prime/.exec(promptOf(view))?.[1]);
    if (!Number.isInteger(count) || count < 1) return giveUp('the prompt names no count');
    const primes = firstPrimes(count, countOne);
    const sum = primes.reduce((total, n) => total + n, 0);
    return {
      reasoning: `List the first ${count} primes, add them, test the sum for primality.`,
      text: JSON.stringify({ primes, sum, sumIsPrime: isPrime(sum) }),
      usage: { freshInput: 320, output: 60, reasoning: 90 },
    };
  };
}

// --- 2. head and tail: read one file, quote lines --------------------------------------------

function headTail(lastOffByOne: boolean): Brain {
  return (view) => {
    const file = backtickedFile(promptOf(view), '.txt');
    if (!file) return giveUp('the prompt names no .txt file');
    const result = resultOf(view, 'read_file', file);
    if (!result) {
      return {
        reasoning: `Read ${file} first.`,
        toolCalls: [read(file)],
        usage: { freshInput: 450, output: 25, reasoning: 15 },
      };
    }
    if (result.isError) return giveUp(`reading ${file} failed: ${result.content}`);
    const lines = fileLines(result.content);
    if (typeof lines === 'string') return giveUp(lines);
    // The wrong twin takes the ten lines before the last one: a classic off-by-one.
    const last = lastOffByOne ? lines.slice(-11, -1) : lines.slice(-10);
    return {
      text: ['FIRST 10 LINES', ...lines.slice(0, 10), 'LAST 10 LINES', ...last].join('\n'),
      usage: { freshInput: 380, cachedInput: 400, output: 150, reasoning: 20 },
    };
  };
}

// --- 3. service summary: read, write two files, list ---------------------------------------

interface Service {
  name: string;
  owner: string;
  enabled: boolean;
}

function servicesOf(yamlText: string): Service[] | string {
  let parsed: unknown;
  try {
    parsed = parseYaml(yamlText);
  } catch (error) {
    return `services.yaml is not valid YAML (${(error as Error).message})`;
  }
  const services = (parsed as { services?: unknown } | null)?.services;
  if (!Array.isArray(services)) return 'services.yaml has no services list';
  const valid = services.every(
    (s) =>
      typeof s?.name === 'string' &&
      typeof s?.owner === 'string' &&
      typeof s?.enabled === 'boolean',
  );
  return valid ? (services as Service[]) : 'a service lacks a name, owner or enabled flag';
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

/** The file names in a list_directory result (`name (12 B)` lines after the title line). */
function listedNames(listing: string): string[] {
  return listing
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/ \(.*\)$/, '').replace(/\/$/, ''))
    .filter((name) => name !== '');
}

function serviceSummary(ownersOfAll: boolean): Brain {
  return (view) => {
    const source = resultOf(view, 'read_file', 'services.yaml');
    if (!source) {
      return {
        toolCalls: [read('services.yaml')],
        usage: { freshInput: 600, output: 25, reasoning: 30 },
      };
    }
    if (source.isError) return giveUp(`reading services.yaml failed: ${source.content}`);
    const listing = resultOf(view, 'list_directory');
    if (!listing) {
      const services = servicesOf(source.content);
      if (typeof services === 'string') return giveUp(services);
      const enabled = services.filter((service) => service.enabled);
      // The wrong twin forgets that only enabled services' owners count.
      const owners = (ownersOfAll ? services : enabled).map((service) => service.owner);
      const summary = {
        enabled: sorted(enabled.map((service) => service.name)),
        disabled: sorted(services.filter((s) => !s.enabled).map((service) => service.name)),
        owners: sorted(owners),
      };
      const signature = `Summarised by nano-agent: ${enabled.length} of ${services.length} services enabled\n`;
      return {
        reasoning: 'Write both files, then list the folder to check they are there.',
        toolCalls: [
          write('summary.json', `${JSON.stringify(summary, null, 2)}\n`),
          write('signature.txt', signature),
          { name: 'list_directory', arguments: {} },
        ],
        usage: { freshInput: 500, cachedInput: 600, output: 180, reasoning: 60 },
      };
    }
    const writes = toolExchanges(view).filter((exchange) => exchange.name === 'write_file');
    const failed = writes.find((exchange) => exchange.result?.isError);
    if (failed) return giveUp(`writing ${failed.args.file_path} failed: ${failed.result?.content}`);
    if (listing.isError) return giveUp(`listing the folder failed: ${listing.content}`);
    return {
      text: sorted(listedNames(listing.content)).join('\n'),
      usage: { freshInput: 300, cachedInput: 1100, output: 30, reasoning: 10 },
    };
  };
}

// --- 4. constant audit: read code, count, write JSON ---------------------------------------

/**
 * Module-level UPPER_CASE assignments, annotated or not. The wrong twin also counts indented
 * ones (a function's locals, class attributes).
 */
function countConstants(source: string, indentedToo: boolean): Record<string, number> {
  const assignment = indentedToo
    ? /^\s*([A-Z][A-Z0-9_]*)\s*(?::[^=]*)?=(?!=)/
    : /^([A-Z][A-Z0-9_]*)\s*(?::[^=]*)?=(?!=)/;
  const byCategory: Record<string, number> = {};
  for (const line of source.split('\n')) {
    const name = assignment.exec(line)?.[1];
    if (name === undefined) continue;
    const category = name.split('_')[0] ?? name;
    byCategory[category] = (byCategory[category] ?? 0) + 1;
  }
  return byCategory;
}

function constantAudit(indentedToo: boolean): Brain {
  return (view) => {
    const file = backtickedFile(promptOf(view), '.py');
    if (!file) return giveUp('the prompt names no .py file');
    const source = resultOf(view, 'read_file', file);
    if (!source) {
      return {
        toolCalls: [read(file)],
        usage: { freshInput: 650, output: 25, reasoning: 40 },
      };
    }
    if (source.isError) return giveUp(`reading ${file} failed: ${source.content}`);
    const lines = fileLines(source.content);
    if (typeof lines === 'string') return giveUp(lines);
    const byCategory = countConstants(lines.join('\n'), indentedToo);
    const total = Object.values(byCategory).reduce((sum, n) => sum + n, 0);
    const written = resultOf(view, 'write_file', 'analysis.json');
    if (!written) {
      const analysis = { file, total, byCategory };
      return {
        reasoning: 'Count the top-level UPPER_CASE assignments by prefix.',
        toolCalls: [write('analysis.json', `${JSON.stringify(analysis, null, 2)}\n`)],
        usage: { freshInput: 700, cachedInput: 650, output: 220, reasoning: 300 },
      };
    }
    if (written.isError) return giveUp(`writing analysis.json failed: ${written.content}`);
    const categories = Object.keys(byCategory).length;
    return {
      text: `${total} constants in ${categories} categories`,
      usage: { freshInput: 200, cachedInput: 1400, output: 12, reasoning: 0 },
    };
  };
}

// --- 5. order report: read a spec, write three modules that work together -------------------

const MONEY_MODULE = [
  'const PRICE = /^(\\d+)(?:\\.(\\d{1,2}))?$/;',
  '',
  '/** Parses a price such as "3.20" into integer cents. */',
  'export function parseAmount(text) {',
  "  const match = typeof text === 'string' ? PRICE.exec(text) : null;",
  "  if (!match) throw new Error('invalid price: ' + JSON.stringify(text));",
  "  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));",
  '}',
  '',
  '/** Formats a non-negative integer number of cents as "12.50". */',
  'export function formatCents(cents) {',
  "  if (!Number.isInteger(cents) || cents < 0) throw new Error('invalid cents: ' + cents);",
  "  return Math.floor(cents / 100) + '.' + String(cents % 100).padStart(2, '0');",
  '}',
  '',
].join('\n');

const cartModule = (rounding: 'floor' | 'round') =>
  [
    "import { parseAmount } from './money.mjs';",
    '',
    '/** The total of an order in integer cents, after its coupon. */',
    'export function orderTotal(order) {',
    '  let subtotal = 0;',
    '  for (const item of order.items) subtotal += parseAmount(item.price) * item.qty;',
    '  if (order.coupon === undefined) return subtotal;',
    `  if (order.coupon === 'TENOFF') return subtotal - Math.${rounding}(subtotal / 10);`,
    "  throw new Error('unknown coupon: ' + order.coupon);",
    '}',
    '',
  ].join('\n');

const REPORT_MODULE = [
  "import { readFileSync } from 'node:fs';",
  "import { orderTotal } from './cart.mjs';",
  "import { formatCents } from './money.mjs';",
  '',
  "const orders = JSON.parse(readFileSync('orders.json', 'utf8'));",
  'let sum = 0;',
  'for (const order of orders) {',
  '  const total = orderTotal(order);',
  '  sum += total;',
  "  console.log(order.id + ' ' + formatCents(total));",
  '}',
  "console.log('TOTAL ' + formatCents(sum));",
  '',
].join('\n');

interface Order {
  id: string;
  items: { price: string; qty: number }[];
  coupon?: string;
}

/** What report.mjs prints for `orders`, worked out here the same way the written code does. */
function expectedReport(orders: Order[], rounding: 'floor' | 'round'): string {
  const cents = (price: string) => {
    const [whole = '0', fraction = ''] = price.split('.');
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  };
  const format = (value: number) =>
    `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
  let sum = 0;
  const lines = orders.map((order) => {
    const subtotal = order.items.reduce((total, item) => total + cents(item.price) * item.qty, 0);
    const total = order.coupon === 'TENOFF' ? subtotal - Math[rounding](subtotal / 10) : subtotal;
    sum += total;
    return `${order.id} ${format(total)}`;
  });
  return [...lines, `TOTAL ${format(sum)}`].join('\n');
}

function ordersOf(text: string): Order[] | string {
  try {
    const orders = JSON.parse(text) as Order[];
    return Array.isArray(orders) ? orders : 'orders.json is not an array';
  } catch (error) {
    return `orders.json is not valid JSON (${(error as Error).message})`;
  }
}

const MODULES = ['money.mjs', 'cart.mjs', 'report.mjs'];

function orderReport(rounding: 'floor' | 'round'): Brain {
  return (view) => {
    const spec = resultOf(view, 'read_file', 'SPEC.md');
    const ordersText = resultOf(view, 'read_file', 'orders.json');
    if (!spec || !ordersText) {
      return {
        reasoning: 'Read the spec and the data first.',
        toolCalls: [read('SPEC.md'), read('orders.json')],
        usage: { freshInput: 700, output: 40, reasoning: 50 },
      };
    }
    if (spec.isError) return giveUp(`reading SPEC.md failed: ${spec.content}`);
    if (ordersText.isError) return giveUp(`reading orders.json failed: ${ordersText.content}`);
    const named = new Set(spec.content.match(/\b\w+\.mjs\b/g));
    const missing = MODULES.filter((module) => !named.has(module));
    if (missing.length > 0) return giveUp(`SPEC.md does not describe ${missing.join(', ')}`);
    const orders = ordersOf(ordersText.content);
    if (typeof orders === 'string') return giveUp(orders);

    const writes = toolExchanges(view).filter((exchange) => exchange.name === 'write_file');
    if (writes.length === 0) {
      return {
        reasoning: 'Money in integer cents; the discount is floored; report imports the others.',
        toolCalls: [
          write('money.mjs', MONEY_MODULE),
          write('cart.mjs', cartModule(rounding)),
          write('report.mjs', REPORT_MODULE),
        ],
        usage: { freshInput: 900, cachedInput: 1200, output: 650, reasoning: 800 },
      };
    }
    const failed = writes.find((exchange) => !exchange.result || exchange.result.isError);
    if (failed) return giveUp(`writing ${failed.args.file_path} failed: ${failed.result?.content}`);
    return {
      text: expectedReport(orders, rounding),
      usage: { freshInput: 300, cachedInput: 2600, output: 60, reasoning: 120 },
    };
  };
}

// --- The suite -----------------------------------------------------------------------------

/** One brain per example case, keyed by case. */
export interface ExampleBrains {
  jsonAnswer: Brain;
  headTail: Brain;
  serviceSummary: Brain;
  constantAudit: Brain;
  orderReport: Brain;
}

/** Brains that solve every example case. */
export const exampleBrains: ExampleBrains = {
  jsonAnswer: jsonAnswer(false),
  headTail: headTail(false),
  serviceSummary: serviceSummary(false),
  constantAudit: constantAudit(false),
  orderReport: orderReport('floor'),
};

/**
 * Brains that each make one plausible mistake: 1 counted as a prime (sum 161, not prime); the
 * last ten lines off by one (32–41); owners of disabled services listed (Tomasz); indented
 * constants counted (19 in 7 categories); the TENOFF discount rounded instead of floored (A-101
 * at 17.99, TOTAL 48.11).
 */
export const wrongExampleBrains: ExampleBrains = {
  jsonAnswer: jsonAnswer(true),
  headTail: headTail(true),
  serviceSummary: serviceSummary(true),
  constantAudit: constantAudit(true),
  orderReport: orderReport('round'),
};

/** How each case is recognised from its prompt (a phrase no other case's prompt has). */
const CASE_MARKERS: [keyof ExampleBrains, RegExp][] = [
  ['jsonAnswer', /first \d+ prime numbers/],
  ['headTail', /`journal\.txt`/],
  ['serviceSummary', /`services\.yaml`/],
  ['constantAudit', /`app\/settings\.py`/],
  ['orderReport', /`SPEC\.md`/],
];

/** Which example case a prompt is, or undefined when it is none of them. */
export function exampleCaseOf(prompt: string): keyof ExampleBrains | undefined {
  return CASE_MARKERS.find(([, marker]) => marker.test(prompt))?.[0];
}

/** A brain that hands each conversation to the brain of its case, picked from the user prompt. */
export function routeExampleBrains(brains: ExampleBrains): Brain {
  return (view) => {
    if (view.toolNames.includes(GRADE_TOOL_NAME)) return judgeAgainstExpected(view);
    const prompt = promptOf(view);
    const which = exampleCaseOf(prompt);
    if (which === undefined) {
      return giveUp(`no example brain knows this task: ${JSON.stringify(prompt.slice(0, 80))}`);
    }
    return brains[which](view);
  };
}

/** The text of a fenced section of the judge's message (`## <title>` then a ``` fence). */
function judgeSection(message: string, title: string): string | undefined {
  const at = message.indexOf(`## ${title}\n`);
  if (at < 0) return undefined;
  const fenced = /^(`{3,})\n([\s\S]*?)\n\1/m.exec(message.slice(at));
  return fenced?.[2];
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** JSON text in one canonical form (sorted keys, no spacing), or undefined when it is not JSON. */
function canonicalJson(text: string): string | undefined {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([key, inner]) => [key, sorted(inner)]),
          )
        : value;
  try {
    return JSON.stringify(sorted(JSON.parse(text)));
  } catch {
    return undefined;
  }
}

/**
 * A judge that does what the judge prompt asks in the simplest honest way: the agent's final
 * answer graded against the expected answer — A when it is the expected answer (JSON compared as
 * data) or the part of it the reply must be (the cases' expected texts also describe files),
 * D otherwise, F for none.
 */
function judgeAgainstExpected(view: ConversationView): BrainTurn {
  const message = promptOf(view);
  const answer = normalise(judgeSection(message, "The agent's final answer") ?? '');
  const expected = normalise(judgeSection(message, 'Expected answer') ?? '');
  const asJson = canonicalJson(answer);
  const matches =
    asJson !== undefined ? asJson === canonicalJson(expected) : expected.includes(answer);
  const grade = answer === '' ? 'F' : matches ? 'A' : 'D';
  const reason =
    grade === 'A' ? 'Matches the expected answer.' : 'Does not match the expected answer.';
  return { toolCalls: [{ name: GRADE_TOOL_NAME, arguments: { reason, grade } }] };
}

/** Solves whichever example case the conversation is. */
export const exampleBrain: Brain = routeExampleBrains(exampleBrains);

/** Gets whichever example case the conversation is plausibly wrong. */
export const wrongExampleBrain: Brain = routeExampleBrains(wrongExampleBrains);
