import { openExistingFile, replaceContents, resolveWorkspacePath } from '../sandbox.js';
import { decodeText, lineNumberAt, lineStarts, readWholeFile } from '../text-file.js';
import { closestLine } from '../text-similarity.js';
import type { EditFileArgs } from '../tool-args.js';
import { quotePath, ToolError } from '../tool-error.js';
import { requireFile } from './path-checks.js';
import { checkWriteSize } from './write-file.js';

/** Where `needle` occurs in `text`, overlapping matches included: the count and the first few. */
function findMatches(text: string, needle: string): { count: number; first: number[] } {
  const first: number[] = [];
  let count = 0;
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + 1)) {
    count += 1;
    if (first.length < 10) first.push(index);
  }
  return { count, first };
}

/** Why old_str was not found, pointing at the closest line so the model can copy it exactly. */
function notFoundMessage(text: string, args: EditFileArgs): string {
  const where = `old_str was not found in ${quotePath(args.file_path)}`;
  if (
    text.includes('\r\n') &&
    !args.old_str.includes('\r') &&
    text.includes(args.old_str.replaceAll('\n', '\r\n'))
  ) {
    return `${where} as sent, but it is there with Windows line breaks: the file uses \\r\\n, so send old_str with \\r\\n line breaks.`;
  }
  const closest = closestLine(text, args.old_str);
  if (closest === undefined || closest.score <= 0) {
    return `${where}; read the file and copy the exact text to replace.`;
  }
  const percent = Math.round(closest.score * 100);
  const compared = args.old_str.trim().includes('\n') ? "old_str's first line" : 'old_str';
  const line = closest.line.length > 200 ? `${closest.line.slice(0, 200)}…` : closest.line;
  return `${where}. The closest line is line ${closest.lineNumber}: ${JSON.stringify(line)} (${percent}% similar to ${compared}). Copy the exact text from read_file, whitespace included.`;
}

/** edit_file: replaces the one exact occurrence of old_str with new_str. */
export async function editFileTool(root: string, args: EditFileArgs): Promise<string> {
  const target = await resolveWorkspacePath(root, args.file_path);
  requireFile(target, args.file_path);
  const { handle, stats } = await openExistingFile(target, args.file_path, 'readwrite');
  try {
    const text = decodeText(await readWholeFile(handle, stats.size, quotePath(args.file_path)));
    if (text === undefined) {
      throw new ToolError(
        `${quotePath(args.file_path)} is a binary file; edit_file only edits text.`,
      );
    }
    const { count, first } = findMatches(text, args.old_str);
    if (count === 0) throw new ToolError(notFoundMessage(text, args));
    const starts = lineStarts(text);
    if (count > 1) {
      const lines = first.map((index) => lineNumberAt(starts, index));
      const more = count > first.length ? ', …' : '';
      throw new ToolError(
        `old_str matches ${count} times in ${quotePath(args.file_path)} (lines ${lines.join(', ')}${more}); include more surrounding text to make it unique.`,
      );
    }
    if (args.old_str === args.new_str) {
      throw new ToolError('old_str and new_str are the same, so nothing would change.');
    }
    const index = first[0] as number;
    const updated = Buffer.from(
      text.slice(0, index) + args.new_str + text.slice(index + args.old_str.length),
      'utf8',
    );
    checkWriteSize(updated.length, 'edit_file');
    await replaceContents(handle, updated);
    const from = lineNumberAt(starts, index);
    const to = lineNumberAt(starts, index + args.old_str.length - 1);
    const lines = from === to ? `line ${from}` : `lines ${from}-${to}`;
    return `Edited ${target.displayPath}: replaced the text at ${lines}.`;
  } finally {
    await handle.close();
  }
}
