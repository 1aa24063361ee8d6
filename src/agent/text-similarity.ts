import { mostSimilar } from '../format/text-similarity.js';

/** Longest line (in characters) compared when looking for the closest line. */
const COMPARED_CHARS = 300;
/** Lines of a file searched for the closest line. */
const COMPARED_LINES = 20_000;

/**
 * The line of `text` closest to `needle`'s first non-blank line, compared without leading and
 * trailing whitespace (so an indentation slip still finds its line); undefined when either side
 * has nothing to compare.
 */
export function closestLine(
  text: string,
  needle: string,
): { lineNumber: number; line: string; score: number } | undefined {
  const wanted = needle.split('\n').find((line) => line.trim() !== '');
  if (wanted === undefined) return undefined;
  const lines = text.split('\n').slice(0, COMPARED_LINES);
  const best = mostSimilar(
    wanted.trim().slice(0, COMPARED_CHARS),
    lines.map((line) => line.trim().slice(0, COMPARED_CHARS)),
  );
  if (best === undefined) return undefined;
  return { lineNumber: best.index + 1, line: lines[best.index] as string, score: best.score };
}
