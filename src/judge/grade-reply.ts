import { z } from 'zod';
import type { CompletionResult, ToolSchema } from '../providers/provider-types.js';
import { GRADES, type Grade, GradeSchema } from '../records/grade.js';

/** The longest reason a judge may give. */
export const REASON_MAX_CHARS = 300;

/** The one tool the judge is made to call. */
export const GRADE_TOOL_NAME = 'record_grade';

/** The grade tool as every provider is shown it; the reason comes first so it informs the grade. */
export const GRADE_TOOL: ToolSchema = {
  name: GRADE_TOOL_NAME,
  description: 'Record your grade of the agent run, with the reason for it.',
  parameters: {
    type: 'object',
    properties: {
      reason: {
        type: 'string',
        maxLength: REASON_MAX_CHARS,
        description: `What decided the grade, at most ${REASON_MAX_CHARS} characters.`,
      },
      grade: { type: 'string', enum: [...GRADES], description: 'S, A, B, C, D or F.' },
    },
    required: ['reason', 'grade'],
    additionalProperties: false,
  },
};

/** A judge's reply, as the grade tool's arguments must carry it (extra keys are ignored). */
export const GradeReplySchema = z.object({
  reason: z.string().trim().min(1).max(REASON_MAX_CHARS),
  grade: GradeSchema,
});
export type GradeReply = { grade: Grade; reason: string };

/** A reply read: the grade and reason, or what is wrong with it (told to the judge on retry). */
export type ReadReply = { ok: true; reply: GradeReply } | { ok: false; problem: string };

/**
 * Reads the judge's grade from its turn: one call to the grade tool with valid arguments, or —
 * `from: 'text'`, when the reply was held to the grade's JSON Schema — its text as those arguments.
 */
export function readGradeReply(
  result: CompletionResult,
  from: 'tool' | 'text' = 'tool',
): ReadReply {
  if (from === 'text') return readArguments(result.message.content.trim(), 'the reply is');
  const calls = result.message.toolCalls.filter((call) => call.name === GRADE_TOOL_NAME);
  const [call] = calls;
  if (!call) {
    const said = result.message.content.trim();
    return {
      ok: false,
      problem: `the reply did not call ${GRADE_TOOL_NAME}${said ? ` (it said: ${clip(said)})` : ''}`,
    };
  }
  if (calls.length > 1) {
    return { ok: false, problem: `the reply called ${GRADE_TOOL_NAME} ${calls.length} times` };
  }
  return readArguments(call.arguments, `the ${GRADE_TOOL_NAME} arguments are`);
}

/** The grade and reason in `text` (JSON of the grade tool's arguments), or what is wrong. */
function readArguments(text: string, subject: string): ReadReply {
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${subject} not JSON: ${clip(text)}` };
  }
  const parsed = GradeReplySchema.safeParse(args);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`)
      .join('; ');
    return { ok: false, problem: `${subject} invalid (${issues})` };
  }
  return { ok: true, reply: parsed.data };
}

function clip(text: string): string {
  return JSON.stringify(text.length <= 120 ? text : `${text.slice(0, 120)}…`);
}
