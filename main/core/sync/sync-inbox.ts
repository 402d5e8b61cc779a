/**
 * What comes down from the district: a page of server ops (pulled or streamed) applied in one kernel
 * command with the cursor; upserts folded by HLC into the sync record and handed to the feature that
 * owns the entity (its sink); event actions applied through the event lifecycle; entities that went
 * astray brought back to the server's snapshot.
 *
 * An op that breaks the envelope, or whose application throws, is quarantined: kept whole with its
 * reason in `sync_inbox_problem`, listed in 同步问题, and never blocks the ops after it (the page is
 * applied again without it).
 */
import type { RemoteOp } from '../kernel/remote-op';
import type { Sql } from '../db/db';
import { SYSTEM } from '../kernel/actor';
import type { Kernel, Tx } from '../kernel/command-runner';
import { deleteMeta, getMeta, metaWithPrefix, setMeta } from '../kernel/meta.repository';
import { knownOpIds, markSentByPull, ownOpsAhead, pendingEntities, pendingOpKeys } from '../kernel/outbox.repository';
import { checkOpHlc, checkServerOp, type ServerOp } from './server-op';
import { keepInboxProblem, putSyncRecord, SyncRecordPage } from './sync.repository';
export type { RemoteOp };

/** A server record of one entity (the snapshot's). */
export interface ServerRecord {
  readonly entity: string;
  readonly entityId: string;
  readonly version: number;
  readonly hlc: string;
  readonly state?: string;
  readonly payload: Record<string, unknown>;
}

/** The narrow part of the events feature that sync needs (EventService satisfies it). */
export interface RemoteEvents {
  beginPage(sql: Sql, eventIds: readonly string[]): Promise<void>;
  /** Writes what the page's ops changed so far (a page applied op by op). */
  flushPage(sql: Sql): Promise<void>;
  endPage(sql: Sql, commit?: boolean): Promise<void>;
  applyRemoteIn(sql: Sql, op: RemoteOp): Promise<'applied' | 'diverged'>;
  resetFromServerIn(sql: Sql, record: ServerRecord, at: string): Promise<void>;
  /** Tells the UI these events changed (after commit). */
  announce(ids: string[]): void;
}

/**
 * What a sink took, when it wants it in the audit trail: the page's command writes the row through the
 * kernel (`tx.audit`, actor: the system), in the page's transaction. A sink never writes audit itself.
 */
export interface UpsertTaken {
  readonly audit: { readonly action: string; readonly entity: string; readonly entityId: string | null; readonly detail?: unknown };
}

/** Where the upserts of one entity go besides the sync record (registered by the owning feature). */
export interface UpsertSink {
  /** Takes the upsert (true, or what to audit for it) or leaves it (false: nothing changed). */
  apply(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean | UpsertTaken>;
  changed(): Promise<void>;
  /**
   * The kind is merged, not last-writer-wins (a plan run task by task, a handover's two signatures):
   * the sink gets every upsert of another node, older than the sync record's too, and decides itself.
   * Otherwise it gets only an upsert newer than the record (the server's, our own upserts included).
   */
  readonly merges?: boolean;
}

/**
 * meta keys `sync_stale:<entity>:<id>`: the entity must be brought back to the server's record (a
 * rejection, a divergence, or local and remote ops folded in another order than the server's). Kept
 * in the database, in the same transaction that finds it, so a restart cannot forget it.
 */
export const STALE = 'sync_stale:';
/** meta keys `sync_reset:<entity>:<id>` = the snapshot cursor an entity was reset to: its ops up to there are in. */
const RESET_AT = 'sync_reset:';
export const CURSOR_KEY = 'sync_cursor';

class OpFailure extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

export class SyncInbox {
  private readonly upsertSinks = new Map<string, UpsertSink>();
  private readonly sinksTouched = new Set<UpsertSink>();
  /**
   * Per entity, the highest serverSeq of this console's own applied ops that the cursor has not
   * passed yet: a remote op below it was folded in here after our op, at the server before it.
   * Loaded from the outbox on first use.
   */
  ownAhead: Map<string, number> | null = null;
  /** Some entity may carry a stale mark (checked at start, after rejections and divergences). */
  maybeStale = true;
  private resets: Promise<void> = Promise.resolve();

  constructor(
    private readonly kernel: Kernel,
    private readonly events: RemoteEvents,
    private readonly nodeId: string,
    private readonly snapshot: () => Promise<{ cursor: string; entities: ServerRecord[] }>,
    /** Called after a page committed that quarantined ops (the status and problems changed). */
    private readonly onProblems: () => void,
  ) {}

  /**
   * Another module takes the upserts of an entity once they are folded into the sync record (the
   * plans service: `planTemplate`). Runs in the page's transaction; after the page, `changed` runs
   * once if any op was taken. Registered before the worker starts.
   */
  setUpsertSink(entity: string, sink: UpsertSink): void {
    this.upsertSinks.set(entity, sink);
  }

  cursor(): Promise<string | null> {
    return this.kernel.read((sql) => getMeta(sql, CURSOR_KEY));
  }

  /**
   * Applies a page of server ops and moves the cursor, in one command; returns how many were applied.
   * The ops' writes go to SQLite together at the end of the page (set-based); when those fail, the
   * page is applied again writing after each op, so the op whose writes fail is the one set aside.
   */
  async applyPage(ops: readonly unknown[], cursor: string): Promise<number> {
    const failed = new Map<number, string>();
    let opByOp = false;
    for (;;) {
      try {
        return await this.applyOnce(ops, cursor, failed, opByOp);
      } catch (error) {
        // One op's application threw: the page is rolled back whole and applied again without it.
        if (error instanceof OpFailure && !failed.has(error.index)) {
          failed.set(error.index, error.message || 'could not be applied');
          continue;
        }
        if (!(error instanceof OpFailure) && !opByOp) {
          opByOp = true;
          continue;
        }
        throw error instanceof OpFailure ? error.error : error;
      }
    }
  }

  private async applyOnce(raw: readonly unknown[], cursor: string, failed: ReadonlyMap<number, string>, opByOp: boolean): Promise<number> {
    const changed = new Set<string>();
    let stale = false;
    let applied = 0;
    let problems = 0;
    await this.kernel.run({ name: 'sync.applyPage', actor: SYSTEM, audit: false }, async (tx) => {
      const { sql, at } = tx;
      const current = Number((await getMeta(sql, CURSOR_KEY)) ?? '0');
      const fresh: { op: ServerOp; index: number }[] = [];
      for (let index = 0; index < raw.length; index++) {
        const checked = checkServerOp(raw[index]);
        if ('problem' in checked) {
          const p = checked.problem;
          if (p.serverSeq !== null && p.serverSeq <= current) continue;
          const r = (raw[index] && typeof raw[index] === 'object' ? raw[index] : {}) as Record<string, unknown>;
          await keepInboxProblem(sql, {
            opId: p.opId,
            serverSeq: p.serverSeq,
            entity: typeof r.entity === 'string' ? r.entity.slice(0, 40) : null,
            entityId: typeof r.entityId === 'string' ? r.entityId.slice(0, 64) : null,
            action: typeof r.action === 'string' ? r.action.slice(0, 40) : null,
            reason: 'invalid',
            message: p.message,
            op: raw[index],
            at,
          });
          problems += 1;
          continue;
        }
        if (checked.op.serverSeq <= current) continue; // stream and pull overlap
        // An hlc too far ahead never reaches our clock (PROTOCOL.md v1.1): kept aside with the reason.
        const hlcProblem = checkOpHlc(checked.op.hlc, Date.parse(at));
        if (hlcProblem) {
          const op = checked.op;
          await keepInboxProblem(sql, { opId: op.opId, serverSeq: op.serverSeq, entity: op.entity, entityId: op.entityId, action: op.action ?? null, ...hlcProblem, op, at });
          problems += 1;
          continue;
        }
        fresh.push({ op: checked.op, index });
      }
      if (fresh.length > 0) {
        const outcome = await this.applyFresh(tx, fresh, current, failed, opByOp);
        applied = outcome.applied;
        stale = outcome.stale;
        problems += outcome.problems;
        for (const id of outcome.changed) changed.add(id);
      }
      if (Number(cursor) > current) {
        await setMeta(sql, CURSOR_KEY, cursor);
        for (const { key, value } of await metaWithPrefix(sql, RESET_AT)) if (Number(value) <= Number(cursor)) await deleteMeta(sql, key);
      }
    });
    await this.afterApplied({ stale, changed: [...changed], problems });
    return applied;
  }

  /** After a command that applied ops committed: the UI and the sinks told, stale entities brought back. */
  async afterApplied(outcome: { readonly stale: boolean; readonly changed: readonly string[]; readonly problems: number }): Promise<void> {
    if (outcome.stale) this.maybeStale = true;
    this.events.announce([...outcome.changed]);
    const sinks = [...this.sinksTouched];
    this.sinksTouched.clear();
    for (const sink of sinks) await sink.changed();
    if (outcome.problems > 0) this.onProblems();
    // After the page's commit (its marks are safe on disk): a failed snapshot leaves them for the next round.
    if (this.maybeStale) await this.resetStale();
  }

  /**
   * One quarantined op applied again (同步问题 → 重试), inside the caller's command, by the same path
   * as a page's op; the cursor does not move. Throws what its application throws (the command rolls
   * back; the caller keeps the problem with the new reason). Call afterApplied after the commit.
   */
  async applyAgain(tx: Tx, op: ServerOp): Promise<{ applied: number; stale: boolean; problems: number; changed: string[] }> {
    const current = Number((await getMeta(tx.sql, CURSOR_KEY)) ?? '0');
    try {
      return await this.applyFresh(tx, [{ op, index: 0 }], current, new Map());
    } catch (error) {
      throw error instanceof OpFailure ? error.error : error;
    }
  }

  private async applyFresh(
    tx: Tx,
    fresh: readonly { op: ServerOp; index: number }[],
    current: number,
    failed: ReadonlyMap<number, string>,
    opByOp = false,
  ): Promise<{ applied: number; stale: boolean; problems: number; changed: string[] }> {
    const { sql, at } = tx;
    let applied = 0;
    let stale = false;
    let problems = 0;
    const changed: string[] = [];
    if (!this.ownAhead) this.ownAhead = await ownOpsAhead(sql, current);
    const ownAhead = this.ownAhead;
    const pendingOps = await pendingOpKeys(sql);
    const pendingIds = new Set(pendingOps.map((p) => p.op_id));
    const pendingFor = new Set(pendingOps.map((p) => `${p.entity}:${p.entity_id}`));
    const resetAt = new Map((await metaWithPrefix(sql, RESET_AT)).map((r) => [r.key.slice(RESET_AT.length), r.value]));
    const markStale = async (key: string): Promise<void> => {
      stale = true;
      await setMeta(sql, `${STALE}${key}`, '1');
    };
    // Our own ops this database has never seen: it was restored from a backup taken before them
    // (the outbox is never trimmed, so nothing else leaves an op of ours unknown here).
    const knownOwn = await knownOpIds(
      sql,
      fresh.filter(({ op }) => op.nodeId === this.nodeId).map(({ op }) => op.opId),
    );
    // The page's records and events read once; what the ops write goes to SQLite after the loop.
    const records = await SyncRecordPage.read(
      sql,
      fresh.filter(({ op }) => op.kind === 'upsert').map(({ op }) => op),
    );
    await this.events.beginPage(
      sql,
      fresh.filter(({ op }) => op.entity === 'event' && op.kind === 'action').map(({ op }) => op.entityId),
    );
    try {
      for (const { op, index } of fresh) {
        const key = `${op.entity}:${op.entityId}`;
        const failure = failed.get(index);
        if (failure !== undefined) {
          await keepInboxProblem(sql, {
            opId: op.opId,
            serverSeq: op.serverSeq,
            entity: op.entity,
            entityId: op.entityId,
            action: op.action ?? null,
            reason: 'failed',
            message: failure,
            op,
            at,
          });
          problems += 1;
          continue;
        }
        if (op.nodeId === this.nodeId && knownOwn.has(op.opId)) {
          // Our own op: the server has it, even if we never saw its answer (killed mid-push).
          if (pendingIds.has(op.opId)) await markSentByPull(sql, op.opId, op.serverSeq);
          // An upsert of ours is in our tables already; its sync record is folded as the server folds
          // it, or this console's record of the entity would never be the other consoles' (nor the server's).
          if (op.kind === 'upsert') {
            records.fold(op.entity, op.entityId, op.hlc, op.payload);
            if (opByOp) await records.flush(sql);
          }
          continue;
        }
        // Otherwise (a remote op, or one of ours lost with a restore) it is applied like any other:
        // the restored console takes back what it did after the backup from the district.
        // Already in the server record this entity was reset to.
        if (Number(resetAt.get(key) ?? 0) >= op.serverSeq) continue;
        try {
          if (op.kind === 'upsert') {
            await this.foldUpsert(tx, op, records);
            if (opByOp) await records.flush(sql);
            applied += 1;
            continue;
          }
          const result = await this.events.applyRemoteIn(sql, op);
          if (opByOp) await this.events.flushPage(sql);
          if (result === 'diverged') await markStale(key);
          else applied += 1;
          // Folded in here after an op of ours that the server put after it (or has not got yet): the
          // same ops in another order may not give the same record (the last dispatch names the lead).
          if (result === 'applied' && (pendingFor.has(key) || (ownAhead.get(key) ?? 0) > op.serverSeq)) await markStale(key);
          changed.push(op.entityId);
        } catch (error) {
          throw new OpFailure(index, error);
        }
      }
      await records.flush(sql);
    } catch (error) {
      await this.events.endPage(sql, false);
      throw error;
    }
    await this.events.endPage(sql);
    return { applied, stale, problems, changed };
  }

  private async foldUpsert(tx: Tx, op: ServerOp, records: SyncRecordPage): Promise<void> {
    const newer = records.fold(op.entity, op.entityId, op.hlc, op.payload);
    const sink = this.upsertSinks.get(op.entity);
    if (!sink || (!newer && !sink.merges)) return;
    const taken = await sink.apply(tx.sql, op.entityId, op.payload, op.hlc, op.at);
    if (!taken) return;
    this.sinksTouched.add(sink);
    if (taken !== true) await tx.audit(taken.audit.action, taken.audit.entity, taken.audit.entityId, taken.audit.detail);
  }

  /** Forgets our own ops the cursor has passed. */
  pruneOwnAhead(cursor: number): void {
    if (!this.ownAhead) return;
    for (const [key, serverSeq] of this.ownAhead) if (serverSeq <= cursor) this.ownAhead.delete(key);
  }

  /** Our pushed ops' server seqs, so a remote op folded in after ours is noticed. */
  noteOwn(entityKey: string, serverSeq: number): void {
    if (this.ownAhead && serverSeq > (this.ownAhead.get(entityKey) ?? 0)) this.ownAhead.set(entityKey, serverSeq);
  }

  /** An op of ours was rejected: its entity goes back to the server's record (the mark is written by the caller). */
  markStaleSoon(): void {
    this.maybeStale = true;
  }

  /**
   * Brings every stale entity without pending ops back to the server's record (after a rejection, a
   * divergence or a reordering), and remembers the snapshot cursor per entity so the ops it already
   * holds are not folded in a second time.
   */
  resetStale(): Promise<void> {
    if (!this.maybeStale) return Promise.resolve();
    // The loop and the stream may both ask: one reset at a time.
    const run = this.resets.then(() => this.resetStaleNow());
    this.resets = run.catch(() => undefined);
    return run;
  }

  private async resetStaleNow(): Promise<void> {
    for (let attempt = 0; attempt < 3 && this.maybeStale;) {
      const { wanted, marks } = await this.kernel.read(async (sql) => {
        const marks = (await metaWithPrefix(sql, STALE)).map((r) => r.key.slice(STALE.length));
        const pending = marks.length > 0 ? await pendingEntities(sql) : new Set<string>();
        return { marks: marks.length, wanted: new Set(marks.filter((k) => !pending.has(k))) };
      });
      if (marks === 0) {
        this.maybeStale = false;
        return;
      }
      if (wanted.size === 0) return; // they wait for their pending ops' answers
      const snapshot = await this.snapshot();
      const ids: string[] = [];
      const done = await this.kernel.run({ name: 'sync.resetStale', actor: SYSTEM, audit: false }, async ({ sql, at }) => {
        // The stream may have folded in ops newer than this snapshot meanwhile: take a newer one.
        if (Number((await getMeta(sql, CURSOR_KEY)) ?? '0') > Number(snapshot.cursor)) return false;
        const pending = await pendingEntities(sql); // a command may have run meanwhile
        for (const record of snapshot.entities) {
          const key = `${record.entity}:${record.entityId}`;
          if (!wanted.has(key) || pending.has(key)) continue;
          if (record.entity === 'event') {
            await this.events.resetFromServerIn(sql, record, at);
            ids.push(record.entityId);
          } else {
            await putSyncRecord(sql, record);
          }
          await setMeta(sql, `${RESET_AT}${key}`, snapshot.cursor);
        }
        // Reset, or unknown to the server (nothing to reset to): either way no longer stale.
        for (const key of wanted) if (!pending.has(key)) await deleteMeta(sql, `${STALE}${key}`);
        return true;
      });
      this.events.announce(ids);
      // Not done: the snapshot was older than our cursor; fetch a newer one (a few times at most).
      // Done: the next turn finds no marks, or only ones still waiting for pending ops.
      if (!done) attempt += 1;
    }
  }
}
