/**
 * The sync client of PROTOCOL.md. Pushes the outbox in order, pulls the district's ops after its
 * cursor, follows the live stream (falling back to pulling), and applies remote ops through the
 * event service's lifecycle (no second write path). Never loses an op: the outbox row stays until
 * the server has answered for it; a rejected or quarantined op stays, visible, with its reason.
 */
import type { ChangeFeed } from '../feed';
import { SYSTEM } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { Kernel } from '../kernel/command-runner';
import { getMeta, setMeta } from '../kernel/meta.repository';
import { outboxCounts, outboxProblems, pendingOps, quarantineOutboxOp, recordAnswers, type OutboxRow } from '../kernel/outbox.repository';
import { DistrictHttp, HttpFailure } from './sync-http';
import { CURSOR_KEY, STALE, SyncInbox, type RemoteEvents, type ServerRecord, type UpsertSink } from './sync-inbox';
import { inboxProblemCount, inboxProblems } from './sync.repository';

export type { UpsertSink } from './sync-inbox';

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

interface PushResult {
  opId: string;
  status: 'applied' | 'duplicate' | 'rejected';
  firstStatus?: 'applied' | 'rejected';
  reason?: string;
  message?: string;
  version?: number;
  serverSeq?: number;
}

export class SyncWorker {
  private state: SyncState = 'idle';
  private streaming = false;
  private lastError: string | null = null;
  private lastSuccessAt: string | null = null;
  private offlineSince: number | null = null;
  private running = false;
  private wakeUp: (() => void) | null = null;
  private dirty = true;
  private stream: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private readonly http: DistrictHttp;
  private readonly inbox: SyncInbox;
  private readonly o: Required<Omit<SyncOptions, 'fetch'>>;
  private unsubscribe: (() => void) | null = null;
  /** What the UI last heard of the status (state, stream, error): a 'sync' feed message goes out when it changes. */
  private announcedStatus = '';
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  /** The outage (its offlineSince) the leader was already alarmed for, and the timer that will alarm for this one. */
  private alarmedFor: number | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly kernel: Kernel,
    events: RemoteEvents,
    private readonly feed: ChangeFeed,
    private readonly clock: Clock,
    private readonly nodeId: string,
    options: SyncOptions,
  ) {
    this.o = {
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
    this.http = new DistrictHttp(this.o, options.fetch ?? fetch);
    this.inbox = new SyncInbox(
      kernel,
      events,
      nodeId,
      async () => (await this.http.request('GET', '/snapshot')) as { cursor: string; entities: ServerRecord[] },
      () => this.statusChanged(true),
    );
  }

  /**
   * The feature that owns an entity takes its upserts once they are folded into the sync record.
   * Registered before start() (app-core: construct → register → start).
   */
  setUpsertSink(entity: string, sink: UpsertSink): void {
    this.inbox.setUpsertSink(entity, sink);
  }

  // ---- push ----------------------------------------------------------------------------------

  /** Pushes every pending op; returns how many the server answered for. */
  async push(): Promise<number> {
    let answered = 0;
    let batchSize = this.o.batchSize;
    for (;;) {
      const { rows, nextWireSeq } = await this.kernel.read(async (sql) => ({
        rows: await pendingOps(sql, batchSize),
        nextWireSeq: Number((await getMeta(sql, 'sync_wire_seq')) ?? '0') + 1,
      }));
      if (rows.length === 0) return answered;
      const ops = rows.map((r, i) => ({
        opId: r.op_id,
        nodeId: this.nodeId,
        seq: nextWireSeq + i,
        hlc: r.hlc,
        entity: r.entity,
        entityId: r.entity_id,
        kind: r.kind,
        ...(r.action ? { action: r.action } : {}),
        ...(r.base_version !== null ? { baseVersion: r.base_version } : {}),
        payload: JSON.parse(r.payload) as Record<string, unknown>,
        at: r.at,
      }));
      let results: PushResult[];
      try {
        const body = (await this.http.request('POST', '/ops', { nodeId: this.nodeId, ops })) as { results: PushResult[] };
        results = body.results;
      } catch (error) {
        if (!(error instanceof HttpFailure)) throw error;
        if (error.status === 413 && batchSize > 1) {
          batchSize = Math.max(1, Math.floor(batchSize / 2));
          continue;
        }
        if (error.status === 409) {
          const expected = Number((error.body as { expectedSeq?: unknown } | null)?.expectedSeq);
          if (!Number.isInteger(expected) || expected < 1) throw error;
          await this.kernel.run({ name: 'sync.resendFrom', actor: SYSTEM, audit: false }, ({ sql }) => setMeta(sql, 'sync_wire_seq', String(expected - 1)));
          continue;
        }
        if (error.status === 400) {
          await this.quarantine(rows, error.body);
          continue;
        }
        throw error;
      }
      if (!Array.isArray(results) || results.length !== rows.length) throw new Error('push answer does not match the batch');
      let rejected = false;
      await this.kernel.run({ name: 'sync.answers', actor: SYSTEM, audit: false }, async ({ sql }) => {
        const answers: [number, 'sent' | 'rejected', string, number, number | null][] = [];
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          const r = results[i]!;
          const status = r.status === 'duplicate' ? (r.firstStatus ?? 'applied') : r.status;
          if (status === 'rejected') {
            // Our local change did not happen at the server: the entity goes back to the server's record
            // (now, or once its other pending ops are answered; the mark survives a restart).
            rejected = true;
            await setMeta(sql, `${STALE}${row.entity}:${row.entity_id}`, '1');
          }
          answers.push([row.seq, status === 'rejected' ? 'rejected' : 'sent', JSON.stringify(r), nextWireSeq + i, r.serverSeq ?? null]);
        }
        // The whole batch's answers in one statement per 100 rows (one statement per op cost more than
        // the server's work on the batch).
        await recordAnswers(sql, answers);
        await setMeta(sql, 'sync_wire_seq', String(nextWireSeq + rows.length - 1));
      });
      for (let i = 0; i < rows.length; i++) {
        const serverSeq = results[i]!.serverSeq;
        if (typeof serverSeq === 'number') this.inbox.noteOwn(`${rows[i]!.entity}:${rows[i]!.entity_id}`, serverSeq);
      }
      answered += rows.length;
      this.statusChanged(true); // pending / rejected counts moved
      if (rejected) this.inbox.markStaleSoon();
      // Stale entities whose last pending op was just answered can be reset now.
      await this.inbox.resetStale();
    }
  }

  /** A 400 names the offending ops: keep them aside (visible), send the rest. */
  private async quarantine(rows: OutboxRow[], body: unknown): Promise<void> {
    const problems = Array.isArray((body as { ops?: unknown } | null)?.ops) ? (body as { ops: { index?: number; opId?: string; message?: string }[] }).ops : [];
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? 'malformed request';
    const offending = new Map<number, string>();
    for (const p of problems) {
      const row = typeof p.index === 'number' ? rows[p.index] : rows.find((r) => r.op_id === p.opId);
      if (row) offending.set(row.seq, p.message ?? message);
    }
    // Without a named op, the first of the batch is held back so the rest can go on.
    if (offending.size === 0) offending.set(rows[0]!.seq, message);
    await this.kernel.run({ name: 'sync.quarantine', actor: SYSTEM, audit: false }, async ({ sql, emit }) => {
      for (const [seq, why] of offending) await quarantineOutboxOp(sql, seq, why);
      emit({ topic: 'alarms' });
    });
    this.statusChanged(true);
  }

  // ---- pull ----------------------------------------------------------------------------------

  /** Pulls and applies every op after the cursor; returns how many were applied here. */
  async pull(): Promise<number> {
    let applied = 0;
    const cursor = await this.inbox.cursor();
    let next = this.fetchPage(cursor);
    for (;;) {
      const page = await next;
      const more = page.more && page.ops.length > 0;
      if (more) {
        // Ask for the following page while this one is applied: the server's work and the network
        // overlap with our SQLite work instead of taking turns with it.
        next = this.fetchPage(page.cursor);
        next.catch(() => undefined); // awaited on the next turn; never an unhandled rejection
      }
      applied += await this.inbox.applyPage(page.ops, page.cursor);
      if (!more) {
        this.inbox.pruneOwnAhead(Number(page.cursor));
        return applied;
      }
    }
  }

  private async fetchPage(after: string | null): Promise<{ ops: unknown[]; cursor: string; more: boolean }> {
    const query = new URLSearchParams({ limit: String(this.o.pullLimit) });
    if (after) query.set('after', after);
    const page = (await this.http.request('GET', `/ops?${query.toString()}`)) as { ops?: unknown; cursor?: unknown; more?: unknown } | null;
    if (!page || !Array.isArray(page.ops) || typeof page.cursor !== 'string' || !/^\d{1,15}$/.test(page.cursor)) {
      throw new Error('the district answered a pull with something that is not a page of ops');
    }
    return { ops: page.ops, cursor: page.cursor, more: page.more === true };
  }

  // ---- the loop ------------------------------------------------------------------------------

  /** One round: push everything, then pull everything. Throws on network/HTTP failure. */
  async syncOnce(): Promise<{ pushed: number; pulled: number }> {
    const pushed = await this.push();
    const pulled = await this.pull();
    return { pushed, pulled };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // A manual clock jumped (drills, tests): an outage may have run past the alarm time.
    this.unsubscribe = this.feed.subscribe((m) => {
      if (m.topic === 'clock') this.watchOffline();
    });
    this.loop = this.run();
  }

  /** Something was written to the outbox (the kernel calls this after each such commit): push now. */
  poke(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        this.dirty = false;
        await this.syncOnce();
        this.markSuccess();
        failures = 0;
        // One stream at a time: `stream` is set from the moment one is being opened.
        if (this.o.live && !this.stream) void this.follow();
        if (!this.dirty) await this.sleep(this.streaming ? this.o.pollIntervalMs * 6 : this.o.pollIntervalMs);
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        if (error instanceof HttpFailure && (error.status === 401 || error.status === 403)) {
          this.state = 'unauthorized';
          this.lastError = `district refused this console (${error.status}); check the token and town code`;
          // Refused is cut off too: the outage clock runs (and alarms) until someone fixes the token.
          if (this.offlineSince === null) this.offlineSince = this.clock.now().getTime();
          this.watchOffline();
          this.statusChanged();
          this.feed.emit({ topic: 'alarms' });
          break;
        }
        this.markOffline(error);
        const backoff = Math.min(this.o.maxBackoffMs, 500 * 2 ** Math.min(failures, 10));
        const wait = error instanceof HttpFailure && error.retryAfterMs !== null ? error.retryAfterMs : backoff / 2 + Math.random() * (backoff / 2);
        await this.sleep(wait);
      }
    }
  }

  /** Follows the live stream; applies each op as it comes; returns when the stream ends. */
  private async follow(): Promise<void> {
    const controller = new AbortController();
    this.stream = controller;
    // Watchdog: opening, and then every silence, may last streamIdleMs at most.
    let idle: ReturnType<typeof setTimeout> | null = null;
    const alive = (): void => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), this.o.streamIdleMs);
      idle.unref?.();
    };
    alive();
    try {
      const body = await this.http.stream(await this.inbox.cursor(), controller.signal);
      this.streaming = true;
      this.statusChanged();
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
            // A ping (or the retry field): the district is still there. Only freshens the time; being
            // connected again is for a whole round of push and pull to say.
            if (this.state === 'connected') this.lastSuccessAt = this.clock.now().toISOString();
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
          await this.inbox.applyPage(ops, last !== null ? String(last) : '0');
          this.markSuccess();
        }
      }
    } catch {
      // The stream dropped: the loop falls back to pulling and reopens it.
    } finally {
      if (idle) clearTimeout(idle);
      this.streaming = false;
      if (this.stream === controller) this.stream = null;
      this.statusChanged();
      this.poke();
    }
  }

  private markSuccess(): void {
    this.state = 'connected';
    this.lastError = null;
    this.lastSuccessAt = this.clock.now().toISOString();
    this.offlineSince = null;
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    this.statusChanged();
  }

  private markOffline(error: unknown): void {
    const now = this.clock.now().getTime();
    if (this.offlineSince === null) this.offlineSince = now;
    this.state = 'offline';
    this.lastError = error instanceof HttpFailure ? `district answered ${error.status}` : error instanceof Error ? error.message : String(error);
    this.watchOffline();
    this.statusChanged();
  }

  /**
   * Tells the UI (feed topic 'sync') that the status changed: at once-ish, and at most once per
   * 200 ms however often the stream succeeds. `counts` also announces when only the outbox counts moved.
   */
  private statusChanged(counts = false): void {
    const key = `${this.state}|${this.streaming}|${this.lastError ?? ''}`;
    if (!counts && key === this.announcedStatus) return;
    this.announcedStatus = key;
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.feed.emit({ topic: 'sync' });
    }, 200);
    this.statusTimer.unref?.();
  }

  /**
   * While the desk is cut off, alarms the leader once the outage passes offlineAlarmMs (one alarm per
   * outage, kind 'sync_offline'): checked when it starts, on a timer for the rest, and after clock jumps.
   */
  private watchOffline(): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    const since = this.offlineSince;
    if (since === null || !this.running || this.alarmedFor === since || this.o.offlineAlarmMs <= 0) return;
    const left = this.o.offlineAlarmMs - this.offlineForMs();
    if (left <= 0) {
      void this.raiseOfflineAlarm(since);
      return;
    }
    this.offlineTimer = setTimeout(() => this.watchOffline(), Math.min(left + 50, 2 ** 31 - 1));
    this.offlineTimer.unref?.();
  }

  private async raiseOfflineAlarm(since: number): Promise<void> {
    this.alarmedFor = since;
    const at = this.clock.now().toISOString();
    const sinceIso = new Date(since).toISOString();
    try {
      await this.kernel.run({ name: 'sync.offlineAlarm', actor: SYSTEM, audit: false }, async (tx) => {
        const raised = await tx.raiseAlarm({
          key: `sync_offline:${sinceIso}`,
          kind: 'sync_offline',
          eventId: null,
          detail: { since: sinceIso, alarmMs: String(this.o.offlineAlarmMs), state: this.state, error: this.lastError ?? '' },
          at,
        });
        if (raised) tx.emit({ topic: 'alarms' });
      });
    } catch (error) {
      // The database is closing (or busy): try again on the next check.
      if (this.alarmedFor === since) this.alarmedFor = null;
      if (this.running) console.error('could not raise the offline alarm', error);
    }
  }

  /** How long the desk has been cut off, in ms (0 when connected). */
  offlineForMs(): number {
    return this.offlineSince === null ? 0 : this.clock.now().getTime() - this.offlineSince;
  }

  get offlineAlarmMs(): number {
    return this.o.offlineAlarmMs;
  }

  async status(): Promise<SyncStatus> {
    const { counts, pulled, cursor } = await this.kernel.read(async (sql) => ({
      counts: await outboxCounts(sql),
      pulled: await inboxProblemCount(sql),
      cursor: (await getMeta(sql, CURSOR_KEY)) ?? '0',
    }));
    return {
      configured: true,
      state: this.state,
      streaming: this.streaming,
      lastSuccessAt: this.lastSuccessAt,
      pending: counts.pending,
      rejected: counts.rejected,
      // Ours held back, and the district's that could not be applied here.
      quarantined: counts.quarantined + pulled,
      cursor,
      lastError: this.lastError,
    };
  }

  /** Our ops the district refused or could not read, and its ops that could not be applied here; newest first. */
  async problems(limit = 200): Promise<ProblemOp[]> {
    const { pushed, pulled } = await this.kernel.read(async (sql) => ({ pushed: await outboxProblems(sql, limit), pulled: await inboxProblems(sql, limit) }));
    const ours = pushed.map((r): ProblemOp => {
      const result = r.result ? (JSON.parse(r.result) as { reason?: string; message?: string }) : {};
      return {
        seq: r.seq,
        opId: r.op_id,
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action,
        status: r.status,
        reason: result.reason ?? 'invalid',
        message: result.message ?? '',
        at: r.at,
        direction: 'push',
      };
    });
    const theirs = pulled.map((r): ProblemOp => ({
      seq: r.seq,
      opId: r.op_id ?? '',
      entity: r.entity ?? '',
      entityId: r.entity_id ?? '',
      action: r.action,
      status: 'quarantined',
      reason: r.reason,
      message: r.message,
      at: r.at,
      direction: 'pull',
    }));
    return [...ours, ...theirs].sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0)).slice(0, limit);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.state = 'stopped';
    this.statusChanged();
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    this.unsubscribe?.();
    this.stream?.abort();
    this.wakeUp?.();
    await this.loop;
  }
}
