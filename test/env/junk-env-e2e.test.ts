/**
 * A real `vitest run` of an agents project with junk NANOGRADE_* values: the configuration fails
 * with exit 2 before any test runs, naming every bad variable and the values it takes.
 */
import { describe, expect, it } from 'vitest';
import { e2eProject, runVitest } from '../e2e/run-vitest.js';
import { JUNK } from './junk-env.js';

describe('junk NANOGRADE_* values stop vitest before any test (exit 2)', () => {
  it('names every bad variable, with the values it takes', async () => {
    // One junk value per variable (the first the table has for it), all at once.
    const env = Object.fromEntries(
      JUNK.filter(([name], index) => JUNK.findIndex(([other]) => other === name) === index).map(
        ([name, value]) => [name, value],
      ),
    );
    const run = await runVitest({ root: e2eProject('matrix'), env });
    expect(run.exitCode, run.output).toBe(2);
    expect(run.output).toContain('nanograde: invalid environment:');
    for (const [name, value, says] of JUNK) {
      if (env[name] !== value) continue;
      const line = run.output
        .split('\n')
        .find((text) => text.includes(`${name}=`) || text.includes(`${name} is`));
      expect(line, `${name} is not named:\n${run.output}`).toMatch(says);
    }
    expect(run.output).not.toMatch(/Tests\s+\d/);
  }, 60_000);

  it('an unknown model id in NANOGRADE_MODELS', async () => {
    const run = await runVitest({
      root: e2eProject('matrix'),
      env: { NANOGRADE_MODELS: 'gpt-5-mini,gpt-7-ultra' },
    });
    expect(run.exitCode, run.output).toBe(2);
    expect(run.output).toMatch(/NANOGRADE_MODELS: Unknown model "gpt-7-ultra"/);
  }, 60_000);
});
