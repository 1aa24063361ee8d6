import { appendFileSync } from 'node:fs';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Appends a line per agent test as it starts and as it ends (JSON: event, test name, state) to
 * FAULT_BENCH_PROGRESS. report.json is written only when the whole run ends; when the bench has
 * to stop a child that hangs, these lines say which runs had ended and which were still going.
 */
export class ProgressReporter implements Reporter {
  constructor(private readonly path = process.env.FAULT_BENCH_PROGRESS) {}

  onTestCaseReady(testCase: TestCase): void {
    this.write({ event: 'start', name: testCase.name });
  }

  onTestCaseResult(testCase: TestCase): void {
    this.write({ event: 'end', name: testCase.name, state: testCase.result().state });
  }

  private write(line: Record<string, string>): void {
    if (this.path) appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }
}
