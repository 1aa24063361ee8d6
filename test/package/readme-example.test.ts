/**
 * The README's examples import `nanograde` as a user's project does; inside this repository
 * Vitest resolves it through the alias in vitest.config.ts to src/public/, without a build
 * (readme-example.slow.test.ts type-checks the README's first example the same way).
 */

import { readFileSync } from 'node:fs';
import * as fromName from 'nanograde';
import { expect, it } from 'vitest';
import * as fromSource from '../../src/public/index.js';

it('Vitest resolves `nanograde` to the sources: the very same module', () => {
  expect(fromName.agentTest).toBe(fromSource.agentTest);
  expect(fromName.nanogradeMatchers).toBe(fromSource.nanogradeMatchers);
});

it("the README's set-up command installs every package its examples import", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const install = /^npm i -D ([^#\n]+)/m.exec(readme)?.[1]?.trim().split(/\s+/) ?? [];
  const imported = new Set(
    [...readme.matchAll(/^import .* from '([^'.][^']*)';$/gm)].map(
      ([, specifier]) => specifier?.split('/')[0] ?? '',
    ),
  );
  // Without zod in the command, the examples' `import { z } from 'zod'` works only while npm
  // happens to hoist nanograde's own zod (not under pnpm, not once versions differ).
  expect([...imported].filter((name) => !install.includes(name))).toEqual([]);
  expect(imported).toContain('zod');
});
