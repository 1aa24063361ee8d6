import { agentTest } from '../../../../../src/public/index.js';

// The fake answers "42" twice, then "41" on every third question of the same prompt.

agentTest(
  'tolerant',
  {
    prompt: 'Tolerant: what is six times seven? Answer with the number only.',
    models: ['gpt-5-mini'],
    repeats: 3,
    minPass: 2,
    limits: { maxTurns: 2, timeoutMs: 20_000 },
  },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^42$/);
  },
);

agentTest(
  'strict',
  {
    prompt: 'Strict: what is six times seven? Answer with the number only.',
    models: ['gpt-5-mini'],
    repeats: 3,
    limits: { maxTurns: 2, timeoutMs: 20_000 },
  },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^42$/);
  },
);

agentTest(
  'budget',
  {
    prompt: 'Budget: what is six times seven? Answer with the number only.',
    limits: { maxTurns: 2, timeoutMs: 20_000 },
  },
  ({ run, expect }) => {
    expect(run).toFollowFormat(/^42$/);
  },
);
