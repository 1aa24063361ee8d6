import { describe, expect, it } from 'vitest';
import { CheckTimeout, checkClock } from '../../src/vitest/check-clock.js';
import { type JudgedTest, trackJudgement } from '../../src/vitest/matchers/pending-judgements.js';

/** A stand-in for the test a check runs in: what the clock and the tracking read of it. */
const aTest = () => ({ context: { onTestFinished: () => {} } }) as unknown as JudgedTest;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an agentTest check's clock", () => {
  it("runs out after the run's time limit of the check's own time", async () => {
    const clock = checkClock(aTest(), 60);
    await wait(120);
    expect(clock.signal.reason).toBeInstanceOf(CheckTimeout);
    expect((clock.signal.reason as Error).message).toBe(
      "the check ran longer than the run's time limit of 0.06 s (time spent judging not counted)",
    );
  });

  it('stops while a judge works or waits for a slot, and runs on after', async () => {
    const test = aTest();
    const clock = checkClock(test, 100);
    // A judgement that spends 300 ms (queued behind others, then asking the judge).
    await trackJudgement(test, "expect(run).toJudgeAtLeast('B')", () => wait(300));
    expect(clock.signal.aborted).toBe(false);
    await wait(200);
    expect(clock.signal.aborted).toBe(true);
    clock.stop();
  });
});
