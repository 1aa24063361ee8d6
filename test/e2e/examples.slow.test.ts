import { describeExamples, EXAMPLES } from './examples-suite.js';

// Every example: the AI SDK and the OpenAI Agents SDK load for seconds in each child run, so the
// three together run with the slow tests; examples.test.ts runs the openai loop in npm test.
describeExamples(
  'vitest run --project examples: your own agent, three SDKs, three providers',
  EXAMPLES,
);
