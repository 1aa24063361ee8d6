import { describe, expect, test } from 'vitest';
import { compileTemplate, parseFormat } from '../../src/vitest/matchers/format-template.js';

describe('compileTemplate', () => {
  test('splits literals and slots, single- and multi-line', () => {
    expect(compileTemplate('Answer: {{answer}}\nNotes: {{ notes... }}')).toEqual([
      { kind: 'literal', text: 'Answer: ' },
      { kind: 'slot', name: 'answer', multiline: false },
      { kind: 'literal', text: '\nNotes: ' },
      { kind: 'slot', name: 'notes', multiline: true },
    ]);
  });

  test('keeps malformed braces as literal text', () => {
    expect(compileTemplate('{{1x}} and {{ }} and {x}')).toEqual([
      { kind: 'literal', text: '{{1x}} and {{ }} and {x}' },
    ]);
  });

  test('rejects adjacent slots, repeated names and empty templates', () => {
    expect(() => compileTemplate('{{a}}{{b}}')).toThrow(
      /slot \{\{b\}\} directly follows another slot/,
    );
    expect(() => compileTemplate('{{a}} and {{a}}')).toThrow(/slot \{\{a\}\} appears twice/);
    expect(() => compileTemplate(' \r\n ')).toThrow(TypeError);
  });
});

describe('parseFormat', () => {
  const TEMPLATE = 'Answer: {{answer}}\nConfidence: {{confidence}}';

  test('captures trimmed slot values', () => {
    expect(parseFormat(TEMPLATE, 'Answer:  42 \nConfidence: high')).toEqual({
      ok: true,
      slots: { answer: '42', confidence: 'high' },
    });
  });

  test('normalises CRLF and trims the whole output and the template', () => {
    expect(parseFormat(`\n${TEMPLATE}\n`, '\r\n  Answer: 42\r\nConfidence: low\r\n\r\n')).toEqual({
      ok: true,
      slots: { answer: '42', confidence: 'low' },
    });
  });

  test('names the literal that did not match and what stood there', () => {
    const result = parseFormat(TEMPLATE, 'Answer: 42\nconfidence: high');
    expect(result).toMatchObject({ ok: false, expected: '\nConfidence: ' });
    expect(result.ok ? '' : result.problem).toBe(
      'expected "\\nConfidence: " after {{answer}}, but found "42\\nconfidence: high" (line 1)',
    );
  });

  test('a wrong leading literal is reported at the start', () => {
    const result = parseFormat(TEMPLATE, 'The answer is 42');
    expect(result.ok ? '' : result.problem).toBe(
      'expected "Answer: " at the start of the output, but found "The answer is 42" (line 1)',
    );
  });

  test('literals are case- and space-exact', () => {
    expect(parseFormat('Answer: {{a}}', 'answer: 42').ok).toBe(false);
    expect(parseFormat('Answer: {{a}}', 'Answer:42').ok).toBe(false);
    expect(parseFormat('Answer: {{a}}', 'Answer: 42').ok).toBe(true);
  });

  test('a slot takes text up to the FIRST occurrence of the next literal', () => {
    expect(parseFormat('{{a}}, {{b}}', '1, 2, 3')).toEqual({
      ok: true,
      slots: { a: '1', b: '2, 3' },
    });
  });

  test('the last literal must end the output, even if it occurs earlier', () => {
    expect(parseFormat('Result: {{value}}.', 'Result: 3.14.')).toEqual({
      ok: true,
      slots: { value: '3.14' },
    });
    const result = parseFormat('Result: {{value}}.', 'Result: 3.14!');
    expect(result.ok ? '' : result.problem).toMatch(
      /^expected the output to end with "\." after \{\{value\}\}, but found "3\.14!"/,
    );
  });

  test('a single-line slot cannot span lines; a multi-line slot can', () => {
    const text = 'Summary: first line\nsecond line\nEnd: yes';
    const single = parseFormat('Summary: {{summary}}\nEnd: {{end}}', text);
    expect(single.ok ? '' : single.problem).toMatch(
      /^expected "\\nEnd: " after \{\{summary\}\} on the same line \(write \{\{summary\.\.\.\}\} for text that spans lines\), but found "first line\\nsecond line/,
    );
    expect(parseFormat('Summary: {{summary...}}\nEnd: {{end}}', text)).toEqual({
      ok: true,
      slots: { summary: 'first line\nsecond line', end: 'yes' },
    });
  });

  test('a slot at the end takes the rest of its line, and nothing may follow that line', () => {
    const result = parseFormat('First: {{first}}', 'First: Ada\nand some chatter');
    expect(result).toMatchObject({
      ok: false,
      expected: 'the end of the output',
      found: '\nand some chatter',
    });
    expect(result.ok ? '' : result.problem).toContain('(line 1)');
    expect(parseFormat('First: {{first...}}', 'First: Ada\nand more')).toEqual({
      ok: true,
      slots: { first: 'Ada\nand more' },
    });
  });

  test('an empty or blank slot fails', () => {
    const empty = parseFormat(TEMPLATE, 'Answer: \nConfidence: high');
    expect(empty.ok ? '' : empty.problem).toBe(
      'expected text for {{answer}} before "\\nConfidence: ", but found "\\nConfidence: high" (line 1)',
    );
    const atEnd = parseFormat('Answer:{{answer}}', 'Answer:');
    expect(atEnd.ok ? '' : atEnd.problem).toBe(
      'expected text for {{answer}}, but found the end of the output (line 1)',
    );
    // Trimming the output removes the space the literal ends with, so the literal is what is missing.
    const trimmed = parseFormat(TEMPLATE, 'Answer: 42\nConfidence: ');
    expect(trimmed.ok ? '' : trimmed.problem).toBe(
      'expected "\\nConfidence: " after {{answer}}, but found "42\\nConfidence:" (line 1)',
    );
    const blankLine = parseFormat('First: {{first}}', 'First: \nAda');
    expect(blankLine).toMatchObject({ ok: false, expected: '{{first}}', index: 7 });
  });

  test('a blank first occurrence is skipped for a later non-blank one', () => {
    expect(parseFormat('A{{x}}B{{y}}', 'A B zB y')).toEqual({
      ok: true,
      slots: { x: 'B z', y: 'y' },
    });
    // The final literal is only looked for at the end, so the slot takes everything before it.
    expect(parseFormat('A{{x}}B', 'AB B')).toEqual({ ok: true, slots: { x: 'B' } });
  });

  test('a template without slots must equal the output', () => {
    expect(parseFormat('Done.', '  Done.\n').ok).toBe(true);
    const result = parseFormat('Done.', 'Done. Really.');
    expect(result.ok ? '' : result.problem).toBe(
      'expected the output to end here, but found " Really." (line 1)',
    );
  });

  test('an empty output is reported as such', () => {
    const result = parseFormat(TEMPLATE, '   ');
    expect(result.ok ? '' : result.problem).toBe(
      'expected "Answer: " at the start of the output, but found the end of the output (the output is empty)',
    );
  });

  test('a slot may start the template', () => {
    expect(parseFormat('{{greeting}}, world', 'Hello, world')).toEqual({
      ok: true,
      slots: { greeting: 'Hello' },
    });
  });
});
