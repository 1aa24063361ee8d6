import { type Catalog, defaultCatalog, findModel } from '../models/catalog.js';
import { lifecycleNow, lifecycleOf, retirementDay } from '../models/lifecycle.js';

/**
 * A note for each model of the run that is deprecated today: the day it retires and its
 * successor. Only models the run used get one — never the seed models the default matrix
 * replaced, which the user did not choose and which did not run.
 */
export function matrixNotes(
  models: Iterable<string>,
  catalog: Catalog = defaultCatalog,
  now: Date = lifecycleNow(),
): string[] {
  const notes: string[] = [];
  for (const id of new Set(models)) {
    const entry = findModel(catalog, id);
    if (entry?.status.state !== 'deprecated' || lifecycleOf(entry, now) !== 'deprecated') {
      continue;
    }
    const successor = findModel(catalog, entry.status.replacement);
    const named = successor ? `${successor.label} (${successor.id})` : entry.status.replacement;
    notes.push(
      `${entry.label} (${entry.id}) is deprecated and retires on ${retirementDay(entry)}; its successor is ${named}.`,
    );
  }
  return notes;
}
