import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { CONFIGURE_JUDGE, chooseJudge } from '../../src/judge/choose-judge.js';
import type { ResolvedModel } from '../../src/models/resolve-model.js';
import type { Availability } from '../../src/providers/provider-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { mswHandler } from '../fakes/serve-fake.js';
import { OLLAMA_HOST, stubJudgeEnv } from './judge-fakes.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

/** An availability check that only lets `ids` run, and records what it was asked. */
function only(...ids: string[]) {
  const asked: string[] = [];
  const check = async (model: ResolvedModel): Promise<Availability> => {
    asked.push(model.id);
    return ids.includes(model.id)
      ? { available: true }
      : { available: false, reason: 'missing_key', message: `no ${model.id} here` };
  };
  return { check, asked };
}

describe('which judge', () => {
  test('the option wins over NANOGRADE_JUDGE, which wins over the project config', async () => {
    const { check } = only('openai:gpt-5-nano', 'openai:gpt-5', 'ollama:gpt-oss:20b');
    const env = { NANOGRADE_JUDGE: 'gpt-5' };
    const all = { option: 'gpt-5-nano', config: 'ollama:gpt-oss:20b', env, availability: check };
    expect(await chooseJudge(all)).toMatchObject({
      ok: true,
      source: 'option',
      model: { id: 'openai:gpt-5-nano', apiModel: 'gpt-5-nano' },
    });
    expect(await chooseJudge({ ...all, option: undefined })).toMatchObject({
      source: 'NANOGRADE_JUDGE',
      model: { id: 'openai:gpt-5' },
    });
    expect(
      await chooseJudge({ ...all, option: undefined, env: { NANOGRADE_JUDGE: ' ' } }),
    ).toMatchObject({
      source: 'config',
      model: { id: 'ollama:gpt-oss:20b', provider: 'ollama' },
    });
  });

  test('by default: gpt-6.1-terra with an OpenAI key, else a current Claude with an Anthropic key, else local gpt-oss:120b', async () => {
    const everything = only(
      'openai:gpt-6.1-terra',
      'anthropic:claude-sonnet-5-5',
      'ollama:gpt-oss:120b',
    );
    const pick = async (env: Record<string, string>) =>
      chooseJudge({ env, availability: everything.check });
    expect(await pick({ OPENAI_API_KEY: 'sk-1', ANTHROPIC_API_KEY: 'sk-ant-1' })).toMatchObject({
      source: 'default',
      model: { id: 'openai:gpt-6.1-terra' },
    });
    expect(await pick({ ANTHROPIC_API_KEY: 'sk-ant-1' })).toMatchObject({
      model: { id: 'anthropic:claude-sonnet-5-5' },
    });
    expect(await pick({ OPENAI_API_KEY: '' })).toMatchObject({
      model: { id: 'ollama:gpt-oss:120b' },
    });
  });

  test('a default whose key is rejected gives way to the next one', async () => {
    const { check, asked } = only('ollama:gpt-oss:120b');
    const choice = await chooseJudge({
      env: { OPENAI_API_KEY: 'sk-revoked', ANTHROPIC_API_KEY: 'sk-ant-revoked' },
      availability: check,
    });
    expect(choice).toMatchObject({ ok: true, model: { id: 'ollama:gpt-oss:120b' } });
    expect(asked).toEqual([
      'openai:gpt-6.1-terra',
      'anthropic:claude-sonnet-5-5',
      'ollama:gpt-oss:120b',
    ]);
  });

  test('a named judge that cannot run is reported, never swapped for another', async () => {
    const { check } = only('openai:gpt-5-mini');
    const choice = await chooseJudge({
      env: { NANOGRADE_JUDGE: 'anthropic:claude-haiku-4-5', OPENAI_API_KEY: 'sk-1' },
      availability: check,
    });
    expect(choice).toEqual({
      ok: false,
      named: 'anthropic:claude-haiku-4-5',
      message: `The judge anthropic:claude-haiku-4-5 (from NANOGRADE_JUDGE) cannot run here: no anthropic:claude-haiku-4-5 here\n${CONFIGURE_JUDGE}`,
    });
  });

  test('a judge id that names no model says so', async () => {
    const choice = await chooseJudge({ option: 'gpt-7-ultra', availability: only().check });
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.message).toMatch(
      /^The judge "gpt-7-ultra" \(from the `judge` option\) is not a usable model id: Unknown model "gpt-7-ultra"/,
    );
    expect(!choice.ok && choice.message).toContain(CONFIGURE_JUDGE);
  });

  test('with nothing available, the message lists what was tried and how to configure a judge', async () => {
    const choice = await chooseJudge({ env: {}, availability: only().check });
    expect(choice).toEqual({
      ok: false,
      message: `No judge model is available for toJudgeAtLeast (tried ollama:gpt-oss:120b: no ollama:gpt-oss:120b here).\n${CONFIGURE_JUDGE}`,
    });
    expect(CONFIGURE_JUDGE).toBe(
      "Configure a judge model: set NANOGRADE_JUDGE (e.g. NANOGRADE_JUDGE=openai:gpt-6.1-terra), or pass { judge: 'anthropic:claude-sonnet-5-5' } to toJudgeAtLeast or agentsProject({ judge }), or make a default available: OPENAI_API_KEY (openai:gpt-6.1-terra), ANTHROPIC_API_KEY (anthropic:claude-sonnet-5-5), or a local Ollama with `ollama pull gpt-oss:120b`. For a task with an exact answer, grade with { oracle } instead: it needs no model.",
    );
  });
});

describe('the default availability check', () => {
  test('asks the Ollama server whether gpt-oss:120b is pulled', async () => {
    stubJudgeEnv({ OLLAMA_HOST });
    const without = createOllamaFake({ brain: () => ({ text: '' }), models: ['gpt-oss:20b'] });
    server.use(mswHandler(OLLAMA_HOST, without.handler));
    const missing = await chooseJudge();
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.message).toContain(
      'ollama:gpt-oss:120b: gpt-oss:120b is not pulled on the Ollama server at http://ollama.judge.test:11434; run `ollama pull gpt-oss:120b`',
    );

    // Not remembered while missing: once pulled, it is the judge.
    server.resetHandlers();
    const pulled = createOllamaFake({ brain: () => ({ text: '' }), models: ['gpt-oss:120b'] });
    server.use(mswHandler(OLLAMA_HOST, pulled.handler));
    expect(await chooseJudge()).toMatchObject({ ok: true, model: { id: 'ollama:gpt-oss:120b' } });
    expect(pulled.log.requests.map((entry) => entry.request.url.pathname)).toEqual(['/api/tags']);

    // Remembered once available: no second look.
    expect(await chooseJudge()).toMatchObject({ ok: true });
    expect(pulled.log.requests).toHaveLength(1);
  });
});
