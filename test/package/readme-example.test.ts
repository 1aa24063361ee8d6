/**
 * The README's examples import `nanograde` as a user's project does; inside this repository
 * Vitest resolves it through the alias in vitest.config.ts to src/public/, without a build
 * (readme-example.slow.test.ts type-checks the README's first example the same way).
 */

import * as fromName from 'nanograde';
import { expect, it } from 'vitest';
import * as fromSource from '../../src/public/index.js';

it('Vitest resolves `nanograde` to the sources: the very same module', () => {
  expect(fromName.agentTest).toBe(fromSource.agentTest);
  expect(fromName.nanogradeMatchers).toBe(fromSource.nanogradeMatchers);
});
