import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { runAgent } from '../../src/agent/run-agent.js';
import { prepareWorkspace, type Workspace } from '../../src/agent/workspace.js';
import { AgentRunSchema } from '../../src/records/agent-run.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain, BrainTurn } from '../fakes/fake-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { rosterBrain } from '../fakes/roster-brain.js';
import { mswHandler } from '../fakes/serve-fake.js';

const ROSTER = join(import.meta.dirname, '../../fixtures/workspaces/team-roster');
const URLS = {
  openai: 'http://openai.fake/v1',
  anthropic: 'http://anthropic.fake',
  ollama: 'http://ollama.fake:11434',
  compatible: 'http://lmstudio.fake/v1',
};

// Each test swaps in its own brain; the fakes stay strict whatever the brain says.
let brain: Brain = rosterBrain;
const useBrain: Brain = (view) => brain(view);
const openai = createOpenAIFake({ brain: useBrain });
const compatible = createOpenAIFake({
  brain: useBrain,
  apiKey: 'not-needed',
  models: ['qwen3-coder'],
});
const anthropic = createAnthropicFake({ brain: useBrain });
const ollama = createOllamaFake({ brain: useBrain, models: ['gpt-oss:20b'] });
const server = setupServer(
  mswHandler(URLS.openai, openai.handler),
  mswHandler(URLS.compatible, compatible.handler),
  mswHandler(URLS.anthropic, anthropic.handler),
  mswHandler(URLS.ollama, ollama.handler),
);

let workspace: Workspace;
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(async () => {
  brain = rosterBrain;
  vi.stubEnv('OPENAI_API_KEY', 'sk-test');
  vi.stubEnv('OPENAI_BASE_URL', URLS.openai);
  vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-test');
  vi.stubEnv('ANTHROPIC_BASE_URL', URLS.anthropic);
  vi.stubEnv('OLLAMA_HOST', URLS.ollama);
  vi.stubEnv('OPENAI_COMPATIBLE_BASE_URL', URLS.compatible);
  vi.stubEnv('OPENAI_COMPATIBLE_API_KEY', 'not-needed');
  workspace = await prepareWorkspace(ROSTER);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await workspace.dispose();
});

describe('runAgent completes the multi-turn roster task on every provider', () => {
  // Roster usage over its three turns: input 400 + 500 + 700 = 1600 of which 700 cached,
  // output (reasoning included) 30 + 40 + 10 = 80.
  test.for([
    // gpt-5-mini: 900 fresh × $0.25/M + 700 cached × $0.025/M + 80 out × $2/M
    //           = 0.000225 + 0.0000175 + 0.00016 = 0.0004025
    { model: 'openai:gpt-5-mini', cost: 0.0004025 },
    // sonnet-4.6: 900 fresh × $3/M + 700 cache reads × $0.30/M + 80 out × $15/M
    //           = 0.0027 + 0.00021 + 0.0012 = 0.00411
    { model: 'anthropic:claude-sonnet-4-6', cost: 0.00411 },
    { model: 'ollama:gpt-oss:20b', cost: 0 },
    { model: 'openai-compatible:qwen3-coder', cost: null },
  ])('$model', async ({ model, cost }) => {
    const run = await runAgent({
      model,
      prompt: 'Summarise the roster.',
      workspace: workspace.root,
    });

    expect(run.error).toBeNull();
    expect(run.output).toBe('Done: 3 files');
    expect(run.turns).toBe(3);
    expect(run.toolCalls.map((call) => [call.name, call.ok, call.turn])).toEqual([
      ['read_file', true, 1],
      ['write_file', true, 2],
      ['list_directory', true, 2],
    ]);
    expect(run.toolCalls[0]?.args).toEqual({ file_path: 'team.json' });
    expect(JSON.parse(await readFile(join(workspace.root, 'names.json'), 'utf8'))).toEqual([
      'Ada',
      'Grace',
      'Linus',
    ]);
    expect(run.usage.inputTokens).toBe(1600);
    if (!model.startsWith('ollama')) expect(run.usage.outputTokens).toBe(80);
    if (cost === null) expect(run.costUsd).toBeNull();
    else expect(run.costUsd).toBeCloseTo(cost, 12);
    // system, user, then assistant/tool messages: a1, t1, a2, t2, t3, a3
    expect(run.transcript.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
      'tool',
      'assistant',
    ]);
    // The run is plain JSON: it survives a round trip and still matches its schema.
    expect(AgentRunSchema.parse(JSON.parse(JSON.stringify(run)))).toEqual(run);
  });

  test('the fixture folder itself is never changed', async () => {
    await runAgent({ model: 'gpt-5-nano', prompt: 'Summarise.', workspace: workspace.root });
    await expect(readFile(join(ROSTER, 'names.json'))).rejects.toThrow(/ENOENT/);
  });
});

const loopForever: Brain = () => ({
  toolCalls: [{ name: 'list_directory', arguments: {} }],
  usage: { freshInput: 100, output: 10 },
});

describe('limits end the run with a classified error', () => {
  test('max turns', async () => {
    brain = loopForever;
    const run = await runAgent({
      model: 'gpt-5-mini',
      prompt: 'x',
      workspace: workspace.root,
      limits: { maxTurns: 3 },
    });
    expect(run.error?.kind).toBe('max_turns');
    expect(run.error?.message).toMatch(/3 turns/);
    expect(run.turns).toBe(3);
    expect(run.toolCalls).toHaveLength(3);
  });

  test('wall-clock timeout aborts the request in flight', async () => {
    brain = () => ({ text: 'too late', delayMs: 10_000 });
    const run = await runAgent({
      model: 'claude-sonnet-4-6',
      prompt: 'x',
      workspace: workspace.root,
      limits: { timeoutMs: 150 },
    });
    expect(run.error?.kind).toBe('timeout');
    expect(run.durationMs).toBeLessThan(5_000);
  });

  test('the caller signal aborts the run', async () => {
    brain = () => ({ text: 'too late', delayMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user pressed stop')), 100);
    const run = await runAgent({
      model: 'ollama:gpt-oss:20b',
      prompt: 'x',
      workspace: workspace.root,
      signal: controller.signal,
    });
    expect(run.error).toMatchObject({
      kind: 'aborted',
      message: expect.stringMatching(/user pressed stop/),
    });
    expect(run.durationMs).toBeLessThan(5_000);
  });

  test('max output tokens per turn, and the limit is what the provider is sent', async () => {
    brain = () => ({ text: 'half an answ', truncated: true });
    const run = await runAgent({
      model: 'gpt-5-mini',
      prompt: 'x',
      workspace: workspace.root,
      limits: { maxOutputTokensPerTurn: 64 },
    });
    expect(run.error?.kind).toBe('output_limit');
    expect(run.output).toBe('half an answ');
    expect(openai.log.requests.at(-1)?.json).toMatchObject({ max_output_tokens: 64 });
  });

  test('max cost per run stops after the turn that crossed it', async () => {
    // Each turn: 100 000 fresh input tokens on gpt-5 = $0.125, over a $0.10 budget at once.
    brain = () => ({
      toolCalls: [{ name: 'list_directory', arguments: {} }],
      usage: { freshInput: 100_000, output: 0 },
    });
    const run = await runAgent({
      model: 'gpt-5',
      prompt: 'x',
      workspace: workspace.root,
      limits: { maxCostUsd: 0.1 },
    });
    expect(run.error?.kind).toBe('budget');
    expect(run.turns).toBe(1);
    expect(run.costUsd).toBeCloseTo(0.125, 12);
  });

  test('a budget on a model of unknown price is refused before any request', async () => {
    const before = compatible.log.requests.length;
    const run = await runAgent({
      model: 'openai-compatible:qwen3-coder',
      prompt: 'x',
      workspace: workspace.root,
      limits: { maxCostUsd: 1 },
    });
    expect(run.error?.kind).toBe('budget');
    expect(run.error?.message).toMatch(/price .* unknown/);
    expect(compatible.log.requests.length).toBe(before);
  });
});

describe('malformed tool calls go back to the model, which recovers', () => {
  test.for(['gpt-5-mini', 'claude-haiku-4-5', 'ollama:gpt-oss:20b'])('%s', async (model) => {
    // Ollama's API carries arguments as objects only, so invalid JSON cannot reach the agent there.
    const carriesRawJson = !model.startsWith('ollama');
    brain = (view): BrainTurn => {
      if (view.turn === 0) {
        return {
          toolCalls: [
            ...(carriesRawJson ? [{ name: 'read_file', arguments: '{"file_path": ' }] : []),
            { name: 'read_file', arguments: { file_path: 42 } },
            { name: 'delete_file', arguments: { file_path: 'team.json' } },
            { name: 'read_file', arguments: { file_path: 'README.md' } },
          ],
        };
      }
      // OpenAI's wire has no error flag: there the model learns of a failure from the text.
      const failures = view.lastToolResults.filter(
        (result) => result.isError || result.content.startsWith('Error: '),
      ).length;
      const last = view.lastToolResults.at(-1)?.content.split('\n')[0];
      return { text: `${failures} failed, then: ${last}` };
    };
    const expectedFailures = carriesRawJson ? 3 : 2;
    const run = await runAgent({ model, prompt: 'x', workspace: workspace.root });
    expect(run.error).toBeNull();
    expect(run.output).toBe(`${expectedFailures} failed, then: # Team roster`);
    const failed = run.toolCalls.filter((call) => !call.ok);
    expect(failed).toHaveLength(expectedFailures);
    for (const call of failed) expect(call.error).toEqual(expect.any(String));
    expect(run.toolCalls.find((call) => call.name === 'delete_file')?.error).toMatch(/read_file/);
    expect(run.toolCalls.at(-1)).toMatchObject({ name: 'read_file', ok: true });
  });
});

describe('provider failures are classified and keep the provider message', () => {
  test.for([
    { model: 'gpt-5-mini', status: 401, kind: 'auth' },
    { model: 'claude-sonnet-4-6', status: 400, kind: 'bad_request' },
    { model: 'ollama:gpt-oss:20b', status: 500, kind: 'server' },
  ])('$model $status → $kind', async ({ model, status, kind }) => {
    brain = () => ({ error: { status, message: 'the fake provider says no' } });
    const run = await runAgent({ model, prompt: 'x', workspace: workspace.root });
    expect(run.error).toMatchObject({
      kind: 'provider',
      provider: {
        kind,
        status,
        providerMessage: expect.stringMatching(/the fake provider says no/),
      },
    });
  });
});
