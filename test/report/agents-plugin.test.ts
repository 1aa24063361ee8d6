/**
 * The agents project's plugin, its `configureVitest` hook driven the way Vitest drives it: with
 * the resolved config (reporters already replaced by any --reporter flag) and the project.
 */
import { describe, expect, it } from 'vitest';
import type { Vitest } from 'vitest/node';
import { agentsPlugin, runContext } from '../../src/report/agents-plugin.js';
import { GradeReporter, isGradeReporter } from '../../src/report/grade-reporter.js';
import { SeedWatch } from '../../src/report/seed-watch.js';

interface Stand {
  vitest: {
    config: {
      root: string;
      watch: boolean;
      project: string[];
      reporters: unknown[];
      watchTriggerPatterns?: { pattern: RegExp; testsToRun: (file: string) => unknown }[];
    };
    vite: { watcher: { add: (path: string) => void } };
  };
  provided: Record<string, unknown>;
  watched: string[];
}

function configure(reporters: unknown[], projectName = 'agents', watch = false): Stand {
  const watched: string[] = [];
  const provided: Record<string, unknown> = {};
  const vitest = {
    config: { root: '/repo', watch, project: [], reporters },
    vite: { watcher: { add: (path: string) => watched.push(path) } },
  };
  const project = {
    name: projectName,
    provide: (key: string, value: unknown) => (provided[key] = value),
  };
  const plugin = agentsPlugin('agents') as { configureVitest: (context: unknown) => void };
  plugin.configureVitest({ vitest, project });
  return { vitest, provided, watched };
}

const gradeReporters = (list: unknown[]) => list.filter(isGradeReporter).length;

describe('agentsPlugin', () => {
  it('adds the grade reporter to whatever reporters the command line left', () => {
    const { vitest } = configure([['verbose', {}]]);
    expect(gradeReporters(vitest.config.reporters)).toBe(1);
    expect(vitest.config.reporters[0]).toEqual(['verbose', {}]);
  });

  it('adds none when the user lists it, as an instance or by name', () => {
    expect(
      gradeReporters(configure(['default', new GradeReporter()]).vitest.config.reporters),
    ).toBe(1);
    expect(
      gradeReporters(
        configure([
          ['default', {}],
          ['nanograde/reporter', {}],
        ]).vitest.config.reporters,
      ),
    ).toBe(1);
  });

  it('acts only for its own project (Vitest 5 hands a root plugin to every project)', () => {
    const { vitest, provided } = configure([['default', {}]], 'unit');
    expect(vitest.config.reporters).toEqual([['default', {}]]);
    expect(provided).toEqual({});
  });

  it('tells the workers about the run, and in watch mode registers the seed trigger', () => {
    const { vitest, provided } = configure([], 'agents', true);
    expect(provided.nanogradeRun).toMatchObject({
      watch: true,
      cacheDir: '/repo/node_modules/.cache/nanograde',
    });
    expect(vitest.config.watchTriggerPatterns).toHaveLength(1);
    expect(configure([]).vitest.config.watchTriggerPatterns).toBeUndefined();
  });
});

describe('runContext: live model calls', () => {
  const config = (project: string[]) =>
    ({ config: { root: '/r', watch: false, project } }) as unknown as Pick<Vitest, 'config'>;

  it('are allowed when the command line selects the project, or NANOGRADE_MODELS names models', () => {
    expect(runContext(config(['agents']), 'agents', {}).live).toEqual({ allowed: true });
    expect(runContext(config(['ag*']), 'agents', {}).live).toEqual({ allowed: true });
    expect(runContext(config([]), 'agents', { NANOGRADE_MODELS: 'gpt-5-mini' }).live).toEqual({
      allowed: true,
    });
  });

  it('are not, with the reason, for a plain `vitest run`', () => {
    expect(runContext(config([]), 'agents', { NANOGRADE_MODELS: ' ' }).live).toEqual({
      allowed: false,
      reason:
        'not called: this run did not select the agents project — live model calls need `--project agents` or NANOGRADE_MODELS',
    });
  });
});

describe('SeedWatch', () => {
  it('maps a changed file under a seed to the test files that use it, and watches the seed', () => {
    const seeds = new SeedWatch();
    seeds.note('/repo/fixtures/notes', '/repo/agent-tests/a.agent.ts');
    seeds.note('/repo/fixtures/notes', '/repo/agent-tests/b.agent.ts');
    seeds.note('/elsewhere/roster', '/repo/agent-tests/c.agent.ts');
    const watched: string[] = [];
    const vitest = { config: {}, vite: { watcher: { add: (p: string) => watched.push(p) } } };
    seeds.install(vitest as unknown as Vitest);
    expect(watched).toEqual(['/repo/fixtures/notes', '/elsewhere/roster']);
    expect(seeds.testFilesUsing('/repo/fixtures/notes/sub/notes.txt')).toEqual([
      '/repo/agent-tests/a.agent.ts',
      '/repo/agent-tests/b.agent.ts',
    ]);
    expect(seeds.testFilesUsing('/elsewhere/roster/team.json')).toEqual([
      '/repo/agent-tests/c.agent.ts',
    ]);
    // A sibling whose name starts the same is not under the seed; other files are Vitest's.
    expect(seeds.testFilesUsing('/repo/fixtures/notes-old/x.txt')).toBeUndefined();
    expect(seeds.testFilesUsing('/repo/src/index.ts')).toBeUndefined();
    seeds.note('/repo/fixtures/new', '/repo/agent-tests/d.agent.ts');
    expect(watched).toContain('/repo/fixtures/new');
  });
});
