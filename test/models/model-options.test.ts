import { describe, expect, test } from 'vitest';
import {
  checkModelOptions,
  ModelOptionsError,
  type OptionsTarget,
} from '../../src/models/model-options.js';
import { capabilitiesOf, resolveModel } from '../../src/models/resolve-model.js';

function target(id: string): OptionsTarget {
  const model = resolveModel(id, undefined, {
    OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:1/v1',
  });
  return { id: model.id, provider: model.provider, capabilities: capabilitiesOf(model) };
}

const problem = (id: string, options: unknown, maxOutputTokens?: number) => {
  try {
    checkModelOptions(target(id), options, maxOutputTokens);
  } catch (error) {
    if (error instanceof ModelOptionsError) return error.message;
    throw error;
  }
  return null;
};

describe('checkModelOptions', () => {
  test('accepts every effort a model lists, on each model of the range', () => {
    for (const effort of ['none', 'low', 'medium', 'high', 'xhigh', 'max']) {
      expect(problem('gpt-6.1-terra', { effort })).toBeNull();
    }
    expect(problem('gpt-5-mini', { effort: 'minimal' })).toBeNull();
    expect(problem('claude-opus-5-5', { effort: 'max' })).toBeNull();
    expect(problem('gpt-oss:20b', { effort: 'high' })).toBeNull();
  });

  test('refuses an effort the model rejects, naming the model and what it takes', () => {
    expect(problem('gpt-6.1-sol', { effort: 'none' })).toBe(
      'modelOptions for openai:gpt-6.1-sol: effort "none" is not accepted; it takes "low", "medium", "high", "xhigh", "max".',
    );
    expect(problem('gpt-6-luna', { effort: 'minimal' })).toContain(
      'effort "minimal" is not accepted; it takes "none", "low"',
    );
    expect(problem('claude-haiku-4-5', { effort: 'high' })).toBe(
      'modelOptions for anthropic:claude-haiku-4-5: effort "high" is not accepted: the model takes no reasoning effort; leave effort out.',
    );
    expect(problem('gpt-oss:120b', { effort: 'xhigh' })).toContain('"low", "medium", "high"');
    // A model the catalog does not list: the cautious default takes none.
    expect(problem('openai:gpt-7', { effort: 'low' })).toContain('takes no reasoning effort');
  });

  test('OpenAI-compatible servers are checked against the Chat Completions values', () => {
    expect(problem('openai-compatible:local', { effort: 'low' })).toContain(
      'takes no reasoning effort',
    );
  });

  test('thinking modes: Opus 5.5 refuses disabled, Sonnet 5.5 takes between_tools only up to high', () => {
    expect(problem('claude-opus-5-5', { thinking: 'disabled' })).toBe(
      'modelOptions for anthropic:claude-opus-5-5: thinking "disabled" is not accepted; it takes "adaptive".',
    );
    expect(problem('claude-sonnet-5-5', { thinking: 'between_tools' })).toBeNull();
    expect(
      problem('claude-sonnet-5-5', { thinking: 'between_tools', effort: 'medium' }),
    ).toBeNull();
    expect(problem('claude-sonnet-5-5', { thinking: 'between_tools', effort: 'xhigh' })).toContain(
      'thinking "between_tools" works only up to effort "high", and the effort is "xhigh"',
    );
    expect(problem('claude-opus-5', { thinking: 'disabled', effort: 'max' })).toContain(
      'works only up to effort "high"',
    );
    expect(problem('gpt-6.1-terra', { thinking: 'adaptive' })).toContain(
      'the model has no thinking modes',
    );
  });

  test('manual thinking needs room for its budget', () => {
    expect(problem('claude-haiku-4-5', { thinking: 'enabled' }, 8_192)).toBeNull();
    expect(problem('claude-haiku-4-5', { thinking: 'enabled' }, 1_024)).toContain(
      'thinking "enabled" needs limits.maxOutputTokensPerTurn above 1024',
    );
  });

  test('temperature only where the model takes it: Terra at effort none, never on Claude', () => {
    expect(problem('gpt-6.1-terra', { temperature: 0.2, effort: 'none' })).toBeNull();
    expect(problem('gpt-6.1-terra', { temperature: 0.2 })).toContain(
      'temperature is accepted only with effort "none", and the effort is "medium"',
    );
    expect(problem('claude-sonnet-5-5', { temperature: 0 })).toContain(
      'temperature is not accepted by this model',
    );
    expect(problem('gpt-oss:20b', { temperature: 0.7 })).toBeNull();
  });

  test('numCtx is for Ollama, and never below 32,768', () => {
    expect(problem('gpt-oss:20b', { numCtx: 65_536 })).toBeNull();
    expect(problem('gpt-oss:20b', { numCtx: 4_096 })).toContain('numCtx');
    expect(problem('gpt-5-mini', { numCtx: 65_536 })).toContain('numCtx is an Ollama option');
  });

  test("a turn's output limit above the model's maximum is refused", () => {
    expect(problem('claude-haiku-4-5', {}, 64_000)).toBeNull();
    expect(problem('claude-haiku-4-5', {}, 100_000)).toContain(
      'limits.maxOutputTokensPerTurn 100000 is above 64000',
    );
  });

  test('the old reasoningEffort name says what it was renamed to; other unknown keys are refused', () => {
    expect(problem('gpt-5-mini', { reasoningEffort: 'low' })).toBe(
      'modelOptions for openai:gpt-5-mini: modelOptions.reasoningEffort was renamed to effort (one of none, minimal, low, medium, high, xhigh, max; each model accepts some of them).',
    );
    expect(problem('gpt-5-mini', { effortt: 'low' })).toContain('effortt');
    expect(problem('gpt-5-mini', { effort: 'highest' })).toContain('effort');
  });

  test('returns the parsed options when they fit', () => {
    expect(checkModelOptions(target('gpt-6.1-terra'), { effort: 'xhigh' })).toEqual({
      effort: 'xhigh',
    });
    expect(checkModelOptions(target('gpt-6.1-terra'), undefined)).toEqual({});
  });
});
