/**
 * The sync client of PROTOCOL.md. Pushes the outbox in order, pulls the district's ops after its
 * cursor, follows the live stream (falling back to pulling), and applies remote ops through the
 * event service's lifecycle (no second write path). Never loses an op: the outbox row stays until
 * the server has answered for it; a rejected or quarantined op stays, visible, with its reason.
 */
import { AlarmService } from '../alarms/alarm.service';
import type { Clock } from '../kernel/clock';
import type { Db, Sql } from '../db/db';
import type { EventService, RemoteOp } from '../events/event.service';
import type { ChangeFeed } from '../feed';

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
}

interface OutboxRow {
  seq: number;
  op_id: string;
  entity: string;
  entity_id: string;
  kind: 'action' | 'upsert';
  action: string | null;
  base_version: number | null;
  payload: string;
  hlc: string;
  at: string;
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

interface ServerOp extends RemoteOp {
  serverSeq: number;
  seq: number;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly retryAfterMs: number | null,
  ) {
    super(`HTTP ${status}`);
  }
}

async function meta(sql: Sql, key: string): Promise<string | null> {
  return (await sql.get<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, [key]))?.value ?? null;
}

async function setMeta(sql: Sql, key: string, value: string): Promise<void> {
  await sql.run(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [key, value]);
}

/**
 * meta keys `sync_stale:<entity>:<id>`: the entity must be brought back to the server's record (a
 * rejection, a divergence, or local and remote ops folded in another order than the server's). Kept
 * in the database, in the same transaction that finds it, so a restart cannot forget it.
 */
const STALE = 'sync_stale:';
/** Rows per UPDATE … FROM (VALUES …) of push answers (5 parameters a row). */
const ANSWER_ROWS = 100;
/** meta keys `sync_reset:<entity>:<id>` = the snapshot cursor an entity was reset to: its ops up to there are in. */
const RESET_AT = 'sync_reset:';
/** The end of a prefix range of meta keys (`:` + 1 = `;`), so the lookup is a range of the primary key. */
const rangeEnd = (prefix: string): string => `${prefix.slice(0, -1)};`;

async function metaRange(sql: Sql, prefix: string): Promise<Map<string, string>> {
  const rows = await sql.all<{ key: string; value: string }>(`SELECT key, value FROM meta WHERE key >= ? AND key < ?`, [prefix, rangeEnd(prefix)]);
  return new Map(rows.map((r) => [r.key.slice(prefix.length), r.value]));
}

async function pendingEntities(sql: Sql): Promise<Set<string>> {
  const rows = await sql.all<{ entity: string; entity_id: string }>(`SELECT DISTINCT entity, entity_id FROM outbox WHERE status = 'pending'`);
  return new Set(rows.map((r) => `${r.entity}:${r.entity_id}`));
}

/** Where the upserts of one entity go besides the sync record (see `setUpsertSink`). */
export interface UpsertSink {
  apply(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean>;
  changed(): Promise<void>;
}

export class SyncWorker {
  private state: SyncState = 'idle';
  private streaming = false;
  private lastError: string | null = null;
  private lastSuccessAt: string | null = null;
  private offlineSince: number | null = null;
  private running = false;
  private wake: (() => void) | null = null;
  private dirty = true;
  private stream: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private readonly fetch: typeof fetch;
  private readonly o: Required<Omit<SyncOptions, 'fetch'>>;
  private unsubscribe: (() => void) | null = null;
  /** Set while the worker itself announces remote changes: those must not wake the loop to push. */
  private announcing = false;
  /** Some entity may carry a stale mark (checked at start, after rejections and divergences). */
  private maybeStale = true;
  /**
   * Per entity, the highest serverSeq of this console's own applied ops that the cursor has not
   * passed yet: a remote op below it was folded in here after our op, at the server before it.
   * Loaded from the outbox on first use.
   */
  private ownAhead: Map<string, number> | null = null;
  private resets: Promise<void> = Promise.resolve();
  private readonly alarms: AlarmService;
  /** What the UI last heard of the status (state, stream, error): a 'sync' feed message goes out when it changes. */
  private announcedStatus = '';
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  /** The outage (its offlineSince) the leader was already alarmed for, and the timer that will alarm for this one. */
  private alarmedFor: number | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly feed: ChangeFeed,
    private readonly clock: Clock,
    private readonly nodeId: string,
    options: SyncOptions,
  ) {
    this.fetch = options.fetch ?? fetch;
    this.alarms = new AlarmService(db);
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
  }

  private url(path: string): string {
    return `${this.o.upstream}/v1/towns/${encodeURIComponent(this.o.townCode)}${path}`;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await this.fetch(this.url(path), {
      method,
      headers: { Authorization: `Bearer ${this.o.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.o.requestTimeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const retryAfter = response.headers.get('retry-after');
      const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
      throw new HttpFailure(response.status, parsed, Number.isFinite(seconds) ? seconds * 1000 : null);
    }
    return parsed;
  }

  // ---- push ----------------------------------------------------------------------------------

  /** Pushes every pending op; returns how many the server answered for. */
  async push(): Promise<number> {
    let answered = 0;
    let batchSize = this.o.batchSize;
    for (;;) {
      const { rows, nextWireSeq } = await this.db.read(async (sql) => ({
        rows: await sql.all<OutboxRow>(`SELECT seq, op_id, entity, entity_id, kind, action, base_version, payload, hlc, at FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?`, [batchSize]),
        nextWireSeq: Number((await meta(sql, 'sync_wire_seq')) ?? '0') + 1,
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
        const body = (await this.request('POST', '/ops', { nodeId: this.nodeId, ops })) as { results: PushResult[] };
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
          await this.db.write((sql) => setMeta(sql, 'sync_wire_seq', String(expected - 1)));
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
      await this.db.write(async (sql) => {
        const answers: unknown[] = [];
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
          answers.push(row.seq, status === 'rejected' ? 'rejected' : 'sent', JSON.stringify(r), nextWireSeq + i, r.serverSeq ?? null);
        }
        // The whole batch's answers in one statement per 100 rows (one statement per op cost more than
        // the server's work on the batch).
        for (let start = 0; start < rows.length; start += ANSWER_ROWS) {
          const n = Math.min(ANSWER_ROWS, rows.length - start);
          await sql.run(
            `UPDATE outbox SET status = v.column2, result = v.column3, wire_seq = v.column4, server_seq = v.column5
              FROM (VALUES ${new Array<string>(n).fill('(?, ?, ?, ?, ?)').join(', ')}) AS v WHERE outbox.seq = v.column1`,
            answers.slice(start * 5, (start + n) * 5),
          );
        }
        await setMeta(sql, 'sync_wire_seq', String(nextWireSeq + rows.length - 1));
      });
      if (this.ownAhead) {
        for (let i = 0; i < rows.length; i++) {
          const serverSeq = results[i]!.serverSeq;
          const key = `${rows[i]!.entity}:${rows[i]!.entity_id}`;
          if (typeof serverSeq === 'number' && serverSeq > (this.ownAhead.get(key) ?? 0)) this.ownAhead.set(key, serverSeq);
        }
      }
      answered += rows.length;
      this.statusChanged(true); // pending / rejected counts moved
      if (rejected) this.maybeStale = true;
      // Stale entities whose last pending op was just answered can be reset now.
      await this.resetStale();
    }
  }

  /** A 400 names the offending ops: keep them aside (visible), send the rest. */
  private async quarantine(rows: OutboxRow[], body: unknown): Promise<void> {
    const problems = Array.isArray((body as { ops?: unknown } | null)?.ops) ? ((body as { ops: { index?: number; opId?: string; message?: string }[] }).ops) : [];
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? 'malformed request';
    const offending = new Map<number, string>();
    for (const p of problems) {
      const row = typeof p.index === 'number' ? rows[p.index] : rows.find((r) => r.op_id === p.opId);
      if (row) offending.set(row.seq, p.message ?? message);
    }
    // Without a named op, the first of the batch is held back so the rest can go on.
    if (offending.size === 0) offending.set(rows[0]!.seq, message);
    await this.db.write(async (sql) => {
      for (const [seq, why] of offending) {
        await sql.run(`UPDATE outbox SET status = 'quarantined', result = ? WHERE seq = ?`, [JSON.stringify({ status: 'quarantined', reason: 'invalid', message: why }), seq]);
      }
    });
    this.feed.emit({ topic: 'alarms' });
    this.statusChanged(true);
  }

  // ---- pull ----------------------------------------------------------------------------------

  /** Pulls and applies every op after the cursor; returns how many were applied here. */
  async pull(): Promise<number> {
    let applied = 0;
    const cursor = await this.db.read((sql) => meta(sql, 'sync_cursor'));
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
      applied += await this.applyPage(page.ops, page.cursor);
      if (!more) {
        this.pruneOwnAhead(Number(page.cursor));
        return applied;
      }
    }
  }

  private async fetchPage(after: string | null): Promise<{ ops: ServerOp[]; cursor: string; more: boolean }> {
    const query = new URLSearchParams({ limit: String(this.o.pullLimit) });
    if (after) query.set('after', after);
    return (await this.request('GET', `/ops?${query.toString()}`)) as { ops: ServerOp[]; cursor: string; more: boolean };
  }

  /** Forgets our own ops the cursor has passed. */
  private pruneOwnAhead(cursor: number): void {
    if (!this.ownAhead) return;
    for (const [key, serverSeq] of this.ownAhead) if (serverSeq <= cursor) this.ownAhead.delete(key);
  }

  /** Applies a page of server ops and moves the cursor, in one transaction. */
  private async applyPage(ops: readonly ServerOp[], cursor: string): Promise<number> {
    const changed = new Set<string>();
    let stale = false;
    let applied = 0;
    await this.db.write(async (sql) => {
      const current = Number((await meta(sql, 'sync_cursor')) ?? '0');
      const fresh = ops.filter((op) => op.serverSeq > current); // stream and pull overlap
      if (fresh.length === 0) return;
      if (!this.ownAhead) {
        const rows = await sql.all<{ entity: string; entity_id: string; s: number }>(
          `SELECT entity, entity_id, MAX(server_seq) AS s FROM outbox WHERE status = 'sent' AND server_seq > ? GROUP BY entity, entity_id`,
          [current],
        );
        this.ownAhead = new Map(rows.map((r) => [`${r.entity}:${r.entity_id}`, Number(r.s)]));
      }
      const pendingOps = await sql.all<{ op_id: string; entity: string; entity_id: string }>(`SELECT op_id, entity, entity_id FROM outbox WHERE status = 'pending'`);
      const pendingIds = new Set(pendingOps.map((p) => p.op_id));
      const pendingFor = new Set(pendingOps.map((p) => `${p.entity}:${p.entity_id}`));
      const resetAt = await metaRange(sql, RESET_AT);
      const markStale = async (key: string): Promise<void> => {
        stale = true;
        await setMeta(sql, `${STALE}${key}`, '1');
      };
      // Our own ops this database has never seen: it was restored from a backup taken before them
      // (the outbox is never trimmed, so nothing else leaves an op of ours unknown here).
      const own = fresh.filter((op) => op.nodeId === this.nodeId).map((op) => op.opId);
      const knownOwn = new Set<string>();
      for (let i = 0; i < own.length; i += 500) {
        const chunk = own.slice(i, i + 500);
        const rows = await sql.all<{ op_id: string }>(`SELECT op_id FROM outbox WHERE op_id IN (${chunk.map(() => '?').join(',')})`, chunk);
        for (const r of rows) knownOwn.add(r.op_id);
      }
      // The page's events read once; their timeline rows written together after the loop.
      await this.events.beginPage(sql, fresh.filter((op) => op.entity === 'event' && op.kind === 'action').map((op) => op.entityId));
      try {
        for (const op of fresh) {
          const key = `${op.entity}:${op.entityId}`;
          if (op.nodeId === this.nodeId && knownOwn.has(op.opId)) {
            // Our own op: the server has it, even if we never saw its answer (killed mid-push).
            if (pendingIds.has(op.opId)) {
              await sql.run(`UPDATE outbox SET status = 'sent', server_seq = ? WHERE op_id = ? AND status = 'pending'`, [op.serverSeq, op.opId]);
            }
            continue;
          }
          // Otherwise (a remote op, or one of ours lost with a restore) it is applied like any other:
          // the restored console takes back what it did after the backup from the district.
          // Already in the server record this entity was reset to.
          if (Number(resetAt.get(key) ?? 0) >= op.serverSeq) continue;
          if (op.kind === 'upsert') {
            await this.foldUpsert(sql, op);
            applied += 1;
            continue;
          }
          const result = await this.events.applyRemoteIn(sql, op);
          if (result === 'diverged') await markStale(key);
          else applied += 1;
          // Folded in here after an op of ours that the server put after it (or has not got yet): the
          // same ops in another order may not give the same record (the last dispatch names the lead).
          if (result === 'applied' && (pendingFor.has(key) || (this.ownAhead.get(key) ?? 0) > op.serverSeq)) await markStale(key);
          changed.add(op.entityId);
        }
      } catch (error) {
        await this.events.endPage(sql, false);
        throw error;
      }
      await this.events.endPage(sql);
      if (Number(cursor) > current) {
        await setMeta(sql, 'sync_cursor', cursor);
        if (resetAt.size > 0) {
          for (const [key, at] of resetAt) if (Number(at) <= Number(cursor)) await sql.run(`DELETE FROM meta WHERE key = ?`, [`${RESET_AT}${key}`]);
        }
      }
    });
    if (stale) this.maybeStale = true;
    this.announce([...changed]);
    const sinks = [...this.sinksTouched];
    this.sinksTouched.clear();
    for (const sink of sinks) await sink.changed();
    // After the page's commit (its marks are safe on disk): a failed snapshot leaves them for the next round.
    if (this.maybeStale) await this.resetStale();
    return applied;
  }

  /** Tells the UI what changed, without waking our own loop (nothing to push). */
  private announce(ids: string[]): void {
    this.announcing = true;
    try {
      this.events.announce(ids);
    } finally {
      this.announcing = false;
    }
  }

  private readonly upsertSinks = new Map<string, UpsertSink>();

  /**
   * Another module takes the upserts of an entity once they are folded into the sync record (the
   * plans service: `planTemplate`). Runs in the page's transaction; after the page, `changed` runs
   * once if any op was taken.
   */
  setUpsertSink(entity: string, sink: UpsertSink): void {
    this.upsertSinks.set(entity, sink);
  }

  private async foldUpsert(sql: Sql, op: ServerOp): Promise<void> {
    if (!(await this.foldRecord(sql, op))) return;
    const sink = this.upsertSinks.get(op.entity);
    if (sink && (await sink.apply(sql, op.entityId, op.payload, op.hlc, op.at))) this.sinksTouched.add(sink);
  }

  private readonly sinksTouched = new Set<UpsertSink>();

  private async foldRecord(sql: Sql, op: ServerOp): Promise<boolean> {
    const existing = await sql.get<{ hlc: string; version: number; payload: string }>(`SELECT hlc, version, payload FROM sync_record WHERE entity = ? AND entity_id = ?`, [op.entity, op.entityId]);
    // Signed as the server counts it (PROTOCOL.md: a payload with `signedAt`).
    const signed = (p: Record<string, unknown>): boolean => op.entity === 'handover' && p.signedAt !== undefined && p.signedAt !== null;
    if (existing) {
      const old = JSON.parse(existing.payload) as Record<string, unknown>;
      if (signed(old)) return false; // a signed handover is final
      if (!signed(op.payload) && op.hlc <= existing.hlc) return false;
    }
    await sql.run(
      `INSERT INTO sync_record (entity, entity_id, version, hlc, payload) VALUES (?, ?, 1, ?, ?)
        ON CONFLICT(entity, entity_id) DO UPDATE SET version = version + 1, hlc = excluded.hlc, payload = excluded.payload`,
      [op.entity, op.entityId, op.hlc, JSON.stringify(op.payload)],
    );
    return true;
  }

  /**
   * Brings every stale entity without pending ops back to the server's record (after a rejection, a
   * divergence or a reordering), and remembers the snapshot cursor per entity so the ops it already
   * holds are not folded in a second time.
   */
  private resetStale(): Promise<void> {
    if (!this.maybeStale) return Promise.resolve();
    // The loop and the stream may both ask: one reset at a time.
    const run = this.resets.then(() => this.resetStaleNow());
    this.resets = run.catch(() => undefined);
    return run;
  }

  private async resetStaleNow(): Promise<void> {
    for (let attempt = 0; attempt < 3 && this.maybeStale; ) {
      const { wanted, marks } = await this.db.read(async (sql) => {
        const marks = await metaRange(sql, STALE);
        const pending = marks.size > 0 ? await pendingEntities(sql) : new Set<string>();
        return { marks: marks.size, wanted: new Set([...marks.keys()].filter((k) => !pending.has(k))) };
      });
      if (marks === 0) {
        this.maybeStale = false;
        return;
      }
      if (wanted.size === 0) return; // they wait for their pending ops' answers
      const snapshot = (await this.request('GET', '/snapshot')) as {
        cursor: string;
        entities: { entity: string; entityId: string; version: number; hlc: string; state?: string; payload: Record<string, unknown> }[];
      };
      const at = this.clock.now().toISOString();
      const ids: string[] = [];
      const done = await this.db.write(async (sql) => {
        // The stream may have folded in ops newer than this snapshot meanwhile: take a newer one.
        if (Number((await meta(sql, 'sync_cursor')) ?? '0') > Number(snapshot.cursor)) return false;
        const pending = await pendingEntities(sql); // a command may have run meanwhile
        const seen = new Set<string>();
        for (const record of snapshot.entities) {
          const key = `${record.entity}:${record.entityId}`;
          if (!wanted.has(key) || pending.has(key)) continue;
          seen.add(key);
          if (record.entity === 'event') {
            await this.events.resetFromServerIn(sql, record, at);
            ids.push(record.entityId);
          } else {
            await sql.run(
              `INSERT INTO sync_record (entity, entity_id, version, hlc, payload) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(entity, entity_id) DO UPDATE SET version = excluded.version, hlc = excluded.hlc, payload = excluded.payload`,
              [record.entity, record.entityId, record.version, record.hlc, JSON.stringify(record.payload)],
            );
          }
          await setMeta(sql, `${RESET_AT}${key}`, snapshot.cursor);
        }
        // Reset, or unknown to the server (nothing to reset to): either way no longer stale.
        for (const key of wanted) if (!pending.has(key)) await sql.run(`DELETE FROM meta WHERE key = ?`, [`${STALE}${key}`]);
        return true;
      });
      this.announce(ids);
      // Not done: the snapshot was older than our cursor; fetch a newer one (a few times at most).
      // Done: the next turn finds no marks, or only ones still waiting for pending ops.
      if (!done) attempt += 1;
    }
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
    this.unsubscribe = this.feed.subscribe((m) => {
      if (m.topic === 'events' && !this.announcing) this.poke();
      // A manual clock jumped (drills, tests): an outage may have run past the alarm time.
      if (m.topic === 'clock') this.watchOffline();
    });
    this.loop = this.run();
  }

  /** Something changed locally: push soon. */
  poke(): void {
    this.dirty = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
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
      const cursor = await this.db.read((sql) => meta(sql, 'sync_cursor'));
      const response = await this.fetch(this.url(`/stream${cursor ? `?after=${cursor}` : ''}`), {
        headers: { Authorization: `Bearer ${this.o.token}`, Accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new HttpFailure(response.status, null, null);
      this.streaming = true;
      this.statusChanged();
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        alive();
        buffer += decoder.decode(chunk, { stream: true });
        // Every whole event of the chunk is applied in one transaction: a busy stream (or its backlog)
        // brings many at once, and one fsync'd transaction per op would fall behind.
        const ops: ServerOp[] = [];
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (!data) {
            // A ping (or the retry field): the district is still there. Only freshens the time; being
            // connected again is for a whole round of push and pull to say.
            if (this.state === 'connected') this.lastSuccessAt = this.clock.now().toISOString();
            continue;
          }
          ops.push(JSON.parse(data) as ServerOp);
        }
        if (ops.length > 0) {
          await this.applyPage(ops, String(ops[ops.length - 1]!.serverSeq));
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
      const raised = await this.db.write((sql) =>
        this.alarms.raise(sql, {
          key: `sync_offline:${sinceIso}`,
          kind: 'sync_offline',
          eventId: null,
          detail: { since: sinceIso, alarmMs: String(this.o.offlineAlarmMs), state: this.state, error: this.lastError ?? '' },
          at,
        }),
      );
      if (raised) this.feed.emit({ topic: 'alarms' });
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
    const counts = await this.db.read(async (sql) => ({
      // Two partial indexes (pending; rejected/quarantined) answer these without scanning every op ever sent.
      rows: [
        ...(await sql.all<{ status: string; n: number }>(`SELECT 'pending' AS status, count(*) AS n FROM outbox WHERE status = 'pending'`)),
        ...(await sql.all<{ status: string; n: number }>(`SELECT status, count(*) AS n FROM outbox WHERE status IN ('rejected', 'quarantined') GROUP BY status`)),
      ],
      cursor: (await meta(sql, 'sync_cursor')) ?? '0',
    }));
    const count = (s: string): number => counts.rows.find((r) => r.status === s)?.n ?? 0;
    return {
      configured: true,
      state: this.state,
      streaming: this.streaming,
      lastSuccessAt: this.lastSuccessAt,
      pending: count('pending'),
      rejected: count('rejected'),
      quarantined: count('quarantined'),
      cursor: counts.cursor,
      lastError: this.lastError,
    };
  }

  async problems(limit = 200): Promise<ProblemOp[]> {
    const rows = await this.db.read((sql) =>
      sql.all<{ seq: number; op_id: string; entity: string; entity_id: string; action: string | null; status: 'rejected' | 'quarantined'; result: string | null; at: string }>(
        `SELECT seq, op_id, entity, entity_id, action, status, result, at FROM outbox WHERE status IN ('rejected', 'quarantined') ORDER BY seq DESC LIMIT ?`,
        [limit],
      ),
    );
    return rows.map((r) => {
      const result = r.result ? (JSON.parse(r.result) as { reason?: string; message?: string }) : {};
      return { seq: r.seq, opId: r.op_id, entity: r.entity, entityId: r.entity_id, action: r.action, status: r.status, reason: result.reason ?? 'invalid', message: result.message ?? '', at: r.at };
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.state = 'stopped';
    this.statusChanged();
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    this.unsubscribe?.();
    this.stream?.abort();
    this.wake?.();
    await this.loop;
  }
}
