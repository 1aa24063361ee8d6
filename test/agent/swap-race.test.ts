import { test } from 'vitest';
import { describeRace, expectNoEscape, runSwapRace } from './swap-race.js';

// The short version of swap-race.slow.test.ts, so that a regression shows in `npm test`. The
// sandbox before issue 13 let 113 escapes through in 2,000 attempts.
test('2,000 tool calls racing a folder swapped for a symlink out: no escape', async () => {
  const race = await runSwapRace(2_000);
  console.log(describeRace(race));
  expectNoEscape(race);
}, 120_000);
