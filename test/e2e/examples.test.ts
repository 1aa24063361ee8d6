import { describeExamples, OPENAI_LOOP } from './examples-suite.js';

// Your own agent through the real runner, in npm test: the plain openai loop on three providers,
// recorded then replayed. All three SDKs: examples.slow.test.ts.
describeExamples(
  'vitest run --project examples: your own agent (openai SDK loop), three providers',
  [OPENAI_LOOP],
);
