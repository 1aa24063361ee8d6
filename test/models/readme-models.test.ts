// The README's model table must say what the catalog says: status as of the pinned day, each
// price, and the day each price was read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { defaultCatalog } from '../../src/models/catalog.js';
import { lifecycleNow, lifecycleOf } from '../../src/models/lifecycle.js';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const rows = README.slice(README.indexOf('| id | status on ')).split('\n\n')[0]?.split('\n') ?? [];

/** The numbers of a price cell, '–' (no cache-write price) as null. */
function numbers(cell: string): (number | null)[] {
  return [...cell.matchAll(/(\d+(?:\.\d+)?)|–/g)].map((match) =>
    match[1] === undefined ? null : Number(match[1]),
  );
}

test('the table is as of the pinned day', () => {
  expect(rows[0]).toContain(`| id | status on ${lifecycleNow().toISOString().slice(0, 10)} |`);
});

test.for(defaultCatalog.models.filter((entry) => entry.provider !== 'builtin').map((e) => e.id))(
  '%s: status, price and the day it was read',
  (id) => {
    const entry = defaultCatalog.models.find((model) => model.id === id);
    if (!entry) throw new Error(id);
    const bare = id.slice(id.indexOf(':') + 1);
    const row = rows.find((line) => {
      const first = line.split('|')[1] ?? '';
      return first.includes(`\`${id}\``) || first.includes(`\`${bare}\``);
    });
    expect(row, `no README row names ${id}`).toBeDefined();
    const [, , status = '', priceCell = '', source = ''] = row?.split('|') ?? [];
    expect(status.trim()).toMatch(new RegExp(`^${lifecycleOf(entry, lifecycleNow())}`));
    const { price } = entry;
    if (price === null) return;
    if ('local' in price) {
      expect(priceCell).toContain('$0');
      return;
    }
    const expected = [price.input, price.cachedInput, price.cacheWrite ?? null, price.output];
    const cell = numbers(priceCell);
    const found = cell.some((_, start) =>
      expected.every((value, index) => cell[start + index] === value),
    );
    expect(found, `${id}: ${expected.join(' / ')} in "${priceCell.trim()}"`).toBe(true);
    expect(source).toContain(price.readOn);
  },
);
