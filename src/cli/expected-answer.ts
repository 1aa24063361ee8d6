import type { ExpectedAnswer } from './run-args.js';

/** How `--expect` reads in records and messages: the text in quotes, or /regex/flags. */
export function expectedLabel(expected: ExpectedAnswer): string {
  return 'text' in expected ? JSON.stringify(expected.text) : String(expected.pattern);
}

/**
 * Why the answer misses what `--expect` asks for, or undefined when it has it. Text must appear
 * as given (case and all); a regular expression must match somewhere (`search` ignores the g and
 * y flags' state, so one pattern serves every model's run).
 */
export function missedExpectation(answer: string, expected: ExpectedAnswer): string | undefined {
  const found =
    'text' in expected ? answer.includes(expected.text) : answer.search(expected.pattern) !== -1;
  if (found) return undefined;
  const shown = answer.trim() === '' ? 'an empty answer' : JSON.stringify(answer.slice(0, 200));
  const how = 'text' in expected ? 'contain' : 'match';
  return `expected the answer to ${how} ${expectedLabel(expected)}, but it was ${shown}${answer.length > 200 ? '…' : ''}`;
}
