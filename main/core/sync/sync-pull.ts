/**
 * The pull half of the sync client: the district's ops after the cursor, page by page (the next page
 * asked for while this one is applied), and the live stream (SSE) that brings them as they happen,
 * each chunk's whole events applied in one page. Applying is the inbox's (sync-inbox.ts).
 */
import type { DistrictHttp } from './sync-http';
import type { SyncInbox } from './sync-inbox';
import type { SyncLink } from './sync-status';

/** Pulls and applies every op after the cursor; returns how many were applied here. */
export async function pullAll(http: DistrictHttp, inbox: SyncInbox, pullLimit: number): Promise<number> {
  let applied = 0;
  const cursor = await inbox.cursor();
  let next = fetchPage(http, pullLimit, cursor);
  for (;;) {
    const page = await next;
    const more = page.more && page.ops.length > 0;
    if (more) {
      // Ask for the following page while this one is applied: the server's work and the network
      // overlap with our SQLite work instead of taking turns with it.
      next = fetchPage(http, pullLimit, page.cursor);
      next.catch(() => undefined); // awaited on the next turn; never an unhandled rejection
    }
    applied += await inbox.applyPage(page.ops, page.cursor);
    if (!more) {
      inbox.pruneOwnAhead(Number(page.cursor));
      return applied;
    }
  }
}

async function fetchPage(http: DistrictHttp, pullLimit: number, after: string | null): Promise<{ ops: unknown[]; cursor: string; more: boolean }> {
  const query = new URLSearchParams({ limit: String(pullLimit) });
  if (after) query.set('after', after);
  const page = (await http.request('GET', `/ops?${query.toString()}`)) as { ops?: unknown; cursor?: unknown; more?: unknown } | null;
  if (!page || !Array.isArray(page.ops) || typeof page.cursor !== 'string' || !/^\d{1,15}$/.test(page.cursor)) {
    throw new Error('the district answered a pull with something that is not a page of ops');
  }
  return { ops: page.ops, cursor: page.cursor, more: page.more === true };
}

export interface StreamFollower {
  readonly http: DistrictHttp;
  readonly inbox: SyncInbox;
  readonly link: SyncLink;
  /** Give the stream up after this long without a byte (or without opening). */
  readonly streamIdleMs: number;
  /** The stream ended (dropped, aborted or given up): called last, once. */
  ended(): void;
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
  try {
    const body = await f.http.stream(await f.inbox.cursor(), controller.signal);
    f.link.setStreaming(true);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      alive();
      buffer += decoder.decode(chunk, { stream: true });
      // Every whole event of the chunk is applied in one transaction: a busy stream (or its backlog)
      // brings many at once, and one fsync'd transaction per op would fall behind.
      const ops: unknown[] = [];
      let last: number | null = null;
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const lines = block.split('\n');
        const data = lines
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        const id = lines
          .find((line) => line.startsWith('id:'))
          ?.slice(3)
          .trim();
        if (!data) {
          // A ping (or the retry field): the district is still there.
          f.link.heardFrom();
          continue;
        }
        // An event that is not JSON is kept as a problem like any malformed op (its id moves the cursor past it).
        let op: unknown;
        try {
          op = JSON.parse(data);
        } catch {
          op = { unreadable: data.slice(0, 200), ...(id && /^\d+$/.test(id) ? { serverSeq: Number(id) } : {}) };
        }
        ops.push(op);
        const seq = (op as { serverSeq?: unknown } | null)?.serverSeq;
        if (typeof seq === 'number' && Number.isInteger(seq) && seq > 0) last = Math.max(last ?? 0, seq);
      }
      if (ops.length > 0) {
        await f.inbox.applyPage(ops, last !== null ? String(last) : '0');
        f.link.markSuccess();
      }
    }
  } catch {
    // The stream dropped: the loop falls back to pulling and reopens it.
  } finally {
    if (idle) clearTimeout(idle);
    f.link.setStreaming(false);
    f.ended();
  }
}
