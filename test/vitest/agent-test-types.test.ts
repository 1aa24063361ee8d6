// Type-level checks of agentTest's modifiers, as a user's file writes them: this file fails
// `tsc --noEmit` if they are missing or mistyped. (test/e2e/test-modes.test.ts runs them.)
import { expectTypeOf, test } from 'vitest';
import {
  type AgentCase,
  type AgentCheck,
  type AgentTestFunction,
  agentTest,
} from '../../src/public/index.js';

type Register = (name: string, spec: AgentCase, check?: AgentCheck) => void;

test('every modifier takes what agentTest takes, and has fromFile', () => {
  for (const modifier of [
    agentTest,
    agentTest.skip,
    agentTest.only,
    agentTest.skipIf(true),
    agentTest.runIf(false),
  ]) {
    expectTypeOf(modifier).toExtend<Register>();
    expectTypeOf(modifier).toEqualTypeOf<AgentTestFunction>();
    expectTypeOf(modifier.fromFile).toEqualTypeOf<(path: string, check?: AgentCheck) => void>();
  }
  // A todo needs no case yet.
  expectTypeOf(agentTest.todo).toEqualTypeOf<
    (name: string, spec?: AgentCase, check?: AgentCheck) => void
  >();
  expectTypeOf(agentTest.skipIf).parameter(0).toBeUnknown();
});

test('wrong uses do not compile', () => {
  // Never called: the calls only need to fail to type-check.
  const wrongUses = () => {
    // @ts-expect-error — skipIf takes the condition, then returns agentTest
    agentTest.skipIf(true, 'name', { prompt: 'p' });
    // @ts-expect-error — a skipped case is still a case: its prompt is required
    agentTest.skip('name', { workspace: 'w' });
    // @ts-expect-error — .only has no modifiers of its own
    agentTest.only.skip('name', { prompt: 'p' });
    // @ts-expect-error — no .each: a loop registers one case per row with full types
    agentTest.each([1, 2]);
  };
  expectTypeOf(wrongUses).toBeFunction();
});
