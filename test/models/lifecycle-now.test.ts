import { expect, test } from 'vitest';
import { defaultCatalog, findModel } from '../../src/models/catalog.js';
import { lifecycleNow, lifecycleOf } from '../../src/models/lifecycle.js';
import { resolveModel } from '../../src/models/resolve-model.js';

test('NANOGRADE_NOW pins the day lifecycles are judged on', () => {
  expect(lifecycleNow({ NANOGRADE_NOW: '2026-12-01' }).toISOString()).toBe(
    '2026-12-01T00:00:00.000Z',
  );
  const sonnet = findModel(defaultCatalog, 'claude-sonnet-4-5');
  if (!sonnet) throw new Error('claude-sonnet-4-5 is missing from the catalog');
  expect(lifecycleOf(sonnet, lifecycleNow({ NANOGRADE_NOW: '2026-11-29' }))).toBe('deprecated');
  expect(lifecycleOf(sonnet, lifecycleNow({ NANOGRADE_NOW: '2026-11-30' }))).toBe('retired');
});

test('without it, lifecycles are judged today', () => {
  const before = Date.now();
  const now = lifecycleNow({}).getTime();
  expect(now).toBeGreaterThanOrEqual(before);
  expect(now).toBeLessThanOrEqual(Date.now());
});

test.for(['2026-13-01', '2026-02-30', 'tomorrow', '2026-1-5'])(
  'a malformed NANOGRADE_NOW (%s) is refused with the expected form',
  (value) => {
    expect(() => lifecycleNow({ NANOGRADE_NOW: value })).toThrow(
      /Allowed: a calendar day, YYYY-MM-DD, e\.g\. 2026-11-23/,
    );
  },
);

test('resolving still works for any id; the pinned day only decides retirement', () => {
  expect(resolveModel('claude-sonnet-4-5').id).toBe('anthropic:claude-sonnet-4-5');
});
