/**
 * Edit distance between two strings: insertions, deletions and substitutions (Levenshtein); with
 * `transpositions`, swapping two neighbours counts as one edit too (optimal string alignment),
 * so a typed `modles` is one edit from `models`.
 */
export function editDistance(
  a: string,
  b: string,
  options: { transpositions?: boolean } = {},
): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        substitution,
      );
      if (
        options.transpositions &&
        i > 1 &&
        j > 1 &&
        a[i - 1] === b[j - 2] &&
        a[i - 2] === b[j - 1]
      ) {
        best = Math.min(best, (beforePrevious[j - 2] as number) + 1);
      }
      current[j] = best;
    }
    beforePrevious = previous;
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
