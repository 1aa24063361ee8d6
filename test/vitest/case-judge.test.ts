import { describe, expect, it } from 'vitest';
import { needsProjectJudge } from '../../src/vitest/case-judge.js';
import { declaredJudgeBars } from '../../src/vitest/declared-judge-bars.js';

/** A check as agentTest gets it; only its source text matters here. */
interface Matchers {
  toJudgeAtLeast(grade: string, options?: object): Promise<void>;
  toFollowFormat(format: RegExp): void;
}
type Check = (context: { run: unknown; expect: (value: unknown) => Matchers }) => unknown;

const needs = (check: Check) => needsProjectJudge(check, declaredJudgeBars(check));

describe('needsProjectJudge', () => {
  it("is true for a check that leaves the judge to the project's choice", () => {
    expect(
      needs(async ({ run, expect }) => {
        await expect(run).toJudgeAtLeast('B');
      }),
    ).toBe(true);
  });

  it('is false for a check with its own oracle or judge, or no literal judge bar', () => {
    expect(
      needs(async ({ run, expect }) => {
        await expect(run).toJudgeAtLeast('B', { oracle: () => 'A' });
      }),
    ).toBe(false);
    expect(
      needs(async ({ run, expect }) => {
        await expect(run).toJudgeAtLeast('A', { judge: 'ollama:gpt-oss:120b' });
      }),
    ).toBe(false);
    expect(
      needs(({ run, expect }) => {
        expect(run).toFollowFormat(/done/);
      }),
    ).toBe(false);
    expect(needsProjectJudge(undefined, ['B'])).toBe(false);
  });
});
