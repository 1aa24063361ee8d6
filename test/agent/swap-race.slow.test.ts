import { test } from 'vitest';
import { describeRace, expectNoEscape, runSwapRace } from './swap-race.js';

// Issue 13's bar: 100,000 tool calls (read, write, write with new parent folders, edit, list,
// stat) while another thread swaps the folder they go through for a symlink out, without one
// escape. One to two minutes on two cores, so it runs in the `slow` project (`npm run test:slow`).
// The sandbox before issue 13 let 5,755 escapes through (705 reads, 5,050 writes).
test('100,000 tool calls racing a folder swapped for a symlink out: no escape', async () => {
  const race = await runSwapRace(100_000);
  console.log(describeRace(race));
  expectNoEscape(race);
}, 600_000);
