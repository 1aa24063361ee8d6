import { type DefaultMatrix, defaultMatrix } from '../models/default-matrix.js';

/**
 * The default matrix's replacement notes ("X is retired; the matrix runs its successor Y"), when
 * the report's models include the whole default matrix — that is, when the run used it.
 */
export function matrixNotes(
  models: Iterable<string>,
  matrix: Pick<DefaultMatrix, 'models' | 'replacements'> = defaultMatrix(),
): string[] {
  const present = new Set(models);
  if (matrix.models.length === 0 || !matrix.models.every((id) => present.has(id))) return [];
  return matrix.replacements.map((replacement) => replacement.note);
}
