import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { agentTest } from 'nanograde';

const execFileAsync = promisify(execFile);

// What `node report.mjs` prints for orders.json, worked out by hand:
// 2 × 3.20 + 3 × 0.99 = 9.37; A-101: 19.99 − 1.99 (10%, rounded down) = 18.00;
// 3 × 0.10 + 0.20 = 0.50; A-103: 4 × 5 + 2.5 = 22.50 − 2.25 = 20.25; sum 48.12.
const REPORT = 'A-100 9.37\nA-101 18.00\nA-102 0.50\nA-103 20.25\nTOTAL 48.12';

// The gold solution's modules, for the built-in `reference` model.
const GOLD_MONEY = `const PRICE = /^(\\d+)(?:\\.(\\d{1,2}))?$/;

export function parseAmount(text) {
  const match = typeof text === 'string' ? PRICE.exec(text) : null;
  if (!match) throw new Error('invalid price: ' + JSON.stringify(text));
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function formatCents(cents) {
  if (!Number.isInteger(cents) || cents < 0) throw new Error('invalid cents: ' + cents);
  return Math.floor(cents / 100) + '.' + String(cents % 100).padStart(2, '0');
}
`;

const GOLD_CART = `import { parseAmount } from './money.mjs';

export function orderTotal(order) {
  let subtotal = 0;
  for (const item of order.items) subtotal += parseAmount(item.price) * item.qty;
  if (order.coupon === undefined) return subtotal;
  if (order.coupon === 'TENOFF') return subtotal - Math.floor(subtotal / 10);
  throw new Error('unknown coupon: ' + order.coupon);
}
`;

const GOLD_REPORT = `import { readFileSync } from 'node:fs';
import { orderTotal } from './cart.mjs';
import { formatCents } from './money.mjs';

const orders = JSON.parse(readFileSync('orders.json', 'utf8'));
let sum = 0;
for (const order of orders) {
  const total = orderTotal(order);
  sum += total;
  console.log(order.id + ' ' + formatCents(total));
}
console.log('TOTAL ' + formatCents(sum));
`;

/**
 * Checks of the agent's modules with cases it never saw (so a report.mjs that just prints the
 * expected lines does not pass). Printed as JSON: each value, or how the call threw.
 */
function hiddenChecksScript(workspace: string): string {
  const url = (file: string) => JSON.stringify(pathToFileURL(join(workspace, file)).href);
  return `
const money = await import(${url('money.mjs')});
const cart = await import(${url('cart.mjs')});
const attempt = (f) => {
  try { return { value: f() }; }
  catch (error) { return { threw: error instanceof Error, message: String(error && error.message) }; }
};
const order = (price, qty, coupon) => ({ id: 'X-1', items: [{ price, qty }], ...(coupon ? { coupon } : {}) });
console.log(JSON.stringify({
  parsed: ['3.20', '2.5', '5', '0.07', '100', '19.99'].map((t) => attempt(() => money.parseAmount(t))),
  rejected: ['', '1.234', '-1', 'abc', ' 5', '1.'].map((t) => attempt(() => money.parseAmount(t)).threw),
  formatted: [0, 5, 1250, 100000, 1800].map((c) => attempt(() => money.formatCents(c))),
  totals: [
    order('0.07', 3, 'TENOFF'),
    order('19.99', 1, 'TENOFF'),
    order('1.10', 3),
    { id: 'X-2', items: [] },
    order('0.09', 1, 'TENOFF'),
  ].map((o) => attempt(() => cart.orderTotal(o))),
  unknownCoupon: attempt(() => cart.orderTotal(order('1.00', 1, 'HALFOFF'))),
}));
`;
}

// Model-written code runs here, so: only in this run's workspace copy, with a timeout, an empty
// environment (no API keys), and Node's permission model (reads inside the workspace only, no
// writes, no child processes). A cheap guard, not a sandbox: the network stays reachable.
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission')
  ? '--permission'
  : '--experimental-permission';

/** Runs Node on code the agent wrote; returns its standard output, or fails with its stderr. */
async function runNode(
  workspace: string,
  what: string,
  args: string[],
  signal: AbortSignal,
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        PERMISSION_FLAG,
        `--allow-fs-read=${workspace}`,
        '--disable-warning=ExperimentalWarning',
        ...args,
      ],
      { cwd: workspace, env: {}, timeout: 10_000, signal, encoding: 'utf8' },
    );
    return stdout;
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const failure = error as { killed?: boolean; code?: unknown; stderr?: string };
    const how = failure.killed ? 'was killed after 10 s' : `failed (exit code ${failure.code})`;
    throw new Error(`${what} ${how}:\n${failure.stderr ?? String(error)}`);
  }
}

agentTest(
  'order report',
  {
    prompt: [
      'Read `SPEC.md` and `orders.json` in the workspace. Implement the three modules the spec',
      'describes, `money.mjs`, `cart.mjs` and `report.mjs`, in the workspace root, exactly as',
      'specified. You cannot run code, so read your files back and check them against the spec.',
      '',
      'Then reply with exactly what `node report.mjs` prints for this orders.json, and nothing else.',
    ].join('\n'),
    workspace: 'fixtures/workspaces/order-report',
    limits: { maxTurns: 15, timeoutMs: 300_000 },
    expected: [
      'money.mjs (parseAmount, formatCents), cart.mjs (orderTotal, importing ./money.mjs) and report.mjs, working together in integer cents.',
      `node report.mjs prints, and the reply is:\n${REPORT}`,
    ].join('\n'),
    reference: {
      toolCalls: [
        { name: 'read_file', args: { file_path: 'SPEC.md' } },
        { name: 'read_file', args: { file_path: 'orders.json' } },
        { name: 'write_file', args: { file_path: 'money.mjs', content: GOLD_MONEY } },
        { name: 'write_file', args: { file_path: 'cart.mjs', content: GOLD_CART } },
        { name: 'write_file', args: { file_path: 'report.mjs', content: GOLD_REPORT } },
      ],
      answer: REPORT,
    },
    rubric:
      'The modules must follow SPEC.md: integer cents throughout, parseAmount rejecting malformed prices, formatCents with two decimals, TENOFF discount rounded down (A-101 is 18.00, not 17.99), unknown coupons throwing, cart.mjs and report.mjs importing instead of copying code. Running node report.mjs must print exactly the five expected lines, and the reply must be those lines. Fail a wrong total or a module that does not load; deduct for hard-coded output, duplicated code or extra text in the reply.',
  },
  async ({ run, workspace, expect, signal }) => {
    expect(workspace).toHaveFile('money.mjs');
    expect(workspace).toHaveFile('cart.mjs', /from\s*['"]\.\/money\.mjs['"]/);
    expect(workspace).toHaveFile('report.mjs', /from\s*['"]\.\/cart\.mjs['"]/);

    const printed = await runNode(workspace, 'node report.mjs', ['report.mjs'], signal);
    expect(printed.trimEnd()).toBe(REPORT);

    const checks = ['--input-type=module', '-e', hiddenChecksScript(workspace)];
    const output = await runNode(workspace, 'the checks of money.mjs and cart.mjs', checks, signal);
    // The results are the last line: the modules may print while they load.
    const hidden = JSON.parse(output.trimEnd().split('\n').at(-1) ?? '');
    expect(hidden).toEqual({
      parsed: [320, 250, 500, 7, 10_000, 1999].map((value) => ({ value })),
      rejected: [true, true, true, true, true, true],
      formatted: ['0.00', '0.05', '12.50', '1000.00', '18.00'].map((value) => ({ value })),
      // 21 − 2; 1999 − 199; 3 × 110 (no float drift); nothing; 9 − 0.
      totals: [19, 1800, 330, 0, 9].map((value) => ({ value })),
      unknownCoupon: { threw: true, message: expect.stringContaining('HALFOFF') },
    });

    expect(run).toFollowFormat(REPORT);
    expect(run).toUseAtMostTurns(12);
    expect(run).toCostAtMost(1);
    await expect(run).toJudgeAtLeast('B', { include: ['toolCalls', 'files'], workspace });
  },
);
