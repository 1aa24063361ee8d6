import { describe, expect, test } from 'vitest';
import { GRADE_TOOL, readGradeReply } from '../../src/judge/grade-reply.js';
import type { CompletionResult } from '../../src/providers/provider-types.js';
import { emptyUsage } from '../../src/records/agent-run.js';

function turn(calls: { name: string; arguments: string }[], content = ''): CompletionResult {
  return {
    message: {
      role: 'assistant',
      content,
      toolCalls: calls.map((call, index) => ({ id: `call_${index}`, ...call })),
    },
    usage: emptyUsage(),
    stopReason: calls.length > 0 ? 'tool_calls' : 'end',
  };
}

const call = (args: unknown) => ({ name: 'record_grade', arguments: JSON.stringify(args) });

describe('the grade tool', () => {
  test('asks for the reason before the grade, both required, grades S to F', () => {
    expect(GRADE_TOOL.name).toBe('record_grade');
    expect(GRADE_TOOL.parameters).toEqual({
      type: 'object',
      properties: {
        reason: expect.objectContaining({ type: 'string', maxLength: 300 }),
        grade: expect.objectContaining({ type: 'string', enum: ['S', 'A', 'B', 'C', 'D', 'F'] }),
      },
      required: ['reason', 'grade'],
      additionalProperties: false,
    });
    expect(Object.keys(GRADE_TOOL.parameters.properties as object)).toEqual(['reason', 'grade']);
  });
});

describe('readGradeReply', () => {
  test('reads one valid call, trimming the reason and ignoring extra keys', () => {
    const read = readGradeReply(
      turn([call({ reason: '  Correct and terse.  ', grade: 'S', confidence: 0.9 })]),
    );
    expect(read).toEqual({ ok: true, reply: { grade: 'S', reason: 'Correct and terse.' } });
  });

  test('says what is wrong with a reply it cannot use', () => {
    expect(readGradeReply(turn([], 'I would give it a B.'))).toEqual({
      ok: false,
      problem: 'the reply did not call record_grade (it said: "I would give it a B.")',
    });
    expect(readGradeReply(turn([{ name: 'record_grade', arguments: '{"grade": "B"' }]))).toEqual({
      ok: false,
      problem: 'the record_grade arguments are not JSON: "{\\"grade\\": \\"B\\""',
    });
    const badGrade = readGradeReply(turn([call({ reason: 'Close.', grade: 'B+' })]));
    expect(badGrade.ok).toBe(false);
    expect(!badGrade.ok && badGrade.problem).toMatch(
      /^the record_grade arguments are invalid \(grade: Invalid option: expected one of "S"\|"A"\|"B"\|"C"\|"D"\|"F"\)$/,
    );
    const longReason = readGradeReply(turn([call({ reason: 'x'.repeat(301), grade: 'A' })]));
    expect(!longReason.ok && longReason.problem).toMatch(
      /reason: Too big: expected string to have <=300 characters/,
    );
    const noReason = readGradeReply(turn([call({ reason: ' ', grade: 'A' })]));
    expect(!noReason.ok && noReason.problem).toMatch(/reason: Too small/);
    expect(
      readGradeReply(turn([call({ reason: 'a', grade: 'A' }), call({ reason: 'b', grade: 'B' })])),
    ).toEqual({
      ok: false,
      problem: 'the reply called record_grade 2 times',
    });
  });
});
