import { describe, expect, test } from 'vitest';
import { e2eProject, REPO_ROOT, runVitest, testLine } from './run-vitest.js';

// No keys and no servers: the real models are skipped, the built-ins still run.
const noModels = { OLLAMA_HOST: 'http://127.0.0.1:9' };

describe('the built-in reference and null models validate each case', () => {
  test('sound cases pass on both; vacuous checks and broken gold solutions are flagged', async () => {
    const result = await runVitest({ root: e2eProject('builtins'), env: noModels });

    expect(testLine(result.output, 'sound › reference')).toMatch(/✓/);
    expect(testLine(result.output, 'sound › null')).toMatch(/✓/);
    expect(testLine(result.output, 'vacuous › reference')).toMatch(/✓/);
    expect(testLine(result.output, 'vacuous › null')).toMatch(/×/);
    expect(result.output).toMatch(
      /case "vacuous" is broken: its checks pass on the null model's empty answer/,
    );
    expect(testLine(result.output, 'broken gold › reference')).toMatch(/×/);
    expect(result.output).toMatch(
      /case "broken gold" is broken: the gold solution fails its own checks/,
    );
    expect(testLine(result.output, 'no gold › reference')).toMatch(/↓.*no reference solution/);
    expect(testLine(result.output, 'no gold › null')).toMatch(/✓/);
    // Every real model of the default matrix is skipped with its reason, not failed.
    expect(testLine(result.output, 'sound › gpt-6.1-terra')).toMatch(/↓.*OPENAI_API_KEY/);
    expect(testLine(result.output, 'sound › gpt-oss:20b')).toMatch(/↓.*not reachable/);
    expect(result.exitCode).toBe(1);
  });
});

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
