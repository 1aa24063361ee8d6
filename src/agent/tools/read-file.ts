import { openExistingFile, resolveWorkspacePath } from '../sandbox.js';
import { decodeText, formatBytes, lineStarts, readWholeFile } from '../text-file.js';
import type { ReadFileArgs } from '../tool-args.js';
import { quotePath, ToolError } from '../tool-error.js';
import { requireFile } from './path-checks.js';

/** Lines read_file returns when no limit is given. */
export const DEFAULT_READ_LINES = 2000;
/** Most bytes of file text one read_file call returns. */
export const MAX_READ_BYTES = 100 * 1024;

/** The first `maxBytes` bytes of `text`, never splitting a character. */
function headOfText(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  let end = Math.min(maxBytes, bytes.length);
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * Lines `offset`… of `text`, exactly as in the file, at most `limit` lines and MAX_READ_BYTES;
 * when that is not the whole rest of the file, a note says how to read on.
 */
export function pageOfLines(text: string, filePath: string, offset: number, limit: number): string {
  const starts = lineStarts(text);
  const total = starts.length;
  if (offset > total) {
    throw new ToolError(
      `offset ${offset} is past the end of ${quotePath(filePath)}, which has ${total} line${total === 1 ? '' : 's'}.`,
    );
  }
  // Character index just past line `line` (1-based), newline included.
  const endOf = (line: number) => (line < total ? (starts[line] as number) : text.length);
  const from = starts[offset - 1] as number;
  let last = Math.min(total, offset + limit - 1);
  let shown = text.slice(from, endOf(last));
  let cutLine = false;

  if (Buffer.byteLength(shown) > MAX_READ_BYTES) {
    let bytes = 0;
    let fits = offset - 1;
    while (fits < last) {
      const lineBytes = Buffer.byteLength(text.slice(starts[fits] as number, endOf(fits + 1)));
      if (bytes + lineBytes > MAX_READ_BYTES) break;
      bytes += lineBytes;
      fits += 1;
    }
    if (fits >= offset) {
      last = fits;
      shown = text.slice(from, endOf(last));
    } else {
      last = offset;
      shown = headOfText(text.slice(from, endOf(offset)), MAX_READ_BYTES);
      cutLine = true;
    }
  }

  const notes: string[] = [];
  if (cutLine) {
    const lineBytes = Buffer.byteLength(text.slice(from, endOf(offset)));
    notes.push(
      `line ${offset} is ${formatBytes(lineBytes)} long; only its first ${formatBytes(MAX_READ_BYTES)} are shown.`,
    );
  }
  if (last < total) {
    const next = JSON.stringify({ file_path: filePath, offset: last + 1, limit });
    notes.push(
      `Showed lines ${offset}-${last} of ${total} (at most ${limit} lines and ${MAX_READ_BYTES / 1024} KB per call). To read on, call read_file with ${next}.`,
    );
  }
  if (notes.length === 0) return shown;
  return `${shown}${shown.endsWith('\n') ? '' : '\n'}\n[read_file: ${notes.join(' ')}]`;
}

/** read_file: the file's text as it is (no line numbers), a page at a time when it is long. */
export async function readFileTool(root: string, args: ReadFileArgs): Promise<string> {
  const target = await resolveWorkspacePath(root, args.file_path);
  requireFile(target, args.file_path);
  const { handle, stats } = await openExistingFile(target, args.file_path, 'read');
  let bytes: Buffer;
  try {
    bytes = await readWholeFile(handle, stats.size, quotePath(args.file_path));
  } finally {
    await handle.close();
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    return `${target.displayPath} is a binary file (${formatBytes(bytes.length)}); read_file only shows text.`;
  }
  const offset = args.offset ?? 1;
  if (text === '' && offset === 1) return `${target.displayPath} is empty (0 bytes).`;
  return pageOfLines(text, args.file_path, offset, args.limit ?? DEFAULT_READ_LINES);
}
