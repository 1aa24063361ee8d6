import type { Grade } from '../records/grade.js';

/** The few styles the terminal table uses. */
export type Style = 'bold' | 'dim' | 'green' | 'yellow' | 'red' | 'magenta' | 'cyan' | 'alert';

const CODES: Record<Style, [open: string, close: string]> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  green: ['\u001b[32m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  red: ['\u001b[31m', '\u001b[39m'],
  magenta: ['\u001b[35m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
  alert: ['\u001b[1;97;41m', '\u001b[0m'],
};

/** Wraps text in a style's ANSI codes, or returns it as is when colour is off. */
export function paint(text: string, style: Style | undefined, color: boolean): string {
  if (!color || !style || text === '') return text;
  const [open, close] = CODES[style];
  return `${open}${text}${close}`;
}

/**
 * Whether to colour output: only on a TTY, and never when NO_COLOR is set to anything but the
 * empty string (no-color.org).
 */
export function shouldUseColor(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stream.isTTY === true && !noColor;
}

/** S and A green, B and C yellow, D and F red. */
export function gradeStyle(grade: Grade | null): Style | undefined {
  if (grade === null) return undefined;
  if (grade === 'S' || grade === 'A') return 'green';
  if (grade === 'B' || grade === 'C') return 'yellow';
  return 'red';
}
