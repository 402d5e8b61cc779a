/** What the sync worker is configured with, and what it tells about itself (status, problem ops). */

export interface SyncOptions {
  /** Base URL, e.g. http://127.0.0.1:8080 (the paths /v1/towns/… are appended). */
  upstream: string;
  token: string;
  townCode: string;
  /** Ops per push (the protocol's cap is 500). */
  batchSize?: number;
  /** Ops per pull page. */
  pullLimit?: number;
  /** Give up a request after this long. */
  requestTimeoutMs?: number;
  /** Follow the live stream (SSE); otherwise poll. */
  live?: boolean;
  /** How often to poll when the stream is down. */
  pollIntervalMs?: number;
  /** Longest backoff between failed attempts. */
  maxBackoffMs?: number;
  /** Alarm the leader when the desk has been cut off from the district this long. */
  offlineAlarmMs?: number;
  /**
   * Give the live stream up (and reopen it) when nothing at all, not even the server's `: ping`
   * (every 15 s), arrived for this long, or it did not open within it: a half-open connection
   * otherwise looks alive forever.
   */
  streamIdleMs?: number;
  /** The first backoff after a failure (it doubles per failure in a row, up to maxBackoffMs). */
  minBackoffMs?: number;
  /**
   * PROTOCOL.md v1.1 bounds on what the district sends: one SSE event (default 1 MiB; larger: the
   * stream is dropped and resumed with backoff) and one pull page (default 32 MiB; larger: the request
   * is abandoned and asked again with a smaller `limit`). Read as streams, never whole.
   */
  maxEventBytes?: number;
  maxPageBytes?: number;
  /**
   * Alarm the leader when a condition of a misbehaving district (an oversize event or page, a stuck
   * cursor, an op whose hlc is too far ahead, quarantined ops) has lasted this long (0: never).
   */
  problemAlarmMs?: number;
  fetch?: typeof fetch;
}

/** PROTOCOL.md v1.1: the most a client reads of one SSE event, and of one pull page. */
export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_PAGE_BYTES = 32 * 1024 * 1024;

/** The options with every default filled in. */
export type SyncSettings = Required<Omit<SyncOptions, 'fetch'>>;

export function syncSettings(options: SyncOptions): SyncSettings {
  return {
    upstream: options.upstream.replace(/\/+$/, ''),
    token: options.token,
    townCode: options.townCode,
    batchSize: Math.min(options.batchSize ?? 500, 500),
    pullLimit: options.pullLimit ?? 500,
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    live: options.live ?? true,
    pollIntervalMs: options.pollIntervalMs ?? 10_000,
    maxBackoffMs: options.maxBackoffMs ?? 30_000,
    offlineAlarmMs: options.offlineAlarmMs ?? 10 * 60_000,
    streamIdleMs: options.streamIdleMs ?? 45_000,
    minBackoffMs: options.minBackoffMs ?? 500,
    maxEventBytes: options.maxEventBytes ?? MAX_EVENT_BYTES,
    maxPageBytes: options.maxPageBytes ?? MAX_PAGE_BYTES,
    problemAlarmMs: options.problemAlarmMs ?? 10 * 60_000,
  };
}

export type SyncState = 'idle' | 'connected' | 'offline' | 'unauthorized' | 'stopped';

export interface SyncStatus {
  readonly configured: boolean;
  readonly state: SyncState;
  readonly streaming: boolean;
  readonly lastSuccessAt: string | null;
  readonly pending: number;
  readonly rejected: number;
  readonly quarantined: number;
  readonly cursor: string;
  readonly lastError: string | null;
  /** What is wrong with the district's answers now (the officer sees each; the leader is alarmed past problemAlarmMs). */
  readonly conditions: SyncCondition[];
  readonly problemAlarmMs: number;
}

/**
 * A way the district is misbehaving (or was, until it clears):
 * - `event_too_large`: a live-stream event over maxEventBytes (the stream was dropped);
 * - `page_too_large`: a pull page over maxPageBytes (abandoned; asked again with a smaller limit);
 * - `stuck_cursor`: a pull answered `more: true` without moving the cursor (pulling backs off);
 * - `hlc_ahead`: district ops whose hlc is more than 5 minutes ahead of this console's clock (quarantined);
 * - `quarantined`: other ops set aside (ours the district could not read, its ops we could not apply).
 */
export type SyncConditionKind = 'event_too_large' | 'page_too_large' | 'stuck_cursor' | 'hlc_ahead' | 'quarantined';

export interface SyncCondition {
  readonly kind: SyncConditionKind;
  /** Since when it lasts (ISO): the alarm goes off problemAlarmMs after it. */
  readonly since: string;
  /** How many times it was met (events, pages, stuck answers) or how many ops it holds. */
  readonly count: number;
  /** Facts for the log (sizes, cursors), not for the officer: the UI words each kind itself. */
  readonly detail: string;
}

export interface ProblemOp {
  readonly seq: number;
  readonly opId: string;
  readonly entity: string;
  readonly entityId: string;
  readonly action: string | null;
  readonly status: 'rejected' | 'quarantined';
  readonly reason: string;
  readonly message: string;
  readonly at: string;
  readonly direction: 'push' | 'pull';
  /** The op's hlc (to say how far ahead of this console's clock one quarantined as `hlc_ahead` was). */
  readonly hlc: string | null;
  /** The title the op carries (a district op set aside here: its event is not on this console). */
  readonly title: string | null;
}

/**
 * Bounded exponential backoff with jitter: the n-th failure in a row waits between half and all of
 * min(max, min·2ⁿ). `random` is Math.random (a test passes 0 or 1 for the two ends).
 */
export function backoffMs(failures: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const backoff = Math.min(maxMs, minMs * 2 ** Math.min(Math.max(failures, 0), 20));
  return backoff / 2 + random() * (backoff / 2);
}
