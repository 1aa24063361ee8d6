/** Levenshtein distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        substitution,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Similarity in [0, 1]: 1 minus the edit distance over the longer length (1 = equal). */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

/** The candidate most similar to `target`, with its score, or undefined when there are none. */
export function mostSimilar(
  target: string,
  candidates: readonly string[],
): { index: number; score: number } | undefined {
  let best: { index: number; score: number } | undefined;
  for (const [index, candidate] of candidates.entries()) {
    // The length gap alone bounds the score; skip what cannot beat the best so far.
    const longest = Math.max(target.length, candidate.length);
    const bound = longest === 0 ? 1 : 1 - Math.abs(target.length - candidate.length) / longest;
    if (best && bound <= best.score) continue;
    const score = similarity(target, candidate);
    if (!best || score > best.score) best = { index, score };
  }
  return best;
}

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
