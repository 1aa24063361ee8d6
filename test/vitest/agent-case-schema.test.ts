import { describe, expect, test } from 'vitest';
import { checkAgentCase } from '../../src/vitest/agent-case-schema.js';

function problem(spec: unknown): Error {
  try {
    checkAgentCase('roster', spec);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the case was accepted');
}

describe("agentTest's options are strict", () => {
  test('a misspelt key names the case, the key and the key likely meant', () => {
    const error = problem({ prompt: 'Read it.', worksapce: 'fixtures/x' });
    expect(error.name).toBe('NanogradeConfigError');
    expect(error.message).toMatch(
      /^agentTest\("roster"\): unknown option 'worksapce' — did you mean 'workspace'\? \(options: prompt, workspace, models, /,
    );
  });

  test('nested keys too: limits, bars, the gold solution', () => {
    expect(problem({ prompt: 'x', limits: { maxTurn: 3 } }).message).toContain(
      "unknown option 'limits.maxTurn' — did you mean 'limits.maxTurns'?",
    );
    expect(problem({ prompt: 'x', bars: { minGrad: 'B' } }).message).toContain(
      "did you mean 'bars.minGrade'?",
    );
    expect(problem({ prompt: 'x', reference: { answer: 'a', toolcalls: [] } }).message).toContain(
      "did you mean 'reference.toolCalls'?",
    );
  });

  test('model options keep their own message for a renamed key', () => {
    expect(problem({ prompt: 'x', modelOptions: { reasoningEffort: 'low' } }).message).toContain(
      'modelOptions.reasoningEffort was renamed to effort',
    );
    expect(problem({ prompt: 'x', modelOptions: { efort: 'low' } }).message).toContain(
      "did you mean 'modelOptions.effort'?",
    );
  });

  test('a key with nothing close lists the options, without a guess', () => {
    const { message } = problem({ prompt: 'x', flavour: 'vanilla' });
    expect(message).toContain("unknown option 'flavour' (options: ");
    expect(message).not.toContain('did you mean');
  });

  test("issue 15's keys are known here (their content is checked where they are used)", () => {
    const spec = {
      prompt: 'x',
      tools: { lookup: { description: 'd' } },
      fileTools: ['read_file'],
      system: 'Be brief.',
      agent: async () => 'done',
    };
    expect(checkAgentCase('custom', spec)).toBe(spec);
  });

  test('an empty prompt says what to do', () => {
    expect(problem({ prompt: '  ' }).message).toBe(
      'agentTest("roster") has an empty prompt; say what the agent must do.',
    );
  });
});
