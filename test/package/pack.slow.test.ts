/**
 * nanograde as a user gets it: `npm pack` the repo (prepack builds dist/), install the tarball
 * with vitest into a fresh project, run an agent test there against the strict OpenAI fake on a
 * real 127.0.0.1 port, and type-check that project against the installed types.
 * `npm pack` (a full tsc build), an npm install and a child Vitest: a minute or more on two
 * cores, so it runs with the slow tests (`npm run test:slow`); `npm test` runs the same build's
 * JavaScript through test/package/entry-points.test.ts.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Brain, BrainTurn } from '../fakes/fake-types.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { importedSpecifiers } from './imported-specifiers.js';
import {
  childEnv,
  installDevDependencies,
  installedVersion,
  packRepo,
  rangeWarnings,
  repoRoot,
  runCommand,
} from './packed-project.js';

const SETUP_TIMEOUT_MS = 240_000;
const STEP_TIMEOUT_MS = 90_000;
const API_KEY = 'sk-pack-test-0123456789';

/** Every file under `dir`, as posix paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => posix.normalize(join(entry.parentPath, entry.name).slice(dir.length + 1)))
    .map((path) => path.split('\\').join('/'));
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

// The consumer project: a config, one agent test whose check records what it saw, a workspace
// fixture, and a file of type assertions that only hold if nanograde's types really resolve.

const NOTES = 'Hello from the fixture\nsecond line\n';

const VITEST_CONFIG = `import { agentsProject } from 'nanograde/config';
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { projects: [agentsProject()] } });
`;

const AGENT_TEST = `import { writeFileSync } from 'node:fs';
import { agentTest } from 'nanograde';

agentTest(
  'read notes',
  {
    prompt: 'Read notes.txt and answer with its first line only.',
    workspace: 'fixtures/notes',
    limits: { maxTurns: 4, timeoutMs: 30_000 },
  },
  async ({ run, workspace, model, expect }) => {
    expect(run).toFollowFormat(/^Hello from the fixture$/);
    expect(run).toHaveCalledTool('read_file', { file_path: 'notes.txt' });
    expect(run).toUseAtMostTurns(2);
    expect(workspace).toHaveFile('notes.txt', /^second line$/m);
    const record = {
      model,
      output: run.output,
      turns: run.turns,
      tools: run.toolCalls.map((call) => [call.name, call.ok]),
      costUsd: run.costUsd,
      error: run.error ?? null,
    };
    writeFileSync(String(process.env.CHECK_RECORD), JSON.stringify(record));
  },
);
`;

const TYPE_CHECKS = `import { type AgentRun, agentTest, type CaseRecord } from 'nanograde';
import { availability, type Provider, runAgent } from 'nanograde/agent';
import { costOf, resolveModel } from 'nanograde/catalog';
import { agentsProject } from 'nanograde/config';
import { GradeReporter, readReport } from 'nanograde/reporter';
import { expect, type TaskMeta } from 'vitest';

declare const run: AgentRun;
declare const meta: TaskMeta;
export const turns: number = run.turns;
export const cost: number | null = costOf(resolveModel('gpt-5-mini'), run.usage);
export const recorded: CaseRecord | undefined = meta.nanograde;
export const running: Promise<AgentRun> = runAgent({ model: 'gpt-5-mini', prompt: 'hi', workspace: '.' });
export const checking: Promise<{ available: boolean }> = availability('gpt-5-mini');
export const reporter = new GradeReporter({ outDir: '.nanograde' });
export const reading = readReport({});
export type Adapter = Provider['complete'];
expect(run).toFollowFormat(/^ok$/);
expect(run).toHaveCalledTool('read_file', { file_path: 'a.txt' });

// Each line below must be a type error; if nanograde's types fell back to any, tsc reports the
// unused @ts-expect-error instead.
// @ts-expect-error: the matchers are typed
expect(run).toUseAtMostTurns('two');
// @ts-expect-error: AgentRun has no such field
export const typo = run.outptu;
// @ts-expect-error: a case needs a prompt
agentTest('no prompt', { workspace: 'fixtures/notes' });
// @ts-expect-error: agentsProject's options are checked
agentsProject({ modles: ['gpt-5-mini'] });
// @ts-expect-error: the catalog lives in nanograde/catalog, not in the test API
export { costOf as fromRoot } from 'nanograde';
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    // As most projects set it; the declarations' own imports are checked by the test above.
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['vitest.config.ts', 'agent-tests', 'type-checks.ts'],
};

/** Reads notes.txt, then answers its first line; usage is hand-picked so the cost is known. */
const readThenAnswer: Brain = (view): BrainTurn => {
  if (view.turn === 0) {
    return {
      toolCalls: [{ name: 'read_file', arguments: { file_path: 'notes.txt' } }],
      usage: { freshInput: 1000, cachedInput: 0, cacheWrite: 0, output: 100, reasoning: 20 },
    };
  }
  const read = view.lastToolResults[0];
  return {
    text: read && !read.isError ? (read.content.split('\n')[0] ?? '') : 'no file was read',
    usage: { freshInput: 1200, cachedInput: 800, cacheWrite: 0, output: 10, reasoning: 0 },
  };
};

describe('the packed package, installed in a fresh project', () => {
  let work: string;
  let project: string;
  let packedFiles: string[];
  let installOutput: string;
  let fake: ReturnType<typeof createOpenAIFake>;
  let served: ServedFake;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'nanograde-pack-'));
    project = join(work, 'project');

    const packed = await packRepo(work);
    packedFiles = packed.files;

    await mkdir(join(project, 'agent-tests'), { recursive: true });
    await mkdir(join(project, 'fixtures', 'notes'), { recursive: true });
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'nanograde-consumer', private: true, type: 'module' }),
    );
    await writeFile(join(project, 'vitest.config.ts'), VITEST_CONFIG);
    await writeFile(join(project, 'agent-tests', 'read-notes.agent.ts'), AGENT_TEST);
    await writeFile(join(project, 'type-checks.ts'), TYPE_CHECKS);
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    await writeFile(join(project, 'fixtures', 'notes', 'notes.txt'), NOTES);

    // The Vitest, TypeScript and @types/node this run uses: in a compatibility lane, its own.
    const versions = await Promise.all(
      ['vitest', 'typescript', '@types/node'].map(async (name) => {
        return `${name}@${await installedVersion(name)}`;
      }),
    );
    installOutput = await installDevDependencies(project, [packed.tarball, ...versions]);

    fake = createOpenAIFake({ brain: readThenAnswer, apiKey: API_KEY });
    served = await serveFake(fake.handler);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await served?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('packs dist/ and README.md only: no sources, tests, fixtures or secrets', () => {
    expect(packedFiles).toContain('README.md');
    expect(packedFiles).toContain('package.json');
    // Every entry point of package.json's exports, and the binary.
    for (const entry of ['index', 'agent', 'catalog', 'config', 'reporter']) {
      expect(packedFiles).toContain(`dist/public/${entry}.js`);
      expect(packedFiles).toContain(`dist/public/${entry}.d.ts`);
    }
    expect(packedFiles).toContain('dist/public/bin.js');
    // The binary is a bundle; the licenses of the packages inside it travel with it.
    expect(packedFiles).toContain('dist/bin/THIRD-PARTY-LICENSES.md');
    const unexpected = packedFiles.filter(
      (path) =>
        !(
          path === 'README.md' ||
          path === 'package.json' ||
          path === 'dist/bin/THIRD-PARTY-LICENSES.md' ||
          /^dist\/.+\.(js|d\.ts)$/.test(path)
        ),
    );
    expect(unexpected).toEqual([]);
    const suspicious = packedFiles.filter((path) =>
      // dist/cassettes/ is the record/replay module; no fixtures folder or cassette file ships.
      /(^|\/)(test|tests|agent-tests|node_modules|fixtures)\/|(^|\/)cassettes\/.*\.json$|\.test\.|\.env|\.npmrc|\.tgz$|prompt-size/.test(
        path,
      ),
    );
    expect(suspicious).toEqual([]);
  });

  it("installs with this run's Vitest and @types/node without a peer or engine warning", () => {
    expect(installOutput).toMatch(/added \d+ packages?/);
    expect(rangeWarnings(installOutput)).toEqual([]);
  });

  it('ships modules and declarations that refer only to Node built-ins, its dependencies, its peers and its own files', async () => {
    const installed = join(project, 'node_modules', 'nanograde');
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      engines: { node: string };
    };
    const source = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
      engines: { node: string };
    };
    expect(manifest.peerDependencies).toEqual(source.peerDependencies);
    expect(manifest.engines).toEqual(source.engines);

    const declared = new Set([
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.peerDependencies),
    ]);
    const files = await filesUnder(installed);
    const problems: string[] = [];
    let modules = 0;
    // Declarations count too: a type from a dev-only package would break users' type checks.
    for (const file of files.filter((path) => /^dist\/.+\.(js|d\.ts)$/.test(path))) {
      modules++;
      const code = await readFile(join(installed, file), 'utf8');
      for (const specifier of importedSpecifiers(code, file.endsWith('.d.ts') ? 'dts' : 'js')) {
        if (specifier.startsWith('.')) {
          const target = posix.join(posix.dirname(file), specifier);
          if (!files.includes(target)) problems.push(`${file}: ${specifier} is not in the package`);
        } else if (specifier.startsWith('node:')) {
          if (!builtinModules.includes(specifier.slice(5))) problems.push(`${file}: ${specifier}`);
        } else if (!declared.has(packageNameOf(specifier))) {
          problems.push(`${file}: ${specifier} is not a dependency`);
        }
      }
    }
    expect(modules).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it(
    'runs an agent test from the installed package against a fake OpenAI on a real port',
    async () => {
      const checkRecord = join(work, 'check-record.json');
      const resultsFile = join(work, 'vitest-results.json');
      const env = childEnv({
        NANOGRADE_MODELS: 'gpt-5-mini',
        OPENAI_BASE_URL: `${served.url}/v1`,
        OPENAI_API_KEY: API_KEY,
        CHECK_RECORD: checkRecord,
      });
      const { code, output } = await runCommand(
        'npx',
        [
          'vitest',
          'run',
          '--project',
          'agents',
          '--reporter=verbose',
          '--reporter=json',
          `--outputFile.json=${resultsFile}`,
        ],
        project,
        env,
      );

      expect(output).toMatch(/✓ .*read notes › gpt-5-mini/);
      expect(code, output).toBe(0);

      const results = JSON.parse(await readFile(resultsFile, 'utf8')) as {
        testResults: { assertionResults: { title: string; status: string }[] }[];
      };
      const tests = results.testResults.flatMap((file) => file.assertionResults);
      expect(tests.map(({ title, status }) => ({ title, status }))).toEqual([
        { title: 'read notes › gpt-5-mini', status: 'passed' },
      ]);

      // The check ran inside the installed package and saw the run the fake drove.
      expect(JSON.parse(await readFile(checkRecord, 'utf8'))).toEqual({
        model: 'openai:gpt-5-mini',
        output: 'Hello from the fixture',
        turns: 2,
        tools: [['read_file', true]],
        // (1000×0.25 + 120×2 + 1200×0.25 + 800×0.025 + 10×2) / 1e6 USD
        costUsd: 0.00083,
        error: null,
      });

      // Every request the child sent passed the strict fake: the model check, then two turns.
      const seen = fake.log.requests.map(({ request, response }) => ({
        call: `${request.method} ${request.url.pathname}`,
        status: response.status,
      }));
      expect(seen).toEqual([
        { call: 'GET /v1/models/gpt-5-mini', status: 200 },
        { call: 'POST /v1/responses', status: 200 },
        { call: 'POST /v1/responses', status: 200 },
      ]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "type-checks the consumer project against the installed package's types",
    async () => {
      const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
      const { code, output } = await runCommand(process.execPath, [tsc, '-p', '.'], project);
      expect(output).toBe('');
      expect(code).toBe(0);
    },
    STEP_TIMEOUT_MS,
  );
});
