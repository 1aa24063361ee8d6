/** Where in a model's output a JSON value was found. */
export type JsonSource = 'json block' | 'whole output' | 'embedded';

/** A piece of the output that parsed as JSON. */
export interface JsonFound {
  source: JsonSource;
  text: string;
  value: unknown;
}

/** A piece of the output that looked like JSON but did not parse. */
export interface JsonInvalid {
  source: JsonSource;
  text: string;
  error: string;
}

/** Every JSON candidate in an output, best first: fenced blocks, then the whole output, then embedded ones. */
export interface JsonSearch {
  found: JsonFound[];
  invalid: JsonInvalid[];
}

const FENCED_JSON = /```[ \t]*json[^\n]*\n([\s\S]*?)```/gi;
// Bounds on the embedded scan, so a huge output full of braces cannot make a matcher slow.
const MAX_EMBEDDED_STARTS = 200;
const MAX_CANDIDATES = 20;

const CLOSER: Record<string, string> = { '{': '}', '[': ']' };

/**
 * Finds the end of the balanced `{…}` / `[…]` starting at `start` (skipping brackets inside JSON
 * strings): the index after its closer, -1 when it is never closed, -2 when the brackets cross.
 */
function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i] ?? '';
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') stack.push(CLOSER[char] ?? '');
    else if (char === '}' || char === ']') {
      if (stack.pop() !== char) return -2;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

function tryParse(
  source: JsonSource,
  text: string,
): { ok: true; found: JsonFound } | { ok: false; invalid: JsonInvalid } {
  try {
    return { ok: true, found: { source, text, value: JSON.parse(text) } };
  } catch (error) {
    return { ok: false, invalid: { source, text, error: (error as Error).message } };
  }
}

/**
 * Looks for JSON in a model's output: every ```json fenced block, the whole trimmed output when it
 * is an object or array, and every balanced `{…}`/`[…]` inside prose (outermost first; the inside
 * of one that parsed is not searched again). Unclosed ones count as invalid, so a cut-off answer
 * is reported as such rather than as "no JSON".
 */
export function findJson(output: string): JsonSearch {
  const search: JsonSearch = { found: [], invalid: [] };
  const seen = new Set<string>();
  const add = (source: JsonSource, raw: string) => {
    const text = raw.trim();
    if (text === '' || seen.has(text)) return;
    seen.add(text);
    const parsed = tryParse(source, text);
    if (parsed.ok) search.found.push(parsed.found);
    else search.invalid.push(parsed.invalid);
  };

  for (const match of output.matchAll(FENCED_JSON)) add('json block', match[1] ?? '');

  const whole = output.trim();
  if (whole.startsWith('{') || whole.startsWith('[')) add('whole output', whole);

  let starts = 0;
  let reportedUnclosed = false;
  for (let i = 0; i < output.length; i++) {
    const char = output[i];
    if (char !== '{' && char !== '[') continue;
    if (++starts > MAX_EMBEDDED_STARTS || seen.size >= MAX_CANDIDATES) break;
    const end = balancedEnd(output, i);
    if (end === -1) {
      if (!reportedUnclosed) add('embedded', output.slice(i));
      reportedUnclosed = true;
      continue;
    }
    if (end === -2) continue;
    const text = output.slice(i, end);
    const before = search.found.length;
    add('embedded', text);
    // A parsed value's inner brackets are parts of it, not separate answers.
    if (search.found.length > before || search.found.some((found) => found.text === text)) {
      i = end - 1;
    }
  }
  return search;
}
