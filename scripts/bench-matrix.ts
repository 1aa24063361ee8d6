/**
 * Benchmark: a nine-model matrix against one model (issue 16). The same three cases run on one
 * model (Ollama's gpt-oss:20b: local models are the slowest lane, one request at a time per
 * model) and on nine — the default matrix with both Ollama models, topped up with gpt-5-nano —
 * every model request answered after 500 ms by the strict fakes on 127.0.0.1. Twice, in the
 * order one, nine, nine, one. It prints the wall-time ratio of nine models to one against its
 * goal (≤ 1.15), the model-time ratio at the fakes, and the most requests in flight per limit
 * (per cloud provider, per Ollama model), which must never exceed the limit.
 * Run it with `npm run bench:matrix`.
 */
import { expect, test } from 'vitest';
import { defaultMatrix } from '../src/models/default-matrix.js';
import { goalLine, serveBenchFakes } from './suite-bench/bench-fakes.js';
import { writeBenchProject } from './suite-bench/bench-project.js';
import { compareSuites, inFlightLines } from './suite-bench/compare-suites.js';

const CASES = ['motto 1', 'motto 2', 'motto 3'];
const ONE = ['ollama:gpt-oss:20b'];
const NINE = [...defaultMatrix().models, 'openai:gpt-5-nano'];
const DELAY_MS = 500;
const GOAL_RATIO = 1.15;

test('bench:matrix — nine models (two on Ollama) vs one', async () => {
  expect(NINE).toHaveLength(9);
  expect(NINE.filter((id) => id.startsWith('ollama:'))).toHaveLength(2);
  const fakes = await serveBenchFakes(NINE, DELAY_MS);
  const project = (models: string[]) =>
    writeBenchProject([{ name: 'mottos', cases: CASES }], { models });
  const { wall, span, peaks, loads } = await compareSuites(
    fakes,
    {
      one: { ...(await project(ONE)), tests: CASES.length * ONE.length },
      nine: { ...(await project(NINE)), tests: CASES.length * NINE.length },
    },
    ['one', 'nine'],
  );
  const ratio = wall.nine / wall.one;
  const spanRatio = span.nine / span.one;
  const seconds = (ms: number) => `${(ms / 2000).toFixed(2)} s`;
  const lines = [
    '',
    `bench:matrix — ${CASES.length} cases on ${ONE.join('')} vs on ${NINE.length} models (${NINE.join(', ')}), 2 requests per run, ${DELAY_MS} ms each; mean of 2 runs each; load average ${loads.map((l) => l.toFixed(1)).join(' / ')}`,
    `  wall time: one model ${seconds(wall.one)}, nine models ${seconds(wall.nine)}; model time at the fakes: one ${seconds(span.one)}, nine ${seconds(span.nine)}`,
    goalLine('nine models / one (wall)', ratio.toFixed(2), `≤ ${GOAL_RATIO}`, ratio <= GOAL_RATIO),
    goalLine(
      'nine models / one (model time)',
      spanRatio.toFixed(2),
      `≤ ${GOAL_RATIO}`,
      spanRatio <= GOAL_RATIO,
    ),
  ];
  const inFlight = inFlightLines(peaks);
  lines.push(...inFlight.lines);
  process.stdout.write(`${lines.join('\n')}\n\n`);
  expect(inFlight.broken, 'a provider limit was exceeded').toEqual([]);
});
