/**
 * The test files that replace a module with `vi.mock`. A mock reaches only the modules imported
 * after it, and the unit project's files share their worker's modules (`isolate: false`), so
 * these run each in a fresh worker, in the project unit-isolated (vitest.config.ts).
 * test/architecture/test-projects.test.ts keeps this list complete.
 */
export const ISOLATED_TESTS = [
  'test/agent/sandbox-adversarial.test.ts',
  'test/agent/sandbox-swaps.test.ts',
];
