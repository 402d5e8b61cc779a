/**
 * 同步问题 → 重试 / 忽略: what a duty leader or an administrator does with a quarantined op, each a
 * kernel command with its role check and audit row (entity `sync_op`, the op id):
 * - a district op (拉取) kept aside: 重试 applies it now by the same path as a page's op (checked
 *   again first: an hlc still too far ahead stays aside); applied, the problem is over; failing
 *   again, it stays with the new reason. 忽略 marks it ignored: kept, whole, off the list and counts.
 * - an op of ours (推送) the district could not read: 重试 puts it back in the outbox queue (sent at
 *   once); 忽略 gives it up (kept as 'ignored', never sent) and its record goes back to the district's,
 *   as after a rejection.
 */
import { DomainError, refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { setMeta } from '../kernel/meta.repository';
import { quarantinedOutboxOp, settleQuarantinedOutboxOp } from '../kernel/outbox.repository';
import { checkOpHlc, checkServerOp } from './server-op';
import { STALE, type SyncInbox } from './sync-inbox';
import type { SyncLink } from './sync-status';
import { deleteInboxProblem, ignoreInboxProblem, MAX_KEPT_OP_CHARS, openInboxProblem, updateInboxProblem } from './sync.repository';

export interface ProblemRef {
  readonly direction: 'push' | 'pull';
  /** The problem's seq as listed (ProblemOp.seq: the outbox seq for push, the inbox problem's for pull). */
  readonly seq: number;
}

export interface RetryOutcome {
  /** applied: the district op is in; requeued: ours goes to the district again; failed: still kept aside (why: reason, message). */
  readonly outcome: 'applied' | 'requeued' | 'failed';
  readonly reason: string | null;
  readonly message: string | null;
}

const RETRY = 'sync.retryProblem';
const IGNORE = 'sync.ignoreProblem';

export class ProblemResolver {
  constructor(
    private readonly kernel: Kernel,
    private readonly inbox: SyncInbox,
    private readonly link: SyncLink,
    /** Push now (a requeued op). */
    private readonly poke: () => void,
  ) {}

  async retry(actor: Actor, ref: ProblemRef): Promise<RetryOutcome> {
    const outcome = ref.direction === 'push' ? await this.requeue(actor, ref.seq) : await this.applyAgain(actor, ref.seq);
    this.changed();
    return outcome;
  }

  async ignore(actor: Actor, ref: ProblemRef): Promise<void> {
    await this.kernel.run({ name: IGNORE, actor, permission: 'resolveSyncProblem', audit: false }, async (tx) => {
      if (ref.direction === 'push') {
        const row = await quarantinedOutboxOp(tx.sql, ref.seq);
        if (!row) refuse('not_found', `no quarantined op of ours with seq ${ref.seq}`);
        await settleQuarantinedOutboxOp(tx.sql, ref.seq, 'ignored');
        // Never sent: the record goes back to the district's, as after a rejection.
        await setMeta(tx.sql, `${STALE}${row.entity}:${row.entity_id}`, '1');
        await tx.audit(IGNORE, 'sync_op', row.op_id, { direction: 'push', entity: row.entity, entityId: row.entity_id, was: row.result ? JSON.parse(row.result) : null });
        tx.afterCommit(() => this.inbox.markStaleSoon());
        return;
      }
      const row = await openInboxProblem(tx.sql, ref.seq);
      if (!row) refuse('not_found', `no open sync problem ${ref.seq}`);
      await ignoreInboxProblem(tx.sql, ref.seq, actor.id, tx.at);
      await tx.audit(IGNORE, 'sync_op', row.op_id ?? `pull:${row.seq}`, {
        direction: 'pull',
        entity: row.entity,
        entityId: row.entity_id,
        reason: row.reason,
        message: row.message,
      });
    });
    if (ref.direction === 'push') await this.inbox.resetStale().catch(() => undefined); // offline: the next round does it
    this.changed();
  }

  private async requeue(actor: Actor, seq: number): Promise<RetryOutcome> {
    await this.kernel.run({ name: RETRY, actor, permission: 'resolveSyncProblem', audit: false }, async (tx) => {
      const row = await quarantinedOutboxOp(tx.sql, seq);
      if (!row) refuse('not_found', `no quarantined op of ours with seq ${seq}`);
      await settleQuarantinedOutboxOp(tx.sql, seq, 'pending');
      await tx.audit(RETRY, 'sync_op', row.op_id, {
        direction: 'push',
        entity: row.entity,
        entityId: row.entity_id,
        outcome: 'requeued',
        was: row.result ? JSON.parse(row.result) : null,
      });
    });
    this.poke();
    return { outcome: 'requeued', reason: null, message: null };
  }

  private async applyAgain(actor: Actor, seq: number): Promise<RetryOutcome> {
    type Attempt =
      { readonly kind: 'failed'; readonly reason: string; readonly message: string } | { readonly kind: 'applied'; readonly outcome: Awaited<ReturnType<SyncInbox['applyAgain']>> };
    let attempt: Attempt;
    try {
      attempt = await this.kernel.run({ name: RETRY, actor, permission: 'resolveSyncProblem', audit: false }, async (tx): Promise<Attempt> => {
        const row = await openInboxProblem(tx.sql, seq);
        if (!row) refuse('not_found', `no open sync problem ${seq}`);
        const opId = row.op_id ?? `pull:${row.seq}`;
        let raw: unknown = undefined;
        try {
          raw = row.op.length < MAX_KEPT_OP_CHARS ? JSON.parse(row.op) : undefined;
        } catch {
          raw = undefined;
        }
        const checked = raw === undefined ? null : checkServerOp(raw);
        let why: { reason: string; message: string } | null;
        if (checked === null) why = { reason: row.reason, message: 'the op was kept cut short (over 8 MiB) or is not JSON: it cannot be applied; ignore it' };
        else if ('problem' in checked) why = { reason: 'invalid', message: checked.problem.message };
        else why = checkOpHlc(checked.op.hlc, Date.parse(tx.at));
        if (why || checked === null || 'problem' in checked) {
          const still = why ?? { reason: row.reason, message: row.message };
          await updateInboxProblem(tx.sql, seq, still.reason, still.message);
          await tx.audit(RETRY, 'sync_op', opId, { direction: 'pull', entity: row.entity, entityId: row.entity_id, outcome: 'failed', ...still });
          return { kind: 'failed', ...still };
        }
        const outcome = await this.inbox.applyAgain(tx, checked.op);
        await deleteInboxProblem(tx.sql, seq);
        await tx.audit(RETRY, 'sync_op', opId, {
          direction: 'pull',
          entity: row.entity,
          entityId: row.entity_id,
          outcome: 'applied',
          was: { reason: row.reason, message: row.message },
        });
        return { kind: 'applied', outcome };
      });
    } catch (error) {
      if (!(error instanceof Error) || error instanceof DomainError) throw error; // refused (not found, forbidden)
      // Its application threw: rolled back whole; it stays aside with why.
      const still = { reason: 'failed', message: error.message || 'could not be applied' };
      await this.kernel.run({ name: `${RETRY}.failed`, actor, permission: 'resolveSyncProblem', audit: false }, async (tx) => {
        const row = await openInboxProblem(tx.sql, seq);
        if (!row) return;
        await updateInboxProblem(tx.sql, seq, still.reason, still.message);
        await tx.audit(RETRY, 'sync_op', row.op_id ?? `pull:${row.seq}`, { direction: 'pull', entity: row.entity, entityId: row.entity_id, outcome: 'failed', ...still });
      });
      attempt = { kind: 'failed', ...still };
    }
    if (attempt.kind === 'failed') return { outcome: 'failed', reason: attempt.reason, message: attempt.message };
    await this.inbox.afterApplied(attempt.outcome).catch(() => undefined); // a failed reset waits for the next round
    return { outcome: 'applied', reason: null, message: null };
  }

  /** The list, the counts and the conditions moved. */
  private changed(): void {
    this.link.statusChanged(true);
    this.link.conditions.watch();
  }
}
