import { editDistance } from './text-similarity.js';

/**
 * The candidate a mistyped `input` most likely meant, or undefined when none is close: at most
 * one edit in three characters (a swap of neighbours is one edit), compared without case. Ties
 * go to the earlier candidate, so callers list the likelier names first.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = input.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = editDistance(wanted, candidate.toLowerCase(), { transpositions: true });
    const allowed = Math.max(1, Math.floor(Math.max(wanted.length, candidate.length) / 3));
    if (distance > allowed) continue;
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate;
}
