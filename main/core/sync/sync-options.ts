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
  fetch?: typeof fetch;
}

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
}
