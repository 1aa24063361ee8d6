import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../test/e2e/run-vitest.js';

/** What the generated project's agentsProject() is given (plain JSON). */
export type ProjectOptions = Record<string, unknown>;

/** One agent test file of a generated project: its name and the cases it holds. */
export interface BenchFile {
  name: string;
  cases: string[];
}

/** The answer every bench case expects: the text of the workspace's motto.txt. */
export const MOTTO = 'nanograde bench';

/**
 * Writes a throwaway agents project under node_modules/.cache (so `vitest` and nanograde's
 * sources resolve from it): a vitest.config.ts with `agentsProject(options)` (built-ins off: the
 * benches time model runs), one
 * `agent-tests/<name>.agent.ts` per file, each case "read motto.txt and answer with its text",
 * checked, and the workspace. Returns its folder and a function that removes it.
 */
export async function writeBenchProject(
  files: BenchFile[],
  options: ProjectOptions,
): Promise<{ root: string; remove: () => Promise<void> }> {
  const cache = join(REPO_ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const root = await mkdtemp(join(cache, 'nanograde-suite-bench-'));
  const src = (file: string) => relative(join(root, 'agent-tests'), join(REPO_ROOT, 'src', file));
  await writeFile(
    join(root, 'vitest.config.ts'),
    `import { defineConfig } from 'vitest/config';
import { agentsProject } from ${JSON.stringify(relative(root, join(REPO_ROOT, 'src/public/config.js')))};

export default defineConfig({ test: { projects: [agentsProject(${JSON.stringify({ builtins: false, ...options })})] } });
`,
  );
  await mkdir(join(root, 'workspace'));
  await writeFile(join(root, 'workspace', 'motto.txt'), `${MOTTO}\n`);
  await mkdir(join(root, 'agent-tests'));
  for (const file of files) {
    const cases = file.cases.map(
      (name) => `agentTest(
  ${JSON.stringify(name)},
  {
    prompt: 'Read motto.txt and answer with its text only.',
    workspace: 'workspace',
    limits: { maxTurns: 4, timeoutMs: 120_000 },
  },
  ({ run, expect }) => {
    expect(run).toHaveCalledTool('read_file', { file_path: 'motto.txt' });
    expect(run).toFollowFormat(${JSON.stringify(MOTTO)});
  },
);
`,
    );
    await writeFile(
      join(root, 'agent-tests', `${file.name}.agent.ts`),
      `import { agentTest } from ${JSON.stringify(src('public/index.js'))};\n\n${cases.join('\n')}`,
    );
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
