/**
 * What the duty leader approves: returning an event to the district, more time for a post, and 挂账
 * (hold). A request waits (one per kind per event); the leader's decision applies it through the
 * lifecycle or records the refusal, with the leader's comment in the timeline. The duty leader's own
 * return or hold needs no request. While a return waits for consent the event's clock stands
 * (GB/T 30428: that time is not the handler's); a refusal runs it again, moved on by the wait.
 */
import type { Approval } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { type Actor, newId } from '../kernel';
import { permit } from '../kernel/permissions';
import type { EventCommands } from './event-commands';
import type { EventContext } from './event-context';
import type { ApprovalRecord, EventRecord } from './event.repository';
import { pauseClock, resumeClock } from './event-clock';
import { applyHold, checkReviewBy } from './event-life';
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

  async requestHold(actor: Actor, req: { eventId: string; reason: string; reviewBy: string }): Promise<{ approvalId: string | null }> {
    const { ctx } = this;
    const payload = { reason: req.reason, reviewBy: req.reviewBy };
    if (actor.roles.includes('leader')) {
      // The duty leader's own 挂账 is approved by themself.
      await ctx.run('requestHold', actor, 'requestHold', async (tx) => {
        checkReviewBy(req.reviewBy, ctx.clock.now());
        await applyHold(ctx, tx, actor, await ctx.loadTarget(tx.sql, req.eventId), payload, tx.at);
        tx.emit({ topic: 'events', ids: [req.eventId] });
        tx.emit({ topic: 'alarms' });
      });
      return { approvalId: null };
    }
    const check = (e: EventRecord): void => {
      // Board staff ask for the post that leads the event (the handler).
      if (e.lead_post_id) ctx.permitPost(actor, e.lead_post_id);
      if (e.carried_over) refuse('already_held', 'the event is already held', { id: e.id });
    };
    return { approvalId: await this.request('requestHold', actor, req.eventId, 'hold', payload, check, () => checkReviewBy(req.reviewBy, ctx.clock.now())) };
  }

  async requestExtension(actor: Actor, req: { eventId: string; postId?: string; until: string; reason: string }): Promise<{ approvalId: string }> {
    const until = new Date(req.until);
    const approvalId = await this.request(
      'requestExtension',
      actor,
      req.eventId,
      'extend',
      { until: until.toISOString(), reason: req.reason, postId: req.postId ?? null },
      ({ resolve_due: resolveDue }) => {
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
    name: 'requestReturn' | 'requestExtension' | 'requestHold',
    actor: Actor,
    eventId: string,
    kind: ApprovalRecord['kind'],
    payload: Record<string, unknown>,
    checkEvent?: (event: EventRecord) => void,
    check?: () => void,
  ): Promise<string> {
    const { ctx } = this;
    return ctx.run(name, actor, name, async (tx) => {
      check?.();
      const event = await ctx.loadTarget(tx.sql, eventId);
      checkEvent?.(event);
      if (!canStart(kind, event.state as EventState)) refuse('conflict', `${kind} cannot start from ${event.state}`, { action: kind, state: event.state });
      if (await ctx.repo.pendingApproval(tx.sql, eventId, kind)) refuse('conflict', `a ${kind} request is already waiting for the leader`, { action: kind, state: event.state });
      const id = newId();
      await ctx.repo.insertApproval(tx.sql, { id, kind, event_id: eventId, requested_by: actor.id, requested_at: tx.at, payload: JSON.stringify(payload) });
      await ctx.repo.appendTimeline(tx.sql, { eventId, action: `${kind}_requested`, fromState: null, toState: null, actorId: actor.id, at: tx.at, payload });
      // A return waiting for consent stops the clock (local bookkeeping: no version, no op).
      if (kind === 'return') await ctx.repo.update(tx.sql, eventId, pauseClock(event, tx.at));
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
        // A refused return: the clock runs again, moved on by the time it waited.
        const resumed = row.kind === 'return' ? resumeClock(event, tx.at) : {};
        if (Object.keys(resumed).length > 0) await ctx.repo.update(tx.sql, event.id, resumed);
        const waited = row.kind === 'return' && event.clock_paused_at ? { pausedMs: Date.parse(tx.at) - Date.parse(event.clock_paused_at) } : {};
        await ctx.repo.appendTimeline(tx.sql, {
          eventId: row.event_id,
          action: `${row.kind}_refused`,
          fromState: null,
          toState: null,
          actorId: actor.id,
          at: tx.at,
          payload: { note: req.note ?? null, requestedBy: row.requested_by, ...waited },
        });
        return;
      }
      const extra = { requestedBy: row.requested_by, note: req.note ?? null };
      if (row.kind === 'return') {
        await transition(ctx, tx, actor, event, 'return', { reason: String(payload.reason), approvedBy: actor.id }, {}, tx.at, extra);
      } else if (row.kind === 'hold') {
        await applyHold(ctx, tx, actor, event, { reason: String(payload.reason), reviewBy: String(payload.reviewBy) }, tx.at, extra);
        tx.emit({ topic: 'alarms' });
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
