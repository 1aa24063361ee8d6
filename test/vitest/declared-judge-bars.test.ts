import { describe, expect, it } from 'vitest';
import type { AgentCheck } from '../../src/vitest/agent-case.js';
import { declaredJudgeBars } from '../../src/vitest/declared-judge-bars.js';

describe('the judge bars a check declares', () => {
  it('reads the literal grades given to toJudgeAtLeast, best first, once each', () => {
    // Written as a case's check is: Vitest transforms this file as it does agent tests.
    const check: AgentCheck = async ({ run, expect, workspace }) => {
      expect(run.output).toContain('Done');
      await expect(run).toJudgeAtLeast('B');
      await expect(run).toJudgeAtLeast('A', { include: ['files'], workspace });
      await expect(run).toJudgeAtLeast(`B`);
    };
    expect(declaredJudgeBars(check)).toEqual(['A', 'B']);
  });

  it('finds none in a check without a judge, a bar in a variable, or no check', () => {
    const checksOnly: AgentCheck = ({ run, expect }) => {
      expect(run.output).toContain('toJudgeAtLeast');
    };
    const bar = 'C' as const;
    const fromVariable: AgentCheck = async ({ run, expect }) => {
      await expect(run).toJudgeAtLeast(bar);
    };
    expect(declaredJudgeBars(checksOnly)).toEqual([]);
    expect(declaredJudgeBars(fromVariable)).toEqual([]);
    expect(declaredJudgeBars(undefined)).toEqual([]);
  });
});
