/**
 * What the duty leader approves: returning an event to the district, and more time for a post.
 * A request waits (one per kind per event); the leader's decision applies it through the lifecycle
 * or records the refusal. The duty leader's own return needs no request.
 */
import type { Approval } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { type Actor, newId } from '../kernel';
import { permit } from '../kernel/permissions';
import type { EventCommands } from './event-commands';
import type { EventContext } from './event-context';
import { canStart, type EventState } from './event-lifecycle';
import { transition } from './event-transition';

export class EventApprovals {
  constructor(
    private readonly ctx: EventContext,
    private readonly commands: EventCommands,
  ) {}

  async requestReturn(actor: Actor, eventId: string, reason: string): Promise<{ approvalId: string | null }> {
    if (actor.roles.includes('leader')) {
      // The duty leader's own return is approved by themself.
      await this.commands.returnByLeader(actor, eventId, reason);
      return { approvalId: null };
    }
    return { approvalId: await this.request('requestReturn', actor, eventId, 'return', { reason }) };
  }

  async requestExtension(actor: Actor, req: { eventId: string; postId?: string; until: string; reason: string }): Promise<{ approvalId: string }> {
    const until = new Date(req.until);
    const approvalId = await this.request(
      'requestExtension',
      actor,
      req.eventId,
      'extend',
      { until: until.toISOString(), reason: req.reason, postId: req.postId ?? null },
      (resolveDue) => {
        if (resolveDue && until.getTime() <= Date.parse(resolveDue)) {
          refuse('invalid', 'an extension must end after the current resolve deadline', { field: 'until' });
        }
      },
      () => {
        if (req.postId) this.ctx.permitPost(actor, req.postId);
      },
    );
    return { approvalId };
  }

  /** A request waiting for the leader: one per kind per event, while the action could still start. */
  private request(
    name: 'requestReturn' | 'requestExtension',
    actor: Actor,
    eventId: string,
    kind: 'return' | 'extend',
    payload: Record<string, unknown>,
    checkEvent?: (resolveDue: string | null) => void,
    check?: () => void,
  ): Promise<string> {
    const { ctx } = this;
    return ctx.run(name, actor, name, async (tx) => {
      check?.();
      const event = await ctx.loadTarget(tx.sql, eventId);
      checkEvent?.(event.resolve_due);
      if (!canStart(kind, event.state as EventState)) refuse('conflict', `${kind} cannot start from ${event.state}`, { action: kind, state: event.state });
      if (await ctx.repo.pendingApproval(tx.sql, eventId, kind)) refuse('conflict', `a ${kind} request is already waiting for the leader`, { action: kind, state: event.state });
      const id = newId();
      await ctx.repo.insertApproval(tx.sql, { id, kind, event_id: eventId, requested_by: actor.id, requested_at: tx.at, payload: JSON.stringify(payload) });
      await ctx.repo.appendTimeline(tx.sql, { eventId, action: `${kind}_requested`, fromState: null, toState: null, actorId: actor.id, at: tx.at, payload });
      tx.emit({ topic: 'events', ids: [eventId] });
      tx.emit({ topic: 'approvals' });
      return id;
    });
  }

  decideApproval(actor: Actor, req: { approvalId: string; approve: boolean; note?: string }): Promise<void> {
    const { ctx } = this;
    return ctx.run('decideApproval', actor, 'decideApproval', async (tx) => {
      const row = await ctx.repo.approval(tx.sql, req.approvalId);
      if (!row) refuse('not_found', `no approval ${req.approvalId}`, { id: req.approvalId });
      if (row.status !== 'pending') refuse('already_decided', 'this request has already been decided');
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      await ctx.repo.decideApproval(tx.sql, row.id, { status: req.approve ? 'approved' : 'refused', by: actor.id, at: tx.at, note: req.note ?? null });
      const event = await ctx.loadTarget(tx.sql, row.event_id);
      tx.emit({ topic: 'events', ids: [row.event_id] });
      tx.emit({ topic: 'approvals' });
      if (!req.approve) {
        await ctx.repo.appendTimeline(tx.sql, {
          eventId: row.event_id,
          action: `${row.kind}_refused`,
          fromState: null,
          toState: null,
          actorId: actor.id,
          at: tx.at,
          payload: { note: req.note ?? null },
        });
        return;
      }
      const extra = { requestedBy: row.requested_by };
      if (row.kind === 'return') {
        await transition(ctx, tx, actor, event, 'return', { reason: String(payload.reason), approvedBy: actor.id }, {}, tx.at, extra);
      } else {
        const until = String(payload.until);
        await transition(ctx, tx, actor, event, 'extend', { until, reason: String(payload.reason), approvedBy: actor.id }, { resolve_due: until }, tx.at, extra);
      }
    });
  }

  async approvals(actor: Actor, onlyPending: boolean): Promise<Approval[]> {
    permit(actor, 'read');
    return this.ctx.kernel.read((sql) => this.list(sql, { pendingOnly: onlyPending }));
  }

  /** Approvals as the API shows them: of one event (its detail), or the pending ones, or all. */
  async list(sql: Sql, filter: { eventId?: string; pendingOnly?: boolean }): Promise<Approval[]> {
    const rows = await this.ctx.repo.approvals(sql, filter);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      eventId: r.event_id,
      eventTitle: r.title,
      requestedBy: r.requested_by,
      requestedByName: this.ctx.town.person(r.requested_by)?.name ?? r.requested_by,
      requestedAt: r.requested_at,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      status: r.status,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    }));
  }
}
