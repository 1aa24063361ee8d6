/**
 * The layers of ARCHITECTURE.md are lint rules: biome.json gives every folder of src/ the
 * imports it may not make (noRestrictedImports) and refuses import cycles, type imports
 * included (noImportCycles). This test checks that biome.json says what ARCHITECTURE.md says,
 * and that Biome really fails on a broken rule: it lints a copy of src/ with bad imports added.
 */
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../fakes/test-support.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The layers, top to bottom (ARCHITECTURE.md). Folders of one layer do not import each other. */
const LAYERS = [
  ['public'],
  ['cli', 'mcp'],
  ['report', 'vitest'],
  ['config'],
  ['judge', 'gates', 'compare', 'cassettes', 'input'],
  ['agent'],
  ['providers'],
  ['models'],
  ['grading'],
  ['records', 'format', 'env', 'redaction'],
];
/** The bottom folders say what they may import (an allow-list); `zod` is the package. */
const ONLY = {
  models: ['zod', 'env', 'records', 'grading'],
  grading: ['zod', 'records'],
  records: ['zod'],
  format: [],
  // format imports nothing, so env's did-you-mean for a mistyped variable cannot make a cycle.
  env: ['zod', 'format'],
  redaction: [],
} as Record<string, string[]>;
/** The worker's test code (src/vitest) is loaded by the test API's entry point only. */
const WORKER_ONLY = ['cli', 'mcp'];

interface Pattern {
  group: string[];
  message: string;
}
interface Override {
  includes: string[];
  linter: { rules: { style: { noRestrictedImports: { options: { patterns: Pattern[] } } } } };
}
interface BiomeConfig {
  linter: { rules: Record<string, Record<string, unknown>> };
  overrides: Override[];
}

let config: BiomeConfig;
beforeAll(async () => {
  config = JSON.parse(await readFile(join(repoRoot, 'biome.json'), 'utf8')) as BiomeConfig;
});

function patternsFor(include: string): Pattern[] {
  const override = config.overrides.find((candidate) => candidate.includes.includes(include));
  if (!override) throw new Error(`biome.json has no override for ${include}`);
  return override.linter.rules.style.noRestrictedImports.options.patterns;
}

/** The src folders a folder rule forbids (`**\/name/**`), or allows (`!../name/**`). */
function folders(group: string[], prefix: string): string[] {
  return group
    .filter((pattern) => pattern.startsWith(prefix) && pattern.endsWith('/**'))
    .map((pattern) => pattern.slice(prefix.length, -3))
    .sort();
}

describe('biome.json encodes the layers', () => {
  it('has a rule for every folder of src/, and every folder is in a layer', async () => {
    const entries = await readdir(join(repoRoot, 'src'), { withFileTypes: true });
    const present = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(present.sort()).toEqual(LAYERS.flat().sort());
    for (const folder of present) expect(patternsFor(`src/${folder}/**`).length).toBeGreaterThan(0);
  });

  it('counts type imports in import cycles, and forbids export *', () => {
    expect(config.linter.rules.suspicious?.noImportCycles).toEqual({
      level: 'error',
      options: { ignoreTypes: false },
    });
    expect(config.linter.rules.performance?.noReExportAll).toBe('error');
  });

  it.each(LAYERS.flatMap((layer, index) => layer.map((folder) => [folder, index] as const)))(
    'src/%s imports only from the layers below it',
    (folder, index) => {
      const [rule] = patternsFor(`src/${folder}/**`);
      if (ONLY[folder]) {
        const allowed = ONLY[folder].filter((name) => name !== 'zod');
        expect(rule?.group.slice(0, 2)).toEqual(['**', '!./**']);
        expect(folders(rule?.group ?? [], '!../')).toEqual([...allowed].sort());
        expect(rule?.group.includes('!zod')).toBe(ONLY[folder].includes('zod'));
        return;
      }
      const sameOrAbove = LAYERS.slice(0, index + 1).flat();
      const denied = [
        ...sameOrAbove.filter((name) => name !== folder),
        ...(WORKER_ONLY.includes(folder) ? ['vitest'] : []),
      ];
      if (denied.length === 0) return; // the entry points may import any layer
      expect(folders(rule?.group ?? [], '**/')).toEqual(denied.sort());
    },
  );

  it('keeps each provider SDK inside its adapter folder', () => {
    const sdkRule = (include: string) =>
      patternsFor(include).find((pattern) => pattern.message.includes('provider SDK'))?.group ?? [];
    expect(sdkRule('src/providers/**')).toEqual(
      expect.arrayContaining(['openai', '@anthropic-ai/sdk', 'ollama']),
    );
    expect(sdkRule('src/providers/openai/**')).not.toContain('openai');
    expect(sdkRule('src/providers/openai-compatible/**')).not.toContain('openai');
    expect(sdkRule('src/providers/anthropic/**')).not.toContain('@anthropic-ai/sdk');
    expect(sdkRule('src/providers/ollama/**')).not.toContain('ollama');
    expect(sdkRule('src/providers/anthropic/**')).toContain('openai');
  });
});

interface Diagnostic {
  rule: string;
  file: string;
  message: string;
}

/** Runs Biome's linter on `dir/src` and returns its exit code and diagnostics. */
async function biomeLint(dir: string): Promise<{ code: number | null; diagnostics: Diagnostic[] }> {
  const biome = join(repoRoot, 'node_modules', '.bin', 'biome');
  const { code, stdout } = await runProcess(
    biome,
    ['lint', '--reporter=json', '--max-diagnostics=none', 'src'],
    { cwd: dir },
  );
  const report = JSON.parse(stdout) as {
    diagnostics: { category: string; location: { path: string }; message: string }[];
  };
  return {
    code,
    diagnostics: report.diagnostics.map((d) => ({
      rule: d.category,
      file: d.location.path,
      message: d.message,
    })),
  };
}

describe('Biome fails on a broken rule', () => {
  let copy: string;

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'nanograde-layers-'));
    await cp(join(repoRoot, 'src'), join(copy, 'src'), { recursive: true });
    await symlink(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
    // The copy is no git checkout: the same rules, without the VCS integration.
    const rules = { ...config, vcs: { enabled: false } };
    await writeFile(join(copy, 'biome.json'), JSON.stringify(rules, null, 2));
  });
  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('finds no cycle and no import that points up in the tree as it is', async () => {
    const { code, diagnostics } = await biomeLint(copy);
    const layered = diagnostics.filter((d) => /noImportCycles|noRestrictedImports/.test(d.rule));
    expect(layered).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports an import that points up, an SDK outside its adapter and a type-only cycle', async () => {
    const append = async (file: string, text: string) => {
      const path = join(copy, 'src', file);
      await writeFile(path, `${await readFile(path, 'utf8')}\n${text}\n`);
    };
    // The agent reaching up into the worker's test code.
    await append(
      'agent/workspace.ts',
      "import type { AgentCase } from '../vitest/agent-case.js';\nexport type Up = AgentCase;",
    );
    // An SDK outside its adapter folder.
    await append('providers/registry.ts', "export { Ollama } from 'ollama';");
    // records importing anything but zod.
    await append('records/grade.ts', "export { gradePoints } from '../grading/grade-scale.js';");
    // A cycle made of type imports only: records/read-record.ts ↔ records/grade.ts.
    await append('records/read-record.ts', "export type { Grade } from './grade.js';");
    await append('records/grade.ts', "export type { Reading } from './read-record.js';");

    const { code, diagnostics } = await biomeLint(copy);
    const found = diagnostics.map((d) => `${d.rule} ${d.file}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'lint/style/noRestrictedImports src/agent/workspace.ts',
        'lint/style/noRestrictedImports src/providers/registry.ts',
        'lint/style/noRestrictedImports src/records/grade.ts',
        'lint/suspicious/noImportCycles src/records/read-record.ts',
        'lint/suspicious/noImportCycles src/records/grade.ts',
      ]),
    );
    const up = diagnostics.find((d) => d.file === 'src/agent/workspace.ts');
    expect(up?.message).toMatch(/^Layers point down \(ARCHITECTURE\.md\): src\/agent imports from/);
    expect(code).not.toBe(0);
  });
});
