/**
 * The push half of the sync client: the outbox goes to the district in order, in batches; each op's
 * answer is recorded with it (the row stays until the server has answered for it). A refused op marks
 * its entity stale (it goes back to the server's record); a batch the server cannot read has the
 * offending ops quarantined (kept, visible, with the reason) so the rest can go on.
 */
import { SYSTEM } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { getMeta, setMeta } from '../kernel/meta.repository';
import { pendingOps, quarantineOutboxOp, recordAnswers, type OutboxRow } from '../kernel/outbox.repository';
import type { BlobRemote } from './blob-http';
import type { BlobStore } from './blob-store';
import { HttpFailure, type DistrictHttp } from './sync-http';
import { STALE, type SyncInbox } from './sync-inbox';

interface PushResult {
  opId: string;
  status: 'applied' | 'duplicate' | 'rejected';
  firstStatus?: 'applied' | 'rejected';
  reason?: string;
  message?: string;
  version?: number;
  serverSeq?: number;
}

export class SyncPush {
  constructor(
    private readonly kernel: Kernel,
    private readonly http: DistrictHttp,
    private readonly inbox: SyncInbox,
    private readonly nodeId: string,
    private readonly batchSize: number,
    /** The outbox counts (pending, rejected, quarantined) moved. */
    private readonly countsChanged: () => void,
    /** The console's attachments and where they go: every blob an op names is uploaded before the op. */
    private readonly blobs: { readonly store: BlobStore; readonly remote: BlobRemote } | null = null,
  ) {}

  /** Pushes every pending op; returns how many the server answered for. */
  async push(): Promise<number> {
    let answered = 0;
    let batchSize = this.batchSize;
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
      // Never an op before its blob: an upload that fails throws here, and the batch waits for the next round.
      const lost = this.blobs ? await this.blobs.store.prepareUpload(ops, this.blobs.remote) : [];
      if (lost.length > 0) {
        await this.setAside(lost.map((i) => rows[i]!));
        continue;
      }
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
      this.countsChanged(); // pending / rejected counts moved
      if (rejected) this.inbox.markStaleSoon();
      // Stale entities whose last pending op was just answered can be reset now.
      await this.inbox.resetStale();
    }
  }

  /** Ops naming a blob this console was to upload but no longer holds whole: kept aside (visible), the rest go on. */
  private async setAside(rows: OutboxRow[]): Promise<void> {
    await this.kernel.run({ name: 'sync.quarantine', actor: SYSTEM, audit: false }, async ({ sql, emit }) => {
      for (const row of rows) await quarantineOutboxOp(sql, row.seq, 'an attachment it names is no longer held on this console (lost or damaged)', 'blob_missing');
      emit({ topic: 'alarms' });
    });
    this.countsChanged();
  }

  /** A 400 names the offending ops: keep them aside (visible), send the rest. */
  private async quarantine(rows: OutboxRow[], body: unknown): Promise<void> {
    const problems = Array.isArray((body as { ops?: unknown } | null)?.ops) ? (body as { ops: { index?: number; opId?: string; message?: string }[] }).ops : [];
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? 'malformed request';
    // PROTOCOL.md v1.1: an op whose hlc is more than 5 minutes ahead of the district's clock (our clock is ahead).
    const reason = (body as { reason?: unknown } | null)?.reason === 'hlc_ahead' ? 'hlc_ahead' : 'invalid';
    const offending = new Map<number, string>();
    for (const p of problems) {
      const row = typeof p.index === 'number' ? rows[p.index] : rows.find((r) => r.op_id === p.opId);
      if (row) offending.set(row.seq, p.message ?? message);
    }
    // Without a named op, the first of the batch is held back so the rest can go on.
    if (offending.size === 0) offending.set(rows[0]!.seq, message);
    await this.kernel.run({ name: 'sync.quarantine', actor: SYSTEM, audit: false }, async ({ sql, emit }) => {
      for (const [seq, why] of offending) await quarantineOutboxOp(sql, seq, why, reason);
      emit({ topic: 'alarms' });
    });
    this.countsChanged();
  }
}
