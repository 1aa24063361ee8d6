import process from 'node:process';
import type { Readable, Writable } from 'node:stream';
import {
  deserializeMessage,
  type JSONRPCMessage,
  ProtocolErrorCode,
  serializeMessage,
  type Transport,
} from '@modelcontextprotocol/server';

/** The largest message the server reads: 10 MB, the MCP SDK's own stdio limit. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** How much of an oversize line is kept to find its request id (the SDK writes `id` last). */
const TAIL_BYTES = 256;

/** A line of stdin: its text, or how long it was when it was too long to keep. */
type Line = { text: string } | { oversizeBytes: number; tail: string };

/** Splits a byte stream into lines, keeping at most `maxBytes` of any one line. */
class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  private overflow: { bytes: number; tail: Buffer } | undefined;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): Line[] {
    const lines: Line[] = [];
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(0x0a, start);
      this.take(chunk.subarray(start, end === -1 ? chunk.length : end));
      if (end === -1) return lines;
      lines.push(this.endLine());
      start = end + 1;
    }
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.overflow) {
      this.overflow.bytes += piece.length;
      this.overflow.tail = tailOf([this.overflow.tail, piece]);
    } else if (this.size + piece.length > this.maxBytes) {
      this.overflow = { bytes: this.size + piece.length, tail: tailOf([...this.parts, piece]) };
      this.parts = [];
      this.size = 0;
    } else {
      this.parts.push(piece);
      this.size += piece.length;
    }
  }

  private endLine(): Line {
    const { overflow } = this;
    if (overflow) {
      this.overflow = undefined;
      return { oversizeBytes: overflow.bytes, tail: overflow.tail.toString('utf8') };
    }
    const text = Buffer.concat(this.parts).toString('utf8').replace(/\r$/, '');
    this.parts = [];
    this.size = 0;
    return { text };
  }
}

/** The last TAIL_BYTES of the buffers, read from the end (so a 10 MB line is never copied). */
function tailOf(buffers: Buffer[]): Buffer {
  const kept: Buffer[] = [];
  let size = 0;
  for (let i = buffers.length - 1; i >= 0 && size < TAIL_BYTES; i--) {
    const buffer = buffers[i] as Buffer;
    kept.unshift(buffer.subarray(Math.max(0, buffer.length - (TAIL_BYTES - size))));
    size += kept[0]?.length ?? 0;
  }
  return Buffer.concat(kept);
}

/** The request id at the end of a JSON-RPC message's text, if it has one. */
function trailingId(tail: string): string | number | undefined {
  const match = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*}\s*$/.exec(tail);
  if (!match?.[1]) return undefined;
  return match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : Number(match[1]);
}

/** The request id of a message that did not pass the JSON-RPC schema, if it has a usable one. */
function idOf(text: string): string | number | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The MCP stdio server transport, one JSON-RPC message per line, answering what it cannot read
 * instead of going away: a message over MAX_MESSAGE_BYTES gets an Invalid Request error (to its
 * request id when the end of the line names one) and the server reads on; a line that is not
 * JSON gets a Parse error. (The SDK's own stdio transport closes on an oversize message, and the
 * server exits 0 with no reply.)
 */
export class StdioLineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly reader: LineReader;
  private started = false;
  private markClosed: () => void = () => {};
  /** Settles once the transport has closed, whoever closed it. */
  readonly closed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    readonly maxMessageBytes: number = MAX_MESSAGE_BYTES,
  ) {
    this.reader = new LineReader(maxMessageBytes);
  }

  private readonly onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (const line of this.reader.push(bytes)) this.handle(line);
  };

  private readonly onInputError = (error: Error) => this.onerror?.(error);

  async start(): Promise<void> {
    if (this.started) throw new Error('StdioLineTransport already started');
    this.started = true;
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
  }

  private handle(line: Line): void {
    if ('oversizeBytes' in line) {
      const mb = (this.maxMessageBytes / 1024 / 1024).toFixed(0);
      this.refuse(
        ProtocolErrorCode.InvalidRequest,
        `The message is ${line.oversizeBytes} bytes, over this server's limit of ${mb} MB (${this.maxMessageBytes} bytes); send a smaller one (put large content in a file in the workspace).`,
        trailingId(line.tail),
      );
      return;
    }
    if (line.text.trim() === '') return;
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(line.text);
    } catch (error) {
      const notJson = error instanceof SyntaxError;
      this.refuse(
        notJson ? ProtocolErrorCode.ParseError : ProtocolErrorCode.InvalidRequest,
        notJson
          ? `Parse error: the line is not JSON (${error.message})`
          : 'Invalid Request: the line is JSON but not a JSON-RPC 2.0 message',
        notJson ? undefined : idOf(line.text),
      );
      return;
    }
    this.onmessage?.(message);
  }

  /** Answers with a JSON-RPC error (to `id` when known) and tells the server why. */
  private refuse(code: number, message: string, id: string | number | undefined): void {
    this.onerror?.(new Error(message));
    const reply = { jsonrpc: '2.0', ...(id === undefined ? {} : { id }), error: { code, message } };
    this.output.write(`${JSON.stringify(reply)}\n`);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(serializeMessage(message))) resolve();
      else this.output.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.onclose?.();
    this.markClosed();
  }
}
