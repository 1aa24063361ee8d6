import { writeFileSync } from 'node:fs';
import type { TestAnnotation } from 'vitest';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Writes every test's annotations, as Vitest's main process received them, to
 * $TEST_ANNOTATIONS_FILE: what Vitest's UI, HTML reporter and IDE integrations get to show.
 */
export default class AnnotationsReporter implements Reporter {
  private readonly seen: Record<string, TestAnnotation[]> = {};

  onTestCaseResult(testCase: TestCase): void {
    this.seen[testCase.name] = [...testCase.annotations()];
  }

  onTestRunEnd(): void {
    writeFileSync(String(process.env.TEST_ANNOTATIONS_FILE), JSON.stringify(this.seen));
  }
}
