import { describe, expect, test } from 'vitest';
import { createCatalog, defaultCatalog } from '../../src/models/catalog.js';
import { DEFAULT_MODEL_MIN_DAYS_LEFT, defaultAgentModel } from '../../src/models/default-model.js';
import { daysUntil, lifecycleOf, retirementDay } from '../../src/models/lifecycle.js';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('defaultAgentModel', () => {
  test('today it is GPT-6.1 Terra: gpt-5-mini retires on 2026-12-11, five days away', () => {
    expect(defaultAgentModel(defaultCatalog, day('2026-12-06')).id).toBe('openai:gpt-6.1-terra');
  });

  test("the seed's gpt-5-mini while it has more than 30 days left, its successor from then on", () => {
    expect(defaultAgentModel(defaultCatalog, day('2026-11-10')).id).toBe('openai:gpt-5-mini');
    expect(defaultAgentModel(defaultCatalog, day('2026-11-11')).id).toBe('openai:gpt-6.1-terra');
  });

  test('on no day of two years is the default retired or retiring within 30 days', () => {
    for (let t = Date.parse('2026-01-01'); t <= Date.parse('2027-12-31'); t += 86_400_000) {
      const now = new Date(t);
      const model = defaultAgentModel(defaultCatalog, now);
      expect(lifecycleOf(model, now)).not.toBe('retired');
      const retires = retirementDay(model);
      if (retires !== undefined) {
        expect(daysUntil(retires, now)).toBeGreaterThan(DEFAULT_MODEL_MIN_DAYS_LEFT);
      }
    }
  });

  test('follows a chain of successors past one that retires soon too', () => {
    const catalog = createCatalog({
      models: [
        {
          id: 'openai:gpt-6.1-terra',
          status: {
            state: 'deprecated',
            replacement: 'openai:gpt-6-luna',
            retiresOn: '2026-12-20',
          },
        },
      ],
    });
    expect(defaultAgentModel(catalog, day('2026-12-06')).id).toBe('openai:gpt-6-luna');
  });
});
