const SHOWN = 100;

/** A line cut around `column` so the difference stays visible in a long line. */
function around(line: string, column: number): string {
  const start = Math.max(0, column - SHOWN / 2);
  const piece = line.slice(start, start + SHOWN);
  return `${start > 0 ? '…' : ''}${JSON.stringify(piece)}${start + SHOWN < line.length ? '…' : ''}`;
}

/**
 * Says where `actual` first differs from `expected`: line endings, a trailing newline, or the
 * first differing line (with its column); null when the two are equal.
 */
export function describeTextDifference(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const lf = (text: string) => text.replace(/\r\n?/g, '\n');
  if (lf(expected) === lf(actual)) {
    return `only line endings differ (the file has ${/\r/.test(actual) ? 'CRLF or CR' : 'LF'} line endings, the expected text ${/\r/.test(expected) ? 'CRLF or CR' : 'LF'})`;
  }
  if (actual === `${expected}\n`) return 'the file ends with a newline, the expected text does not';
  if (expected === `${actual}\n`) return 'the expected text ends with a newline, the file does not';
  if (expected.trimEnd() === actual.trimEnd()) return 'only trailing whitespace at the end differs';

  // A final newline ends the last line; it does not start an empty one.
  const lines = (text: string) => (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const want = lines(expected);
  const got = lines(actual);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const wanted = want[i];
    const found = got[i];
    if (wanted === found) continue;
    if (found === undefined) {
      return `the file ends after line ${got.length}; expected line ${i + 1}: ${around(wanted ?? '', 0)}`;
    }
    if (wanted === undefined) {
      return `the file has ${got.length - want.length} more lines after line ${want.length}, starting with: ${around(found, 0)}`;
    }
    let column = 0;
    while (column < wanted.length && wanted[column] === found[column]) column++;
    return `line ${i + 1} differs at column ${column + 1}:\n  expected: ${around(wanted, column)}\n  actual:   ${around(found, column)}`;
  }
  return 'the texts differ';
}
