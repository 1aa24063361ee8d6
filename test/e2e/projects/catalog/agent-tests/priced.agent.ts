import { agentTest } from '../../../../../src/public/index.js';

// readerBrain's usage: 300 + 350 input tokens, 20 + 5 output tokens, nothing cached.
const expectedCost: Record<string, number> = {
  'openai:house-model': (650 * 4 + 25 * 8) / 1e6, // 0.0028
  'openai:gpt-5-nano': (650 * 1 + 25 * 3) / 1e6, // 0.000725
};

agentTest(
  'priced',
  { prompt: 'Read motto.txt and answer with its text only.', workspace: 'workspace' },
  ({ run, model, expect }) => {
    expect(run).toFollowFormat(/^priced by the project$/);
    expect(run.costUsd).toBeCloseTo(expectedCost[model] ?? Number.NaN, 12);
  },
);
