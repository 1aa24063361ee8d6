import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { nanogradeMatchers } from '../../src/vitest/matchers/index.js';
import { makeRun } from './agent-run-factory.js';

expect.extend(nanogradeMatchers);

describe('toFollowFormat with a RegExp', () => {
  const run = makeRun({ output: '\n  First: Ada\nLast: Lovelace  \n' });

  test('tests the trimmed output', () => {
    expect(run).toFollowFormat(/^First: .+\nLast: .+$/);
    expect(run).not.toFollowFormat(/^Last:/);
  });

  test('a failure shows the output and the run', () => {
    expect(() => expect(run).toFollowFormat(/^Name: /)).toThrow(
      /expected the run's output to match \/\^Name: \/, but it does not\nRun: openai:gpt-5-mini · 2 turns · \$0\.00046 · 4\.2s\nOutput \(25 chars\):\n {2}│ First: Ada\n {2}│ Last: Lovelace/,
    );
  });

  test('.not fails with what matched', () => {
    expect(() => expect(run).not.toFollowFormat(/Last: \w+/)).toThrow(
      /expected the run's output NOT to match \/Last: \\w\+\/, but it does: "Last: Lovelace"/,
    );
  });

  test('a /g RegExp gives the same answer every time', () => {
    const global = /Ada/g;
    expect(run).toFollowFormat(global);
    expect(run).toFollowFormat(global);
  });

  test('a run that ended with an error says so', () => {
    const failed = makeRun({
      output: '',
      error: { kind: 'timeout', message: 'the run exceeded its wall-clock timeout of 300000 ms' },
    });
    expect(() => expect(failed).toFollowFormat(/answer/)).toThrow(
      /The run ended with timeout: the run exceeded its wall-clock timeout of 300000 ms\nOutput: \(empty\)/,
    );
  });
});

describe('toFollowFormat with a template', () => {
  const TEMPLATE = 'Answer: {{answer}}\nConfidence: {{confidence}}';

  test('passes when literals match and slots are filled', () => {
    expect(makeRun({ output: 'Answer: 42\r\nConfidence: high\n' })).toFollowFormat(TEMPLATE);
  });

  test('names the literal that did not match and what stood there', () => {
    const run = makeRun({ output: 'Answer: 42\nconfidence: high' });
    expect(() => expect(run).toFollowFormat(TEMPLATE)).toThrow(
      /expected the run's output to follow the template, but it does not: expected "\\nConfidence: " after \{\{answer\}\}, but found "42\\nconfidence: high" \(line 1\)\nTemplate:\n {2}│ Answer: \{\{answer\}\}\n {2}│ Confidence: \{\{confidence\}\}/,
    );
  });

  test('.not fails with the captured slots', () => {
    const run = makeRun({ output: 'Answer: 42\nConfidence: high' });
    expect(() => expect(run).not.toFollowFormat(TEMPLATE)).toThrow(
      /expected the run's output NOT to follow the template, but it does \(answer: "42", confidence: "high"\)/,
    );
    expect(makeRun({ output: 'The answer is 42.' })).not.toFollowFormat(TEMPLATE);
  });

  test('an ambiguous template is a TypeError', () => {
    expect(() => expect(makeRun()).toFollowFormat('{{a}}{{b}}')).toThrow(TypeError);
  });
});

describe('toFollowFormat with a zod schema', () => {
  const Names = z.object({ names: z.array(z.string()).min(1) });

  test('finds JSON in a fenced block, bare, or wrapped in prose', () => {
    expect(makeRun({ output: 'Sure:\n```json\n{"names": ["Ada"]}\n```' })).toFollowFormat(Names);
    expect(makeRun({ output: '{"names": ["Ada", "Alan"]}' })).toFollowFormat(Names);
    expect(makeRun({ output: 'The result is {"names": ["Ada"]} as asked.' })).toFollowFormat(Names);
  });

  test('uses the first JSON value that matches, not just the first one found', () => {
    expect(makeRun({ output: 'Step [1] done. Result: {"names": ["Ada"]}' })).toFollowFormat(Names);
  });

  test('says when there is no JSON at all', () => {
    const run = makeRun({ output: 'The names are Ada and Alan.' });
    expect(() => expect(run).toFollowFormat(Names)).toThrow(
      /expected the run's output to contain JSON matching the schema, but no JSON was found \(looked for a ```json block/,
    );
  });

  test('says when the JSON is invalid, with the parse error', () => {
    const run = makeRun({ output: '```json\n{"names": ["Ada",]}\n```' });
    expect(() => expect(run).toFollowFormat(Names)).toThrow(
      /but it has no valid JSON:\n {2}• the ```json block is not valid JSON \(.*JSON.*\): \{"names": \["Ada",\]\}/,
    );
  });

  test('names the fields that failed, with their paths', () => {
    const run = makeRun({ output: 'Here: {"names": ["Ada", 7], "extra": true}' });
    expect(() => expect(run).toFollowFormat(Names)).toThrow(
      /expected the JSON in the run's output to match the schema, but the JSON inside the text does not:\n {2}• names\[1\]: Invalid input: expected string, received number\nJSON: \{"names": \["Ada", 7\], "extra": true\}/,
    );
    const nested = z.object({ team: z.object({ lead: z.object({ name: z.string() }) }) });
    expect(() =>
      expect(makeRun({ output: '{"team": {"lead": {}}}' })).toFollowFormat(nested),
    ).toThrow(/• team\.lead\.name: Invalid input: expected string, received undefined/);
    expect(() => expect(makeRun({ output: '[1]' })).toFollowFormat(Names)).toThrow(
      /• \(root\): Invalid input: expected object, received array/,
    );
  });

  test('.not passes without matching JSON and fails with the JSON that matched', () => {
    expect(makeRun({ output: '{"names": []}' })).not.toFollowFormat(Names);
    expect(() =>
      expect(makeRun({ output: '```json\n{"names": ["Ada"]}\n```' })).not.toFollowFormat(Names),
    ).toThrow(
      /expected the run's output NOT to contain JSON matching the schema, but the ```json block does: \{"names": \["Ada"\]\}/,
    );
  });

  test('rejects a format that is none of the three', () => {
    // @ts-expect-error — a number is not a format
    expect(() => expect(makeRun()).toFollowFormat(42)).toThrow(
      /toFollowFormat expects a RegExp, a template string or a zod schema, got number/,
    );
  });
});
