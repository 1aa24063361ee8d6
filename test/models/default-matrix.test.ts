import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createCatalog, defaultCatalog, findModel } from '../../src/models/catalog.js';
import { defaultMatrix, SEED_LINEUP } from '../../src/models/default-matrix.js';
import { lifecycleOf } from '../../src/models/lifecycle.js';

const TODAY = new Date('2026-11-23T12:00:00Z');

const EXPECTED_MODELS = [
  'openai:gpt-6.1-sol',
  'openai:gpt-6.1-terra',
  'openai:gpt-6-luna',
  // Opus 4.1 and Opus 4 both become Opus 4.8, which runs once, where Opus 4.1 stood.
  'anthropic:claude-opus-4-8',
  'anthropic:claude-sonnet-4-6',
  'anthropic:claude-haiku-4-5',
  'ollama:gpt-oss:20b',
  'ollama:gpt-oss:120b',
];

describe('defaultMatrix', () => {
  test('is the seed lineup with each retired or deprecated model replaced, in order, once', () => {
    expect(defaultMatrix(defaultCatalog, TODAY).models).toEqual(EXPECTED_MODELS);
  });

  test('holds no model that is retired or deprecated, today or later', () => {
    for (const now of [TODAY, new Date('2026-12-11T00:00:00Z'), new Date('2027-06-01T00:00:00Z')]) {
      const { models } = defaultMatrix(defaultCatalog, now);
      expect(models).toEqual(EXPECTED_MODELS);
      for (const id of models) {
        const entry = findModel(defaultCatalog, id);
        expect(entry?.status.state, id).toBe('active');
        if (entry !== undefined) expect(lifecycleOf(entry, now)).toBe('active');
      }
    }
  });

  test('says which seed models were replaced, by what and why', () => {
    const { replacements } = defaultMatrix(defaultCatalog, TODAY);
    expect(replacements.map(({ from, to, reason }) => [from, to, reason])).toEqual([
      ['openai:gpt-5', 'openai:gpt-6.1-sol', 'deprecated'],
      ['openai:gpt-5-mini', 'openai:gpt-6.1-terra', 'deprecated'],
      ['openai:gpt-5-nano', 'openai:gpt-6-luna', 'deprecated'],
      ['anthropic:claude-opus-4-1', 'anthropic:claude-opus-4-8', 'retired'],
      ['anthropic:claude-opus-4', 'anthropic:claude-opus-4-8', 'retired'],
      ['anthropic:claude-sonnet-4', 'anthropic:claude-sonnet-4-6', 'retired'],
      ['anthropic:claude-3-haiku', 'anthropic:claude-haiku-4-5', 'retired'],
    ]);
    expect(replacements[0]?.note).toBe(
      'GPT-5 (openai:gpt-5) is deprecated and retires on 2026-12-11; the matrix runs its successor GPT-6.1 Sol (openai:gpt-6.1-sol).',
    );
    expect(replacements[3]?.note).toBe(
      'Claude Opus 4.1 (anthropic:claude-opus-4-1) is retired; the matrix runs its successor Claude Opus 4.8 (anthropic:claude-opus-4-8).',
    );
  });

  test('calls a deprecated seed model retired once its retirement day has come', () => {
    const { replacements } = defaultMatrix(defaultCatalog, new Date('2026-12-11T00:00:00Z'));
    expect(replacements[0]).toEqual({
      from: 'openai:gpt-5',
      to: 'openai:gpt-6.1-sol',
      reason: 'retired',
      note: 'GPT-5 (openai:gpt-5) is retired; the matrix runs its successor GPT-6.1 Sol (openai:gpt-6.1-sol).',
    });
  });

  test('the seed lineup is the seed system’s nine models', () => {
    expect(SEED_LINEUP).toHaveLength(9);
    expect(Object.isFrozen(SEED_LINEUP)).toBe(true);
  });

  test("follows a user catalog's chain of replacements to an active model", () => {
    const catalog = createCatalog({
      models: [
        { id: 'anthropic:claude-opus-6', label: 'Claude Opus 6' },
        {
          id: 'anthropic:claude-opus-4-8',
          label: 'Claude Opus 4.8',
          status: { state: 'retired', replacement: 'anthropic:claude-opus-6' },
        },
        // Deprecated, not yet retired: the matrix still moves on to its successor.
        {
          id: 'anthropic:claude-sonnet-4-6',
          label: 'Claude Sonnet 4.6',
          status: {
            state: 'deprecated',
            replacement: 'anthropic:claude-sonnet-5-5',
            retiresOn: '2027-02-17',
          },
        },
        // Un-retire Haiku 3 in this catalog: it stays in the matrix.
        {
          id: 'anthropic:claude-3-haiku',
          apiModel: 'claude-3-haiku-20240307',
          label: 'Claude Haiku 3',
        },
        // Un-deprecate GPT-5 in this catalog: it stays too.
        { id: 'openai:gpt-5', label: 'GPT-5' },
      ],
    });
    const matrix = defaultMatrix(catalog, TODAY);
    expect(matrix.models).toEqual([
      'openai:gpt-5',
      'openai:gpt-6.1-terra',
      'openai:gpt-6-luna',
      'anthropic:claude-opus-6',
      'anthropic:claude-sonnet-5-5',
      'anthropic:claude-3-haiku',
      'ollama:gpt-oss:20b',
      'ollama:gpt-oss:120b',
    ]);
    expect(matrix.replacements.map(({ from, to }) => `${from} → ${to}`)).toEqual([
      'openai:gpt-5-mini → openai:gpt-6.1-terra',
      'openai:gpt-5-nano → openai:gpt-6-luna',
      'anthropic:claude-opus-4-1 → anthropic:claude-opus-6',
      'anthropic:claude-opus-4 → anthropic:claude-opus-6',
      'anthropic:claude-sonnet-4 → anthropic:claude-sonnet-5-5',
    ]);
  });
});

describe('the Anthropic SDK and the default matrix', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Sends one request for `model` through the installed SDK; returns what it printed as warnings. */
  async function sdkWarningsFor(model: string): Promise<string[]> {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = new Anthropic({
      apiKey: 'sk-ant-test',
      maxRetries: 0,
      // A canned reply: only what the SDK does before and around the request matters here.
      fetch: async () =>
        new Response(
          JSON.stringify({
            id: 'msg_test',
            type: 'message',
            role: 'assistant',
            model,
            content: [{ type: 'text', text: 'ok' }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage: { input_tokens: 1, output_tokens: 1 },
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        ),
    });
    await client.messages.create({
      model,
      max_tokens: 16,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const messages = warn.mock.calls.map((call) => String(call[0]));
    warn.mockRestore();
    return messages;
  }

  test('warns about no Claude model of the default matrix', async () => {
    const claude = defaultMatrix(defaultCatalog, TODAY)
      .models.map((id) => findModel(defaultCatalog, id))
      .filter((entry) => entry?.provider === 'anthropic');
    expect(claude).toHaveLength(3);
    for (const entry of claude) {
      if (entry === undefined) continue;
      expect(await sdkWarningsFor(entry.apiModel), entry.apiModel).toEqual([]);
    }
  });

  test('does warn about Sonnet 4.5, which the catalog marks deprecated', async () => {
    const sonnet45 = findModel(defaultCatalog, 'claude-sonnet-4-5');
    expect(sonnet45?.status).toMatchObject({ state: 'deprecated', retiresOn: '2026-11-30' });
    const warnings = await sdkWarningsFor(sonnet45?.apiModel ?? '');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/deprecated and will reach end-of-life on November 30th, 2026/);
  });
});
