/**
 * Server-Sent Events read byte by byte with a bound (PROTOCOL.md v1.1: one event at most 1 MiB): the
 * bytes of the event being read are all that is kept, and an event that grows past the bound (or a
 * stream that never ends one) throws EventTooLarge instead of growing without end. Lines end in LF or
 * CRLF; an empty line ends an event; `data:` lines are joined with LF; `:` lines are comments (pings).
 */

/** One whole event: its `data` (null when it had none: a ping, a `retry:`), its `id`, and whether it held a comment (`: ping`). */
export interface SseEvent {
  readonly data: string | null;
  readonly id: string | null;
  readonly comment: boolean;
}

/** An event past the bound: the stream is dropped. `id` is the event's id when its `id:` line came first. */
export class EventTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly id: string | null,
  ) {
    super(`a live-stream event is over ${limit} bytes`);
  }
}

const LF = 0x0a;
const CR = 0x0d;

export class SseReader {
  /** The current line's bytes so far (it has not ended yet). */
  private line: Uint8Array[] = [];
  private lineBytes = 0;
  /** Bytes of the current event so far (its ended lines). */
  private eventBytes = 0;
  private data: string[] = [];
  private id: string | null = null;
  private comment = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxEventBytes: number) {}

  /** The whole events this chunk completes, in order. Throws EventTooLarge past the bound. */
  push(chunk: Uint8Array): SseEvent[] {
    const events: SseEvent[] = [];
    let from = 0;
    while (from < chunk.length) {
      const end = chunk.indexOf(LF, from);
      if (end < 0) {
        this.keep(chunk.subarray(from));
        break;
      }
      this.keep(chunk.subarray(from, end));
      from = end + 1;
      const event = this.endLine();
      if (event) events.push(event);
    }
    return events;
  }

  private keep(part: Uint8Array): void {
    if (part.length === 0) return;
    this.lineBytes += part.length;
    if (this.eventBytes + this.lineBytes > this.maxEventBytes) throw new EventTooLarge(this.maxEventBytes, this.id);
    // Copied: the chunk's buffer may be reused by the stream.
    this.line.push(part.slice());
  }

  private endLine(): SseEvent | null {
    let bytes = this.line.length === 1 ? this.line[0]! : Buffer.concat(this.line, this.lineBytes);
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    this.eventBytes += this.lineBytes + 1;
    this.line = [];
    this.lineBytes = 0;
    if (bytes.length === 0) {
      // An empty line: the event is whole.
      const event: SseEvent = { data: this.data.length > 0 ? this.data.join('\n') : null, id: this.id, comment: this.comment };
      this.data = [];
      this.id = null;
      this.comment = false;
      this.eventBytes = 0;
      return event;
    }
    const text = this.decoder.decode(bytes);
    if (text.startsWith(':')) {
      this.comment = true; // a ping
      return null;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'id') this.id = value.trim();
    return null;
  }
}
