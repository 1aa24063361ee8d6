import { describe, expect, test } from 'vitest';
import { REPO_ROOT, runVitest, testLine } from './run-vitest.js';

// No keys and no servers: the real models are skipped, the built-ins still run. Three child runs
// of the whole example suite, so they run with the slow tests; builtins.test.ts runs the small
// builtins project in `npm test`.
const noModels = { OLLAMA_HOST: 'http://127.0.0.1:9' };

describe('a fresh machine with no credentials and no Ollama', () => {
  const cases = [
    'json answer',
    'head and tail',
    'service summary',
    'constant audit',
    'order report',
  ];

  test('runs the example suite on the built-ins, skips every real model with its reason, exits 0', async () => {
    const result = await runVitest({ root: REPO_ROOT, env: noModels, timeoutMs: 120_000 });
    for (const name of cases) {
      expect(testLine(result.output, `${name} › reference`), name).toMatch(/✓/);
      expect(testLine(result.output, `${name} › null`), name).toMatch(/✓/);
      expect(testLine(result.output, `${name} › gpt-6.1-terra`), name).toMatch(/↓.*OPENAI_API_KEY/);
      expect(testLine(result.output, `${name} › claude-haiku-4-5`), name).toMatch(
        /↓.*ANTHROPIC_API_KEY/,
      );
      expect(testLine(result.output, `${name} › gpt-oss:120b`), name).toMatch(/↓.*not reachable/);
    }
    expect(result.output).not.toMatch(/^\s*× /m);
    expect(result.exitCode).toBe(0);
  });

  test("the README's main command prints the grade table: built-in rows, every model skipped with why", async () => {
    // No reporter override: the config's reporters (default + the grade table), as `npm run agents`.
    const result = await runVitest({
      root: REPO_ROOT,
      env: noModels,
      args: [],
      timeoutMs: 120_000,
    });
    expect(result.stdout).toMatch(/── order report · bar: judge ≥ B ─+/);
    expect(result.stdout).toMatch(/^ reference \(built-in\)\s+A\s/m);
    expect(result.stdout).toMatch(/^ null \(built-in\)\s+F\s/m);
    expect(result.stdout).toMatch(
      /Skipped models\n - gpt-6\.1-sol \(5 cases\): Set OPENAI_API_KEY/,
    );
    expect(result.stdout).toMatch(/reference \(built-in\): sound in 5\/5 cases/);
    expect(result.exitCode).toBe(0);
  });

  test('NANOGRADE_REQUIRE=all turns the skipped models into failures', async () => {
    const result = await runVitest({
      root: REPO_ROOT,
      env: {
        ...noModels,
        NANOGRADE_REQUIRE: 'all',
        NANOGRADE_MODELS: 'reference,null,gpt-6.1-terra',
      },
      timeoutMs: 120_000,
    });
    expect(testLine(result.output, 'order report › gpt-6.1-terra')).toMatch(/×/);
    expect(result.output).toMatch(/cannot run here \(NANOGRADE_REQUIRE=all\): Set OPENAI_API_KEY/);
    expect(testLine(result.output, 'order report › reference')).toMatch(/✓/);
    expect(result.exitCode).toBe(1);
  });
});
