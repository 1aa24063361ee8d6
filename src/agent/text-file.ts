import type { FileHandle } from 'node:fs/promises';
import { ToolError } from './tool-error.js';

/** The largest file the tools load to read, count lines in, or edit. */
export const MAX_TEXT_FILE_BYTES = 32 * 1024 * 1024;
/** How much of the start of a file is searched for a NUL byte to call it binary. */
const BINARY_SNIFF_BYTES = 8192;

/** A byte count for people and models: exact bytes, plus KB/MB when large. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  const unit = bytes < 1024 * 1024 ? 'KB' : 'MB';
  const scaled = bytes / (unit === 'KB' ? 1024 : 1024 * 1024);
  return `${bytes} bytes (${scaled.toFixed(1)} ${unit})`;
}

/**
 * The file's text, or undefined when it is binary: a NUL byte in its first 8 KB, or invalid
 * UTF-8 anywhere. A byte-order mark is kept, so the text is the file exactly.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Reads a whole open file, refusing one over MAX_TEXT_FILE_BYTES before loading it. */
export async function readWholeFile(
  handle: FileHandle,
  size: number,
  shownPath: string,
): Promise<Buffer> {
  if (size > MAX_TEXT_FILE_BYTES) {
    throw new ToolError(
      `${shownPath} is ${formatBytes(size)}; the file tools load files up to ${formatBytes(MAX_TEXT_FILE_BYTES)}.`,
    );
  }
  return handle.readFile();
}

/** Character offsets where each line starts; a final newline does not start another line. */
export function lineStarts(text: string): number[] {
  if (text === '') return [];
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    if (index + 1 < text.length) starts.push(index + 1);
  }
  return starts;
}

/** The 1-based line number of the character at `index`, given the text's lineStarts. */
export function lineNumberAt(starts: number[], index: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] as number) <= index) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
