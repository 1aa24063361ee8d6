import { afterAll, beforeAll, expect, test } from 'vitest';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject, runVitest, testLine } from './run-vitest.js';

const openai = createOpenAIFake({ brain: readerBrain(), models: ['house-model', 'gpt-5-nano'] });
let served: ServedFake;
beforeAll(async () => {
  served = await serveFake(openai.handler);
});
afterAll(() => served.close());

test("a project's catalog adds models and overrides prices for its runs", async () => {
  const result = await runVitest({
    root: e2eProject('catalog'),
    env: { OPENAI_BASE_URL: `${served.url}/v1`, OPENAI_API_KEY: 'sk-test' },
  });
  // The checks inside the project assert each run's cost from the project's prices.
  expect(testLine(result.output, 'priced › house-model'), result.output).toMatch(/✓/);
  expect(testLine(result.output, 'priced › gpt-5-nano'), result.output).toMatch(/✓/);
  expect(result.exitCode).toBe(0);
}, 90_000);
