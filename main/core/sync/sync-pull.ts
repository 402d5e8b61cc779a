/**
 * The pull half of the sync client: the district's ops after the cursor, page by page (the next page
 * asked for while this one is applied), and the live stream (SSE) that brings them as they happen,
 * each chunk's whole events applied in one page. Applying is the inbox's (sync-inbox.ts).
 *
 * Neither trusts the district (PROTOCOL.md v1.1): a page is read up to maxPageBytes and abandoned past
 * it (asked again with a smaller `limit`, which stays small for a while); a page that says `more` but
 * does not move the cursor is a stuck cursor (reported; the loop backs off); a stream event is read
 * up to maxEventBytes (past it the stream is dropped, reported, and reopened with backoff; the pull
 * brings the op within its own bound meanwhile).
 */
import type { SyncConditionKind } from './sync-options';
import { BodyTooLarge, type DistrictHttp } from './sync-http';
import type { SyncInbox } from './sync-inbox';
import { EventTooLarge, SseReader } from './sync-sse';
import type { SyncLink } from './sync-status';

/** The district answered in a way the client will not follow (reported as a condition already); the caller backs off. */
export class DistrictMisbehaved extends Error {
  constructor(
    readonly kind: SyncConditionKind,
    message: string,
  ) {
    super(message);
  }
}

/** A page limit cut down by an oversize page stays cut this long before the full limit is tried again. */
export const PAGE_LIMIT_RECOVERY_MS = 15 * 60_000;

interface Page {
  ops: unknown[];
  cursor: string;
  more: boolean;
}

export class Puller {
  /** The `limit` asked for: pullLimit, halved by each oversize page. */
  private limit: number;
  private cutAt = 0;

  constructor(
    private readonly http: DistrictHttp,
    private readonly inbox: SyncInbox,
    private readonly link: SyncLink,
    private readonly o: { readonly pullLimit: number; readonly maxPageBytes: number },
  ) {
    this.limit = o.pullLimit;
  }

  /** Pulls and applies every op after the cursor; returns how many were applied here. */
  async pullAll(): Promise<number> {
    if (this.limit < this.o.pullLimit && Date.now() - this.cutAt > PAGE_LIMIT_RECOVERY_MS) this.limit = this.o.pullLimit;
    let applied = 0;
    let oversize = false;
    let after = await this.inbox.cursor();
    let next = this.fetchPage(after);
    for (;;) {
      let page: Page;
      try {
        page = await next;
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        oversize = true;
        this.link.conditions.report('page_too_large', `a page of limit ${this.limit} after ${after ?? '0'} was over ${error.limit} bytes`);
        if (this.limit <= 1) throw new DistrictMisbehaved('page_too_large', `one op after ${after ?? '0'} is over ${error.limit} bytes`);
        this.limit = Math.max(1, Math.floor(this.limit / 2));
        this.cutAt = Date.now();
        next = this.fetchPage(after);
        continue;
      }
      const from = Number(after ?? '0');
      // `more` promises an op after the returned cursor: a page that says so must bring ops and move
      // the cursor, or asking again gets the same answer (thousands of times a second).
      if (page.more && (Number(page.cursor) <= from || page.ops.length === 0)) {
        this.link.conditions.report('stuck_cursor', `more: true with cursor ${page.cursor} after ${from} (${page.ops.length} ops)`);
        // Nothing of it is applied: without a cursor to move past them, its ops would be applied again
        // on the next ask.
        throw new DistrictMisbehaved('stuck_cursor', `the district keeps answering more: true with cursor ${page.cursor} after ${from}`);
      }
      if (page.more) {
        // Ask for the following page while this one is applied: the server's work and the network
        // overlap with our SQLite work instead of taking turns with it.
        next = this.fetchPage(page.cursor);
        next.catch(() => undefined); // awaited on the next turn; never an unhandled rejection
      }
      applied += await this.inbox.applyPage(page.ops, page.cursor);
      after = page.cursor;
      if (!page.more) {
        this.inbox.pruneOwnAhead(Number(page.cursor));
        this.link.conditions.clear('stuck_cursor');
        if (!oversize) this.link.conditions.clear('page_too_large');
        return applied;
      }
    }
  }

  private async fetchPage(after: string | null): Promise<Page> {
    const query = new URLSearchParams({ limit: String(this.limit) });
    if (after) query.set('after', after);
    const page = (await this.http.request('GET', `/ops?${query.toString()}`, undefined, this.o.maxPageBytes)) as { ops?: unknown; cursor?: unknown; more?: unknown } | null;
    if (!page || !Array.isArray(page.ops) || typeof page.cursor !== 'string' || !/^\d{1,15}$/.test(page.cursor)) {
      throw new Error('the district answered a pull with something that is not a page of ops');
    }
    return { ops: page.ops, cursor: page.cursor, more: page.more === true };
  }
}

export interface StreamFollower {
  readonly http: DistrictHttp;
  readonly inbox: SyncInbox;
  readonly link: SyncLink;
  /** Give the stream up after this long without a byte (or without opening). */
  readonly streamIdleMs: number;
  /** The most kept of one event. */
  readonly maxEventBytes: number;
  /** The stream ended (dropped, aborted or given up; `refused`: it sent an event over the bound): called last, once. */
  ended(refused: boolean): void;
}

/** Follows the live stream; applies each op as it comes; returns when the stream ends. */
export async function followStream(f: StreamFollower, controller: AbortController): Promise<void> {
  // Watchdog: opening, and then every silence, may last streamIdleMs at most.
  let idle: ReturnType<typeof setTimeout> | null = null;
  const alive = (): void => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => controller.abort(), f.streamIdleMs);
    idle.unref?.();
  };
  alive();
  let refused = false;
  try {
    const body = await f.http.stream(await f.inbox.cursor(), controller.signal);
    f.link.setStreaming(true);
    const reader = new SseReader(f.maxEventBytes);
    for await (const chunk of body) {
      alive();
      // Every whole event of the chunk is applied in one transaction: a busy stream (or its backlog)
      // brings many at once, and one fsync'd transaction per op would fall behind.
      const ops: unknown[] = [];
      let last: number | null = null;
      let events;
      try {
        events = reader.push(chunk);
      } catch (error) {
        if (!(error instanceof EventTooLarge)) throw error;
        // Nothing more of it is read: the stream goes, and the pull brings the op (within its own bound).
        refused = true;
        f.link.conditions.report('event_too_large', `an event${error.id ? ` (id ${error.id})` : ''} over ${error.limit} bytes`);
        controller.abort();
        return;
      }
      for (const event of events) {
        if (event.data === null) {
          // A ping (or the retry field): the district is still there, and the stream works again.
          f.link.heardFrom();
          if (event.comment) f.link.conditions.clear('event_too_large');
          continue;
        }
        // An event that is not JSON is kept as a problem like any malformed op (its id moves the cursor past it).
        let op: unknown;
        try {
          op = JSON.parse(event.data);
        } catch {
          op = { unreadable: event.data.slice(0, 200), ...(event.id && /^\d+$/.test(event.id) ? { serverSeq: Number(event.id) } : {}) };
        }
        ops.push(op);
        const seq = (op as { serverSeq?: unknown } | null)?.serverSeq;
        if (typeof seq === 'number' && Number.isInteger(seq) && seq > 0) last = Math.max(last ?? 0, seq);
      }
      if (ops.length > 0) {
        await f.inbox.applyPage(ops, last !== null ? String(last) : '0');
        f.link.markSuccess();
        f.link.conditions.clear('event_too_large');
      }
    }
  } catch {
    // The stream dropped: the loop falls back to pulling and reopens it.
  } finally {
    if (idle) clearTimeout(idle);
    f.link.setStreaming(false);
    f.ended(refused);
  }
}
