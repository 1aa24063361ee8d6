/**
 * How the repository's tests are split into Vitest projects (vitest.config.ts): the unit
 * project's files share their worker's modules, so a file that mocks a module must run isolated.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ISOLATED_TESTS } from '../isolated-tests.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function testFiles(): Promise<string[]> {
  const entries = await readdir(join(repoRoot, 'test'), { recursive: true });
  return entries
    .map((entry) => `test/${entry.split('\\').join('/')}`)
    .filter((path) => path.endsWith('.test.ts') && !path.includes('/projects/'))
    .sort();
}

it('runs every test file that mocks a module in the isolated project, and only those', async () => {
  const mocking: string[] = [];
  for (const path of await testFiles()) {
    const code = await readFile(join(repoRoot, path), 'utf8');
    if (/\bvi\.(do)?[mM]ock\(/.test(code)) mocking.push(path);
  }
  expect(mocking.length).toBeGreaterThan(0);
  expect(mocking).toEqual([...ISOLATED_TESTS].sort());
});
