/**
 * Output templates with named slots, as in `toFollowFormat('Answer: {{answer}}\nConfidence: {{confidence}}')`.
 *
 * Grammar:
 * - `{{name}}` is a slot: non-blank text on ONE line. `{{name...}}` is a multi-line slot: non-blank
 *   text that may span lines. A name is letters, digits and `_`, not starting with a digit; spaces
 *   inside the braces are allowed (`{{ name }}`). Slot values come back trimmed.
 * - Everything else is literal text and must match exactly, case and spaces included. `{{` that
 *   does not open a well-formed slot is literal text.
 * - Before matching, line endings (CRLF, CR) become LF and the template and the output are each
 *   trimmed as a whole; nothing else is normalised.
 * - Slots are filled left to right: a slot takes the shortest non-blank text up to the first
 *   occurrence of the literal after it. The template's last literal must end the output; a slot
 *   at the end of the template takes the rest of the output (one line, unless it is `{{name...}}`).
 * - Two slots must be separated by literal text, and slot names must be unique (else TypeError:
 *   the split between two adjacent slots would be a guess).
 */

import { MatcherUsageError } from './matcher-usage-error.js';

/** A piece of a compiled template. */
export type TemplatePart =
  | { kind: 'literal'; text: string }
  | { kind: 'slot'; name: string; multiline: boolean };

/** The result of matching a template: the slot values, or where and why the match failed. */
export type FormatMatch =
  | { ok: true; slots: Record<string, string> }
  | {
      ok: false;
      /** A sentence naming the part that did not match and what stood there instead. */
      problem: string;
      /** What the template wanted at that point (a literal, or a slot's description). */
      expected: string;
      /** What the output had there instead (an excerpt). */
      found: string;
      /** Offset in the normalised output where the mismatch was found. */
      index: number;
      /** Slots filled before the mismatch. */
      slots: Record<string, string>;
    };

const SLOT = /\{\{\s*([A-Za-z_]\w*)(\.\.\.)?\s*\}\}/g;

/** Turns CRLF and CR into LF and trims the whole text. */
export function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** Splits a template into literals and slots; throws a TypeError for a template that is ambiguous. */
export function compileTemplate(template: string): TemplatePart[] {
  const source = normaliseText(template);
  if (source === '') throw new MatcherUsageError('a format template must not be empty');
  const parts: TemplatePart[] = [];
  const names = new Set<string>();
  let last = 0;
  for (const match of source.matchAll(SLOT)) {
    const [whole, name = '', dots] = match;
    if (match.index > last) parts.push({ kind: 'literal', text: source.slice(last, match.index) });
    if (parts.at(-1)?.kind === 'slot') {
      throw new MatcherUsageError(
        `format template: slot {{${name}}} directly follows another slot; put literal text between them`,
      );
    }
    if (names.has(name))
      throw new MatcherUsageError(`format template: slot {{${name}}} appears twice`);
    names.add(name);
    parts.push({ kind: 'slot', name, multiline: dots !== undefined });
    last = match.index + whole.length;
  }
  if (last < source.length) parts.push({ kind: 'literal', text: source.slice(last) });
  return parts;
}

/** A template as text again, for messages. */
export function templateText(parts: readonly TemplatePart[]): string {
  return parts
    .map((part) =>
      part.kind === 'literal' ? part.text : `{{${part.name}${part.multiline ? '...' : ''}}}`,
    )
    .join('');
}

const EXCERPT = 40;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function slotLabel(part: { name: string; multiline: boolean }): string {
  return `{{${part.name}${part.multiline ? '...' : ''}}}`;
}

/**
 * Matches `text` (a model's output) against a template (grammar in this module's doc comment)
 * and returns the slot values, or the first part that did not match and what stood there.
 */
export function parseFormat(template: string, text: string): FormatMatch {
  const parts = compileTemplate(template);
  const output = normaliseText(text);
  const slots: Record<string, string> = {};
  let pos = 0;

  const fail = (index: number, expected: string, problem: string, foundLength = EXCERPT) => {
    const found = output.slice(index, index + foundLength);
    const ellipsis = index + foundLength < output.length ? '…' : '';
    const where = output === '' ? 'the output is empty' : `line ${lineOf(output, index)}`;
    return {
      ok: false as const,
      problem: `${problem}, but found ${found === '' ? 'the end of the output' : `${quote(found)}${ellipsis}`} (${where})`,
      expected,
      found,
      index,
      slots,
    };
  };

  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === undefined) break;
    if (part.kind === 'literal') {
      // A literal after a slot was located by that slot, so only a leading literal can mismatch here.
      if (!output.startsWith(part.text, pos)) {
        const problem = `expected ${quote(part.text)} at the start of the output`;
        return fail(pos, part.text, problem, part.text.length + 10);
      }
      pos += part.text.length;
      continue;
    }

    const label = slotLabel(part);
    const lineEnd = output.indexOf('\n', pos) === -1 ? output.length : output.indexOf('\n', pos);
    const limit = part.multiline ? output.length : lineEnd;
    const next = parts[i + 1];

    if (next === undefined) {
      const value = output.slice(pos, limit);
      if (value.trim() === '') return fail(pos, label, `expected text for ${label}`);
      if (limit < output.length) {
        return fail(
          limit,
          'the end of the output',
          `expected the output to end after the line of ${label} (write {{${part.name}...}} for text that spans lines)`,
        );
      }
      slots[part.name] = value.trim();
      pos = output.length;
      continue;
    }
    if (next.kind !== 'literal') throw new Error('compileTemplate keeps slots apart');

    const literal = next.text;
    const endsTemplate = i + 1 === parts.length - 1;
    let at = -1;
    let sawEmpty = false;
    if (endsTemplate) {
      // The last literal must end the output, so look for it only there.
      const candidate = output.length - literal.length;
      if (candidate >= pos && output.endsWith(literal)) {
        if (output.slice(pos, candidate).trim() === '') sawEmpty = true;
        else if (candidate <= limit) at = candidate;
      }
    } else {
      for (let from = pos; ; ) {
        const found = output.indexOf(literal, from);
        if (found === -1 || found > limit) break;
        if (output.slice(pos, found).trim() !== '') {
          at = found;
          break;
        }
        sawEmpty = true;
        from = found + 1;
      }
    }

    if (at === -1) {
      if (sawEmpty) {
        return fail(pos, label, `expected text for ${label} before ${quote(literal)}`);
      }
      const later = endsTemplate ? output.endsWith(literal) : output.indexOf(literal, pos) !== -1;
      if (!part.multiline && later) {
        return fail(
          pos,
          literal,
          `expected ${quote(literal)} after ${label} on the same line (write {{${part.name}...}} for text that spans lines)`,
          limit - pos + 20,
        );
      }
      if (endsTemplate) {
        const tail = Math.max(output.length - literal.length - 10, pos);
        return fail(
          tail,
          literal,
          `expected the output to end with ${quote(literal)} after ${label}`,
        );
      }
      return fail(
        pos,
        literal,
        `expected ${quote(literal)} after ${label}`,
        Math.max(limit - pos + 20, EXCERPT),
      );
    }
    slots[part.name] = output.slice(pos, at).trim();
    pos = at;
  }

  if (pos < output.length) {
    return fail(pos, 'the end of the output', 'expected the output to end here');
  }
  return { ok: true, slots };
}
