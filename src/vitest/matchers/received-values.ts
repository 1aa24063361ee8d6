import { existsSync, statSync } from 'node:fs';
import { type AgentRun, AgentRunSchema } from '../../records/agent-run.js';
import { MatcherUsageError } from './matcher-usage-error.js';

/** Names a value's kind for error messages: 'null', 'array', 'string', 'object', … */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Returns `received` as an AgentRun, or throws a TypeError naming the matcher and what it got. */
export function expectAgentRun(matcher: string, received: unknown): AgentRun {
  const parsed = AgentRunSchema.safeParse(received);
  if (parsed.success) return parsed.data;
  const expected = `${matcher} expects the \`run\` from agentTest (an AgentRun)`;
  if (typeof received !== 'object' || received === null || Array.isArray(received)) {
    throw new MatcherUsageError(`${expected}, got ${kindOf(received)}`);
  }
  // An object that is almost a run: say which fields are wrong, so a hand-built run can be fixed.
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new MatcherUsageError(`${expected}, got an object that is not one (${problems})`);
}

/** Returns `received` as a workspace folder path, or throws a TypeError naming the matcher. */
export function expectWorkspaceFolder(matcher: string, received: unknown): string {
  const expected = `${matcher} expects the \`workspace\` folder path from agentTest`;
  if (typeof received !== 'string' || received === '') {
    throw new MatcherUsageError(
      `${expected}, got ${received === '' ? 'an empty string' : kindOf(received)}`,
    );
  }
  if (!existsSync(received) || !statSync(received).isDirectory()) {
    throw new MatcherUsageError(`${expected}, got "${received}", which is not an existing folder`);
  }
  return received;
}
