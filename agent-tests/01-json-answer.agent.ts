import { agentTest } from 'nanograde';
import { z } from 'zod';

// The first twelve primes, and their sum: 2+3+5+7+11+13+17+19+23+29+31+37 = 197, itself a prime.
const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

const ANSWER =
  '{"primes": [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37], "sum": 197, "sumIsPrime": true}';

const AnswerSchema = z
  .object({
    primes: z.array(z.number()).refine((primes) => primes.join(',') === PRIMES.join(','), {
      message: `expected the first 12 primes, ${PRIMES.join(', ')}`,
    }),
    sum: z.literal(197),
    sumIsPrime: z.literal(true),
  })
  .strict();

agentTest(
  'json answer',
  {
    prompt: [
      'Answer this question from your own knowledge, without using any tools:',
      'What are the first 12 prime numbers, what is their sum, and is that sum itself a prime number?',
      '',
      'Reply with one JSON object and nothing else (no code fences, no explanation), with exactly these keys:',
      '{"primes": [the 12 primes in increasing order], "sum": their sum as a number, "sumIsPrime": true or false}',
    ].join('\n'),
    limits: { maxTurns: 2, timeoutMs: 120_000 },
    expected: ANSWER,
    reference: { answer: ANSWER },
    rubric:
      'Full marks only for a single JSON object with the keys primes, sum and sumIsPrime: the first twelve primes (2 to 37) in order, the sum 197, and sumIsPrime true. No tools should be used. Deduct for extra text or code fences around the JSON; fail a wrong list, sum or primality.',
  },
  async ({ run, expect }) => {
    expect(run).toFollowFormat(AnswerSchema);
    // The whole reply is the JSON object: no fences, no prose around it.
    expect(run).toFollowFormat(/^\{[\s\S]*\}$/);
    // Answered in one turn, so no tool was called.
    expect(run).toUseAtMostTurns(1);
    expect(run).toCostAtMost(0.05);
    await expect(run).toJudgeAtLeast('B');
  },
);
