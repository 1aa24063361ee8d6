import { afterAll, beforeAll, expect, test } from 'vitest';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, testLine } from './run-vitest.js';

const openai = createOpenAIFake({ brain: readerBrain() });
let served: ServedFake;
beforeAll(async () => {
  served = await serveFake(openai.handler);
});
afterAll(() => served.close());

test("a case's modelOptions a model refuses stop the run when its file is collected: exit 2, before any request", async () => {
  const result = await runVitest({
    root: e2eProject('options'),
    env: { OPENAI_BASE_URL: `${served.url}/v1`, OPENAI_API_KEY: 'sk-test' },
    args: ['--reporter=verbose', 'none'],
  });
  // The case with an effort GPT-6.1 Sol refuses fails when it is registered, saying why.
  expect(result.output).toContain(
    'agentTest "none effort": modelOptions for openai:gpt-6.1-sol: effort "none" is not accepted; it takes "low", "medium", "high", "xhigh", "max". Change modelOptions, or narrow the case\'s models to those that take them.',
  );
  expect(result.exitCode).toBe(2);
  expect(openai.log.requests).toEqual([]);
}, 90_000);

test('a case whose modelOptions every model takes runs on both, its effort on the wire', async () => {
  const result = await runVitest({
    root: e2eProject('options'),
    env: { OPENAI_BASE_URL: `${served.url}/v1`, OPENAI_API_KEY: 'sk-test' },
    args: ['--reporter=verbose', 'xhigh'],
  });
  expect(testLine(result.output, 'xhigh effort › gpt-6.1-terra'), result.output).toMatch(/✓/);
  expect(testLine(result.output, 'xhigh effort › gpt-6.1-sol'), result.output).toMatch(/✓/);
  const efforts = openai.log.requests
    .filter(({ request }) => request.url.pathname.endsWith('/responses'))
    .map(({ json }) => (json as { reasoning?: { effort?: string } }).reasoning?.effort);
  expect(efforts.length).toBeGreaterThan(0);
  expect(new Set(efforts)).toEqual(new Set(['xhigh']));
}, 90_000);
