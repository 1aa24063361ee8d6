import { agentTest } from 'nanograde';

// journal.txt has 42 numbered lines: the answer is lines 1-10 and 33-42, verbatim.
const EXPECTED = [
  'FIRST 10 LINES',
  '01 amber kite',
  '02 brass lantern',
  '03 cedar bench',
  '04 dusty atlas',
  '05 ember road',
  '06 frosted window',
  '07 granite step',
  '08 hollow reed',
  '09 ivory comb',
  '10 jade teapot',
  'LAST 10 LINES',
  '33 golden wheat',
  '34 hazel nut',
  '35 iron gate',
  '36 juniper hedge',
  '37 kelp bed',
  '38 lemon tree',
  '39 marble stair',
  '40 nickel coin',
  '41 oak barrel',
  '42 pearl button',
].join('\n');

// The task (prompt, workspace, limits, expected answer, rubric) is written in Markdown.
agentTest.fromFile('agent-tests/tasks/head-and-tail.md', async ({ run, expect }) => {
  expect(run).toHaveCalledTool('read_file', { file_path: expect.stringMatching(/journal\.txt$/) });
  // A template without slots is the exact text (trimmed as a whole, line endings normalised).
  expect(run).toFollowFormat(EXPECTED);
  expect(run).toUseAtMostTurns(4);
  expect(run).toCostAtMost(0.1);
  await expect(run).toJudgeAtLeast('B');
});
