import { describe, expect, test } from 'vitest';
import { e2eProject, runVitest, testLine } from './run-vitest.js';

// No keys and no servers: the real models are skipped, the built-ins still run. The same on the
// whole example suite, and the README's main command, are in builtins.slow.test.ts.
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
    // A case checked by the judge alone is told why it is vacuous and what to add.
    expect(testLine(result.output, 'judged only › null')).toMatch(/×/);
    expect(result.output).toMatch(
      /case "judged only" is broken: .* toJudgeAtLeast does not ask a judge about the built-ins \(it passes them ungraded\), so add a check an empty answer fails, such as expect\(run\)\.toFollowFormat\(\/\\S\/\), or give it an oracle\./,
    );
    expect(result.output).not.toMatch(/case "vacuous" is broken: [^\n]*toJudgeAtLeast/);
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
