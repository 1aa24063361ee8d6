/**
 * Benchmark: the same agent cases in one test file and in ten (issue 16). Ten cases on three
 * cloud models (30 runs of two model requests each, every request answered after 500 ms by the
 * strict fakes on 127.0.0.1) run as one file, then as ten files of one case each — twice, in
 * the order one, ten, ten, one. It prints the wall-time ratio of ten files to one file against
 * its goal (≤ 1.3), the model-time ratio (first request to last answer, at the fakes), and the
 * most requests each provider had in flight against its limit, which must never be exceeded:
 * that failure fails the bench (a broken limit is a bug, a slow run is a figure).
 * Run it with `npm run bench:parallel`.
 */
import { expect, test } from 'vitest';
import { goalLine, serveBenchFakes } from './suite-bench/bench-fakes.js';
import { type BenchFile, writeBenchProject } from './suite-bench/bench-project.js';
import { compareSuites, inFlightLines } from './suite-bench/compare-suites.js';

const CASES = 10;
const MODELS = ['openai:gpt-5-mini', 'openai:gpt-5-nano', 'anthropic:claude-haiku-4-5'];
const DELAY_MS = 500;
const GOAL_RATIO = 1.3;
/** The project's limits: the defaults, or tighter ones to put the coordinator under contention. */
const CONCURRENCY = JSON.parse(process.env.BENCH_CONCURRENCY ?? '{}') as Record<string, number>;

const caseNames = Array.from({ length: CASES }, (_, i) => `case ${String(i + 1).padStart(2, '0')}`);
const layouts: Record<'one file' | 'ten files', BenchFile[]> = {
  'one file': [{ name: 'all-cases', cases: caseNames }],
  'ten files': caseNames.map((name, i) => ({
    name: `case-${String(i + 1).padStart(2, '0')}`,
    cases: [name],
  })),
};

test('bench:parallel — ten cases in one file vs in ten files', async () => {
  const fakes = await serveBenchFakes(MODELS, DELAY_MS);
  const options = { models: MODELS, concurrency: CONCURRENCY };
  const tests = CASES * MODELS.length;
  const { wall, span, peaks, loads } = await compareSuites(
    fakes,
    {
      'one file': { ...(await writeBenchProject(layouts['one file'], options)), tests },
      'ten files': { ...(await writeBenchProject(layouts['ten files'], options)), tests },
    },
    ['one file', 'ten files'],
  );
  const ratio = wall['ten files'] / wall['one file'];
  const spanRatio = span['ten files'] / span['one file'];
  const seconds = (ms: number) => `${(ms / 2000).toFixed(2)} s`;
  const lines = [
    '',
    `bench:parallel — ${CASES} cases × ${MODELS.length} models (${MODELS.join(', ')}), 2 requests per run, ${DELAY_MS} ms each; mean of 2 runs per layout; load average ${loads.map((l) => l.toFixed(1)).join(' / ')}`,
    `  wall time: one file ${seconds(wall['one file'])}, ten files ${seconds(wall['ten files'])}; model time at the fakes: one file ${seconds(span['one file'])}, ten files ${seconds(span['ten files'])}`,
    goalLine(
      'ten files / one file (wall)',
      ratio.toFixed(2),
      `≤ ${GOAL_RATIO}`,
      ratio <= GOAL_RATIO,
    ),
    goalLine(
      'ten files / one file (model time)',
      spanRatio.toFixed(2),
      `≤ ${GOAL_RATIO}`,
      spanRatio <= GOAL_RATIO,
    ),
  ];
  const inFlight = inFlightLines(peaks, CONCURRENCY);
  lines.push(...inFlight.lines);
  process.stdout.write(`${lines.join('\n')}\n\n`);
  expect(inFlight.broken, 'a provider limit was exceeded').toEqual([]);
});
