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

test("a case's modelOptions are checked against every model before any request", async () => {
  const result = await runVitest({
    root: e2eProject('options'),
    env: { OPENAI_BASE_URL: `${served.url}/v1`, OPENAI_API_KEY: 'sk-test' },
  });
  // The case with an effort GPT-6.1 Sol refuses fails when it is registered, saying why.
  expect(result.output).toContain(
    'agentTest "none effort": modelOptions for openai:gpt-6.1-sol: effort "none" is not accepted; it takes "low", "medium", "high", "xhigh", "max". Change modelOptions, or narrow the case\'s models to those that take them.',
  );
  expect(result.exitCode).toBe(1);
  // The other case ran on both models, its effort on the wire.
  expect(testLine(result.output, 'xhigh effort › gpt-6.1-terra'), result.output).toMatch(/✓/);
  expect(testLine(result.output, 'xhigh effort › gpt-6.1-sol'), result.output).toMatch(/✓/);
  const efforts = openai.log.requests
    .filter(({ request }) => request.url.pathname.endsWith('/responses'))
    .map(({ json }) => (json as { reasoning?: { effort?: string } }).reasoning?.effort);
  expect(efforts.length).toBeGreaterThan(0);
  expect(new Set(efforts)).toEqual(new Set(['xhigh']));
}, 90_000);
