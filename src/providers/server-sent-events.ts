/** One server-sent event: its `event:` name (when given) and its data lines joined by newlines. */
export interface ServerSentEvent {
  event?: string;
  data: string;
}

/**
 * The events of a `text/event-stream` body, read the way the WHATWG spec (and the openai and
 * anthropic SDKs' decoders) read it: lines end in CRLF, LF or CR; a blank line ends an event;
 * `field: value` loses one leading space; `data` lines are joined with "\n"; lines starting with
 * ":" are comments; an event with no data is dropped. A last event without its blank line (a
 * stream cut short) still counts.
 */
export function parseServerSentEvents(text: string): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  let event: string | undefined;
  let data: string[] = [];
  const dispatch = () => {
    if (data.length > 0)
      events.push({ ...(event === undefined ? {} : { event }), data: data.join('\n') });
    event = undefined;
    data = [];
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      dispatch();
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  dispatch();
  return events;
}

/** Each non-blank line of an NDJSON body (Ollama's streams) parsed as JSON. */
export function parseJsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
