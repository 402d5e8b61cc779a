/**
 * The sync client of PROTOCOL.md. Pushes the outbox in order, pulls the district's ops after its
 * cursor, follows the live stream (falling back to pulling), and applies remote ops through the
 * event service's lifecycle (no second write path). Never loses an op: the outbox row stays until
 * the server has answered for it; a rejected or quarantined op stays, visible, with its reason.
 */
import type { Clock } from '../clock';
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

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly feed: ChangeFeed,
    private readonly clock: Clock,
    private readonly nodeId: string,
    options: SyncOptions,
  ) {
    this.fetch = options.fetch ?? fetch;
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
      const toReset = new Set<string>();
      await this.db.write(async (sql) => {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          const r = results[i]!;
          const status = r.status === 'duplicate' ? (r.firstStatus ?? 'applied') : r.status;
          if (status === 'rejected') toReset.add(`${row.entity}:${row.entity_id}`);
          await sql.run(`UPDATE outbox SET status = ?, result = ?, wire_seq = ?, server_seq = ? WHERE seq = ?`, [
            status === 'rejected' ? 'rejected' : 'sent',
            JSON.stringify(r),
            nextWireSeq + i,
            r.serverSeq ?? null,
            row.seq,
          ]);
        }
        await setMeta(sql, 'sync_wire_seq', String(nextWireSeq + rows.length - 1));
      });
      answered += rows.length;
      if (toReset.size > 0) await this.resetFromSnapshot([...toReset]);
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
  }

  // ---- pull ----------------------------------------------------------------------------------

  /** Pulls and applies every op after the cursor; returns how many were applied here. */
  async pull(): Promise<number> {
    let applied = 0;
    for (;;) {
      const cursor = await this.db.read((sql) => meta(sql, 'sync_cursor'));
      const query = new URLSearchParams({ limit: String(this.o.pullLimit) });
      if (cursor) query.set('after', cursor);
      const page = (await this.request('GET', `/ops?${query.toString()}`)) as { ops: ServerOp[]; cursor: string; more: boolean };
      applied += await this.applyPage(page.ops, page.cursor);
      if (!page.more || page.ops.length === 0) return applied;
    }
  }

  /** Applies a page of server ops and moves the cursor, in one transaction. */
  private async applyPage(ops: readonly ServerOp[], cursor: string): Promise<number> {
    const changed = new Set<string>();
    const diverged = new Set<string>();
    let applied = 0;
    await this.db.write(async (sql) => {
      const current = Number((await meta(sql, 'sync_cursor')) ?? '0');
      for (const op of ops) {
        if (op.serverSeq <= current) continue; // already folded in (stream and pull overlap)
        if (op.nodeId === this.nodeId) {
          // Our own op: the server has it, even if we never saw its answer (killed mid-push).
          await sql.run(`UPDATE outbox SET status = 'sent', server_seq = ? WHERE op_id = ? AND status = 'pending'`, [op.serverSeq, op.opId]);
          continue;
        }
        if (op.kind === 'upsert') {
          await this.foldUpsert(sql, op);
          applied += 1;
          continue;
        }
        const result = await this.events.applyRemoteIn(sql, op);
        if (result === 'diverged') diverged.add(`${op.entity}:${op.entityId}`);
        else applied += 1;
        changed.add(op.entityId);
      }
      if (Number(cursor) > current) await setMeta(sql, 'sync_cursor', cursor);
    });
    if (diverged.size > 0) await this.resetFromSnapshot([...diverged]);
    this.events.announce([...changed]);
    return applied;
  }

  private async foldUpsert(sql: Sql, op: ServerOp): Promise<void> {
    const existing = await sql.get<{ hlc: string; version: number; payload: string }>(`SELECT hlc, version, payload FROM sync_record WHERE entity = ? AND entity_id = ?`, [op.entity, op.entityId]);
    const signed = (p: Record<string, unknown>): boolean => op.entity === 'handover' && typeof p.signedAt === 'string';
    if (existing) {
      const old = JSON.parse(existing.payload) as Record<string, unknown>;
      if (signed(old)) return; // a signed handover is final
      if (!signed(op.payload) && op.hlc <= existing.hlc) return;
    }
    await sql.run(
      `INSERT INTO sync_record (entity, entity_id, version, hlc, payload) VALUES (?, ?, 1, ?, ?)
        ON CONFLICT(entity, entity_id) DO UPDATE SET version = version + 1, hlc = excluded.hlc, payload = excluded.payload`,
      [op.entity, op.entityId, op.hlc, JSON.stringify(op.payload)],
    );
  }

  /** Brings entities back to the server's truth (after a rejection or a divergence). */
  private async resetFromSnapshot(keys: string[]): Promise<void> {
    const pendingFor = await this.db.read((sql) =>
      sql.all<{ entity: string; entity_id: string }>(`SELECT DISTINCT entity, entity_id FROM outbox WHERE status = 'pending'`),
    );
    const stillPending = new Set(pendingFor.map((p) => `${p.entity}:${p.entity_id}`));
    const wanted = new Set(keys.filter((k) => !stillPending.has(k)));
    if (wanted.size === 0) return;
    const snapshot = (await this.request('GET', '/snapshot')) as {
      cursor: string;
      entities: { entity: string; entityId: string; version: number; hlc: string; state?: string; payload: Record<string, unknown> }[];
    };
    const at = this.clock.now().toISOString();
    const ids: string[] = [];
    await this.db.write(async (sql) => {
      for (const record of snapshot.entities) {
        if (!wanted.has(`${record.entity}:${record.entityId}`)) continue;
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
      }
    });
    this.events.announce(ids);
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
      if (m.topic === 'events') this.poke();
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
        if (this.o.live && !this.streaming) void this.follow();
        if (!this.dirty) await this.sleep(this.streaming ? this.o.pollIntervalMs * 6 : this.o.pollIntervalMs);
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        if (error instanceof HttpFailure && (error.status === 401 || error.status === 403)) {
          this.state = 'unauthorized';
          this.lastError = `district refused this console (${error.status}); check the token and town code`;
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
    try {
      const cursor = await this.db.read((sql) => meta(sql, 'sync_cursor'));
      const response = await this.fetch(this.url(`/stream${cursor ? `?after=${cursor}` : ''}`), {
        headers: { Authorization: `Bearer ${this.o.token}`, Accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new HttpFailure(response.status, null, null);
      this.streaming = true;
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (!data) continue; // a ping
          const op = JSON.parse(data) as ServerOp;
          await this.applyPage([op], String(op.serverSeq));
          this.markSuccess();
        }
      }
    } catch {
      // The stream dropped: the loop falls back to pulling and reopens it.
    } finally {
      this.streaming = false;
      if (this.stream === controller) this.stream = null;
      this.poke();
    }
  }

  private markSuccess(): void {
    this.state = 'connected';
    this.lastError = null;
    this.lastSuccessAt = this.clock.now().toISOString();
    this.offlineSince = null;
  }

  private markOffline(error: unknown): void {
    const now = this.clock.now().getTime();
    if (this.offlineSince === null) this.offlineSince = now;
    this.state = 'offline';
    this.lastError = error instanceof HttpFailure ? `district answered ${error.status}` : error instanceof Error ? error.message : String(error);
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
      rows: await sql.all<{ status: string; n: number }>(`SELECT status, count(*) AS n FROM outbox WHERE status != 'sent' GROUP BY status`),
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
    this.unsubscribe?.();
    this.stream?.abort();
    this.wake?.();
    await this.loop;
  }
}
