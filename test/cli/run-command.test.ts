/** `nanograde run` in process, against the strict OpenAI fake (the built CLI runs in cli.test.ts). */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { parseRunArgs } from '../../src/cli/run-args.js';
import { runCommand } from '../../src/cli/run-command.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';

const BASE = 'http://openai.fake/v1';
const fake = createOpenAIFake({ brain: () => ({ text: '2 lines' }) });
const server = setupServer(mswHandler(BASE, fake.handler));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => vi.unstubAllEnvs());

test('notes each deprecated model of the run, with its retirement day and successor, as agent tests do', async () => {
  vi.stubEnv('OPENAI_BASE_URL', BASE);
  vi.stubEnv('OPENAI_API_KEY', 'sk-test');
  const printed: string[] = [];
  const io: CliIO = {
    out: (text) => printed.push(text),
    err: () => {},
    env: process.env,
    cwd: process.cwd(),
    color: false,
  };
  const args = ['Count the lines', '-m', 'gpt-5-mini', '-m', 'gpt-6.1-terra', '-e', '2 lines'];
  expect(await runCommand(await parseRunArgs(args, io), io)).toBe(0);
  const table = printed.join('');
  // gpt-5-mini retires on 2026-12-11 (the tests' day is 2026-12-06); GPT-6.1 Terra is active.
  expect(table.replace(/\s+/g, ' ')).toContain(
    ' note: GPT-5 mini (openai:gpt-5-mini) is deprecated and retires on 2026-12-11; its successor is GPT-6.1 Terra (openai:gpt-6.1-terra).',
  );
  expect(table.match(/ note: /g)).toHaveLength(1);
});
