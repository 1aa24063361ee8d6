import { type Assertion, describe, expect, test } from 'vitest';
import { nanogradeMatchers } from '../../src/vitest/matchers/index.js';
import { makeRun } from './agent-run-factory.js';

expect.extend(nanogradeMatchers);

// Each run matcher with arguments that would be fine for a real run; `assertion` is `expect(x)` or `expect(x).not`.
const RUN_MATCHERS: [string, (assertion: Assertion) => void][] = [
  ['toFollowFormat', (assertion) => assertion.toFollowFormat(/x/)],
  ['toHaveCalledTool', (assertion) => assertion.toHaveCalledTool('read_file')],
  ['toHaveCalledToolsInOrder', (assertion) => assertion.toHaveCalledToolsInOrder(['read_file'])],
  ['toUseAtMostTurns', (assertion) => assertion.toUseAtMostTurns(4)],
  ['toCostAtMost', (assertion) => assertion.toCostAtMost(0.01)],
  ['toFinishWithin', (assertion) => assertion.toFinishWithin(30_000)],
];

describe.for(RUN_MATCHERS)('%s rejects what is not a run', ([name, check]) => {
  test('a string, null, an array', () => {
    expect(() => check(expect('Done.'))).toThrow(
      new TypeError(`${name} expects the \`run\` from agentTest (an AgentRun), got string`),
    );
    expect(() => check(expect(null))).toThrow(/, got null$/);
    expect(() => check(expect([makeRun()]))).toThrow(/, got array$/);
  });

  test('an object that is almost a run names its wrong fields', () => {
    const { costUsd: _dropped, ...noCost } = makeRun();
    expect(() => check(expect({ ...noCost, turns: -1 }))).toThrow(
      new RegExp(
        `^${name} expects the \`run\` from agentTest \\(an AgentRun\\), got an object that is not one \\(turns: .*; costUsd: .*\\)$`,
      ),
    );
  });

  test('the same under .not', () => {
    expect(() => check(expect('Done.').not)).toThrow(
      new TypeError(`${name} expects the \`run\` from agentTest (an AgentRun), got string`),
    );
  });

  test('a real run gets past the check', () => {
    // The matcher may pass or fail on this run, but not with a TypeError.
    expect(() => check(expect(makeRun()))).not.toThrow(TypeError);
  });
});

test('toHaveFile rejects a run in place of the workspace folder', () => {
  expect(() => expect(makeRun()).toHaveFile('a.txt')).toThrow(
    new TypeError('toHaveFile expects the `workspace` folder path from agentTest, got object'),
  );
  expect(() => expect('').toHaveFile('a.txt')).toThrow(/got an empty string$/);
});
