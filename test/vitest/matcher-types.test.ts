// Type-level checks: this file fails `tsc --noEmit` if the matchers are not typed on `expect(…)`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import type { FileContentMatcher } from '../../src/vitest/matchers/file-matchers.js';
import type { OutputFormat } from '../../src/vitest/matchers/follow-format.js';
import { type NanogradeMatchers, nanogradeMatchers } from '../../src/vitest/matchers/index.js';
import { MatcherUsageError } from '../../src/vitest/matchers/matcher-usage-error.js';
import type { ToolCallOptions } from '../../src/vitest/matchers/tool-call-matchers.js';
import { makeRun, toolCall } from './agent-run-factory.js';

// Compiles only if every function's parameters fit its declaration in `Matchers`.
expect.extend(nanogradeMatchers);

test('every matcher is on expect(…), typed, and works', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nanograde-matcher-types-'));
  try {
    writeFileSync(join(folder, 'summary.json'), '{"names": ["Ada"]}');
    const run = makeRun({
      output: 'First: Ada\nLast: Lovelace',
      turns: 2,
      costUsd: 0.004,
      durationMs: 2500,
      toolCalls: [
        toolCall('read_file', { file_path: 'notes.txt' }),
        toolCall('write_file', { file_path: 'summary.json', content: '{}' }, { turn: 2 }),
      ],
    });
    expect(run).toFollowFormat(/^First: .+\nLast: .+$/s);
    expect(run).toFollowFormat('First: {{first}}\nLast: {{last}}');
    expect(run).not.toFollowFormat(z.object({ names: z.array(z.string()) }));
    expect(run).toHaveCalledTool('read_file', { file_path: 'notes.txt' });
    expect(run).toHaveCalledTool('read_file', undefined, { includeFailed: true });
    expect(run).not.toHaveCalledTool('edit_file');
    expect(run).toHaveCalledToolsInOrder(['read_file', 'write_file']);
    expect(run).toUseAtMostTurns(4);
    expect(run).toCostAtMost(0.01);
    expect(run).toFinishWithin(30_000);
    expect(folder).toHaveFile('summary.json', z.object({ names: z.array(z.string()) }));
    expect(folder).toHaveFile('summary.json', (content) => content.startsWith('{'));

    // Registered matchers also work as asymmetric matchers (`expect.toHaveCalledTool(…)`).
    expect({ runs: [run] }).toEqual({ runs: [expect.toHaveCalledTool('write_file')] });
    expect({ runs: [run] }).not.toEqual({ runs: [expect.toHaveCalledTool('edit_file')] });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('wrong argument types do not compile', () => {
  const run = makeRun();
  // @ts-expect-error — a format is a RegExp, template or schema, not a number
  expect(() => expect(run).toFollowFormat(1)).toThrow(TypeError);
  // @ts-expect-error — the tool names are an array
  expect(() => expect(run).toHaveCalledToolsInOrder('read_file')).toThrow(TypeError);
  // @ts-expect-error — includeFailed is a boolean
  expect(() => expect(run).toHaveCalledTool('read_file', {}, { includeFailed: 'yes' })).toThrow();
  // @ts-expect-error — turns are a number
  expect(() => expect(run).toUseAtMostTurns('4')).toThrow(TypeError);
  // @ts-expect-error — the cost is a number of dollars
  expect(() => expect(run).toCostAtMost('$0.01')).toThrow(TypeError);
  // @ts-expect-error — the duration is a number of ms
  expect(() => expect(run).toFinishWithin(null)).toThrow(TypeError);
  // @ts-expect-error — the content matcher's predicate takes a string
  expect(() => expect(run).toHaveFile('a.txt', (content: number) => content > 1)).toThrow(
    TypeError,
  );
});

test('the declared parameter types', () => {
  type M = NanogradeMatchers<void>;
  expectTypeOf<Parameters<M['toFollowFormat']>>().toEqualTypeOf<[format: OutputFormat]>();
  expectTypeOf<Parameters<M['toHaveCalledTool']>>().toEqualTypeOf<
    [name: string, args?: Record<string, unknown>, options?: ToolCallOptions]
  >();
  expectTypeOf<Parameters<M['toHaveFile']>>().toEqualTypeOf<
    [relativePath: string, content?: FileContentMatcher]
  >();
  // …and they reach `expect(…)` through the augmentation of Vitest's `Matchers`.
  expectTypeOf(expect(makeRun()).toUseAtMostTurns).parameter(0).toEqualTypeOf<number>();
  expectTypeOf(expect('/tmp/ws').toHaveFile)
    .parameter(1)
    .toEqualTypeOf<FileContentMatcher | undefined>();
  // The augmentation has no type parameter (the one form Vitest 4 and 5 both accept): matchers
  // return nothing, and the judge's promise must be awaited.
  expectTypeOf(expect(makeRun()).toUseAtMostTurns).returns.toEqualTypeOf<void>();
  expectTypeOf(expect(makeRun()).toJudgeAtLeast).returns.toEqualTypeOf<Promise<void>>();
});

test('a misused matcher throws a MatcherUsageError through expect, which the built-ins tell from a failed check', () => {
  const run = makeRun();
  // A misspelt option, a wrong kind of value: the case is at fault, whatever the run did.
  const misused = [
    () => expect(run).toHaveCalledTool('read_file', {}, { includFailed: true } as never),
    () => expect(run).toUseAtMostTurns('4' as never),
  ];
  for (const use of misused) {
    expect(use).toThrow(MatcherUsageError);
    expect(use).toThrow(TypeError);
  }
  // A check that fails on the run is not one.
  expect(() => expect(run).toHaveCalledTool('write_file')).not.toThrow(MatcherUsageError);
  expect(() => expect(run).toHaveCalledTool('write_file')).toThrow();
});
