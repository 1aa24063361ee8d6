/**
 * The README's first example (`import { agentTest } from 'nanograde'`) works as written inside
 * this repository, without `npm run build`: TypeScript resolves `nanograde` through tsconfig's
 * `paths` to src/public/. A whole-program type check (about 10 s), so it runs with the slow tests.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/run-vitest.js';
import { runProcess } from '../fakes/test-support.js';

let work: string | undefined;
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it("TypeScript type-checks the README's first example with the repository's tsconfig (in an ESM package)", async () => {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const example = /```ts\n(\/\/ agent-tests\/[^\n]*\n[\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toContain("from 'nanograde'");
  work = await mkdtemp(join(tmpdir(), 'nanograde-readme-'));
  // The same file twice: in an ESM package, as the set-up section asks, and in a folder without
  // a package.json, which is what the set-up section warns about (TS1295 on every import).
  for (const folder of ['esm', 'no-type']) {
    await mkdir(join(work, folder));
    await writeFile(join(work, folder, 'roster.agent.ts'), example ?? '');
  }
  await writeFile(join(work, 'esm', 'package.json'), '{ "type": "module" }\n');
  // Its other imports (zod) come from the repository's dependencies, as in agent-tests/.
  await symlink(join(REPO_ROOT, 'node_modules'), join(work, 'node_modules'));
  await writeFile(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      extends: join(REPO_ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: true },
      include: ['esm', 'no-type'],
    }),
  );
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  const { output } = await runProcess(process.execPath, [tsc, '-p', work], { cwd: work });
  const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
  expect(errors.filter((line) => line.startsWith('esm/'))).toEqual([]);
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.every((line) => /^no-type\/roster\.agent\.ts.*error TS1295/.test(line))).toBe(true);
}, 60_000);
