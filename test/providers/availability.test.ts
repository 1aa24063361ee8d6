import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { availability } from '../../src/providers/availability.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';

const fake = createOpenAIFake({ brain: () => ({ text: 'unused' }) });
const server = setupServer(mswHandler('http://openai.fake/v1', fake.handler));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => vi.unstubAllEnvs());

test('a retired model is unavailable, names its replacement, and asks no server', async () => {
  const before = fake.log.requests.length;
  const result = await availability('claude-3-haiku');
  expect(result).toMatchObject({ available: false, reason: 'retired' });
  expect(result.available || result.message).toMatch(/claude-haiku-4-5/);
  expect(fake.log.requests.length).toBe(before);
});

test('an unknown model is unavailable with the list of known ids', async () => {
  const result = await availability('gpt-5-mni');
  expect(result).toMatchObject({ available: false, reason: 'unknown_model' });
  expect(result.available || result.message).toMatch(/openai:gpt-5-mini/);
});

test('an openai-compatible model without a base URL says which variable to set', async () => {
  vi.stubEnv('OPENAI_COMPATIBLE_BASE_URL', '');
  const result = await availability('openai-compatible:qwen3-coder');
  expect(result).toMatchObject({ available: false, reason: 'not_configured' });
  expect(result.available || result.message).toMatch(/OPENAI_COMPATIBLE_BASE_URL/);
});

test('otherwise the provider answers, through its real client', async () => {
  vi.stubEnv('OPENAI_BASE_URL', 'http://openai.fake/v1');
  vi.stubEnv('OPENAI_API_KEY', 'sk-test');
  expect(await availability('gpt-5-mini')).toEqual({ available: true });
  expect(fake.log.requests.at(-1)?.request.url.pathname).toBe('/v1/models/gpt-5-mini');
  vi.stubEnv('OPENAI_API_KEY', 'sk-wrong');
  expect(await availability('gpt-5-mini')).toMatchObject({
    available: false,
    reason: 'invalid_key',
  });
});
