import { paint, type Style } from './color.js';
import { displayWidth, oneLine, truncate } from './text-width.js';

/** One column of a terminal table. */
export interface TextColumn {
  header: string;
  align?: 'left' | 'right';
  /** A flexible column shrinks (down to `min`) before any column is dropped. */
  flex?: boolean;
  /**
   * A flexible column that shrinks only when dropping every droppable column was not enough
   * (a status such as `passed (replayed)` stays whole while a token count can go).
   */
  last?: boolean;
  min?: number;
  /** Columns with a drop rank go, lowest rank first, when shrinking is not enough. */
  drop?: number;
}

/** A cell: its text and an optional style (applied after padding, so widths stay right). */
export interface TextCell {
  text: string;
  style?: Style | undefined;
}

const GAP = ' ';

/**
 * Lays a table out in at most `width` columns: each column as wide as its widest cell; when
 * too wide, flexible columns shrink (cells cut with …), then droppable columns go. Each line
 * starts with `indent`.
 */
export function renderTextTable(
  columns: TextColumn[],
  rows: TextCell[][],
  options: { width: number; color: boolean; indent?: string },
): string[] {
  const indent = options.indent ?? ' ';
  const clean = rows.map((row) => row.map((cell) => ({ ...cell, text: oneLine(cell.text) })));
  const widths = columns.map((column, i) =>
    Math.max(displayWidth(column.header), ...clean.map((row) => displayWidth(row[i]?.text ?? ''))),
  );
  const shown = columns.map(() => true);
  const total = () =>
    displayWidth(indent) +
    widths.reduce((sum, w, i) => sum + (shown[i] ? w : 0), 0) +
    (shown.filter(Boolean).length - 1) * GAP.length;

  /** Shrinks the flexible columns (`last` ones too, or not), the widest first; the excess left. */
  const shrink = (excess: number, withLast: boolean): number => {
    if (excess <= 0) return excess;
    const flexible = columns
      .map((column, i) => ({
        i,
        room:
          shown[i] && column.flex && (withLast || !column.last)
            ? (widths[i] ?? 0) - (column.min ?? 4)
            : 0,
      }))
      .filter((candidate) => candidate.room > 0)
      .sort((a, b) => b.room - a.room);
    let left = excess;
    for (const { i, room } of flexible) {
      const cut = Math.min(room, left);
      widths[i] = (widths[i] ?? 0) - cut;
      left -= cut;
      if (left <= 0) break;
    }
    return left;
  };

  // Shrink the flexible columns, the widest first, then drop columns by rank; the `last`
  // columns shrink only when nothing is left to drop.
  for (;;) {
    const excess = shrink(total() - options.width, false);
    if (excess <= 0) break;
    const droppable = columns
      .map((column, i) => ({ i, rank: column.drop }))
      .filter((candidate) => shown[candidate.i] && candidate.rank !== undefined)
      .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))[0];
    if (!droppable) {
      shrink(excess, true);
      break;
    }
    shown[droppable.i] = false;
  }

  const line = (cells: TextCell[], bold: boolean) =>
    indent +
    columns
      .map((column, i) => {
        if (!shown[i]) return undefined;
        const width = widths[i] ?? 0;
        const cell = cells[i] ?? { text: '' };
        const text = truncate(cell.text, width);
        // Paint the text only, so padding stays plain and trailing blanks can be trimmed.
        const painted = paint(text, bold ? 'bold' : cell.style, options.color);
        const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
        return column.align === 'right' ? fill + painted : painted + fill;
      })
      .filter((text): text is string => text !== undefined)
      .join(GAP)
      .trimEnd();
  return [
    line(
      columns.map((column) => ({ text: column.header })),
      true,
    ),
    ...clean.map((row) => line(row, false)),
  ];
}
