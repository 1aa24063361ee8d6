import { describe, expect, test } from 'vitest';
import { RunErrorSchema } from '../../src/records/agent-run.js';
import { buildReport } from '../../src/report/build-report.js';
import { statusDetail, statusLabel } from '../../src/report/report-labels.js';
import { entry } from './report-entries.js';

describe('run error kinds in the report', () => {
  const kinds = RunErrorSchema.shape.kind.options.filter((kind) => kind !== 'provider');
  test.for(kinds)(
    '%s: the status cell names it, the detail says why, and the run grades F',
    (kind) => {
      const error = { kind, message: `the run ended with ${kind}` };
      const report = buildReport([
        entry({ model: 'openai:gpt-6.1-terra', status: 'failed', error }),
      ]);
      const [record] = report.records;
      if (!record) throw new Error('no record');
      expect(record.runError).toEqual(error);
      expect(statusLabel(record)).toBe(kind);
      expect(statusDetail(record)).toBe(`${kind}: the run ended with ${kind}`);
      expect(record.performance.grade).toBe('F');
    },
  );

  test('a provider error shows its provider kind: context_length from Ollama', () => {
    const error = {
      kind: 'provider' as const,
      message: 'ollama request failed on turn 3: context_length: Ollama dropped the start',
      provider: { kind: 'context_length' as const, providerMessage: 'Ollama dropped the start' },
    };
    const [record] = buildReport([
      entry({ model: 'ollama:gpt-oss:20b', status: 'failed', error }),
    ]).records;
    if (!record) throw new Error('no record');
    expect(statusLabel(record)).toBe('context_length');
    expect(statusDetail(record)).toBe('provider (context_length): Ollama dropped the start');
  });
});
