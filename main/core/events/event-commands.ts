/**
 * The lifecycle as commands on one event (PROTOCOL.md's table): accept, dispatch, acknowledge,
 * arrive, report back, verify, reject, close, escalate, invalid, note and merge (event-merge.ts; reclassify and 挂账:
 * event-life.ts). Each is
 * one kernel command: the role checked, the event loaded (refused if it changed since the person
 * saw it), the lifecycle checked, then the change, its timeline entry and its outbox op written
 * together. A refused command changes nothing.
 */
import { refuse } from '../errors';
import type { Actor, Tx } from '../kernel';
import type { Permission } from '../kernel/permissions';
import type { EventContext } from './event-context';
import type { EventAction } from './event-lifecycle';
import type { EventRecord } from './event.repository';
import { mergeIn } from './event-merge';
import { dispatchIn, transition } from './event-transition';
import type { DispatchRequest } from './event-types';

export class EventCommands {
  constructor(private readonly ctx: EventContext) {}

  /**
   * One command on one event: `check` runs after the role check and before the event is loaded;
   * `change` writes. The feed hears of the event after the commit.
   */
  private onEvent(
    name: string,
    actor: Actor,
    permission: Permission | readonly Permission[],
    eventId: string,
    change: (tx: Tx, event: EventRecord) => Promise<unknown>,
    check?: () => void,
  ): Promise<void> {
    return this.ctx.run(name, actor, permission, async (tx) => {
      check?.();
      const event = await this.ctx.loadTarget(tx.sql, eventId);
      await change(tx, event);
      tx.emit({ topic: 'events', ids: [eventId] });
    });
  }

  /** An action whose whole change is the transition itself. */
  private simple(
    name: string,
    actor: Actor,
    permission: Permission,
    eventId: string,
    action: EventAction,
    payload: Record<string, unknown>,
    changes: (at: string) => Partial<EventRecord> = () => ({}),
    check?: () => void,
  ): Promise<void> {
    return this.onEvent(name, actor, permission, eventId, (tx, event) => transition(this.ctx, tx, actor, event, action, payload, changes(tx.at), tx.at), check);
  }

  accept(actor: Actor, eventId: string): Promise<void> {
    return this.simple('accept', actor, 'accept', eventId, 'accept', {}, (at) => ({ accepted_at: at }));
  }

  dispatch(actor: Actor, req: DispatchRequest): Promise<void> {
    return this.onEvent('dispatch', actor, 'dispatch', req.eventId, async (tx, event) => {
      await dispatchIn(this.ctx, tx, actor, event, req.leadPostId, req.cooperatingPostIds, req.overrideReason, tx.at);
      tx.emit({ topic: 'alarms' });
    });
  }

  /** One-key dispatch: accept (when new) and dispatch in one transaction, two timeline entries. */
  acceptAndDispatch(actor: Actor, req: DispatchRequest): Promise<void> {
    return this.onEvent('acceptAndDispatch', actor, ['accept', 'dispatch'], req.eventId, async (tx, loaded) => {
      let event = loaded;
      if (event.state === 'reported') event = await transition(this.ctx, tx, actor, event, 'accept', {}, { accepted_at: tx.at }, tx.at);
      await dispatchIn(this.ctx, tx, actor, event, req.leadPostId, req.cooperatingPostIds, req.overrideReason, tx.at);
      tx.emit({ topic: 'alarms' });
    });
  }

  acknowledge(actor: Actor, eventId: string, postId: string): Promise<void> {
    const { ctx } = this;
    return this.onEvent(
      'acknowledge',
      actor,
      'acknowledge',
      eventId,
      async (tx, event) => {
        const mine = (await ctx.repo.assignments(tx.sql, eventId)).find((a) => a.active === 1 && a.post_id === postId);
        if (!mine) refuse('not_post_holder', `post ${postId} has no active task on this event`, { postId });
        if (mine.acknowledged_at) refuse('conflict', 'this post has already acknowledged', { action: 'acknowledge', state: event.state });
        if (mine.role === 'lead') {
          await transition(ctx, tx, actor, event, 'acknowledge', { postId }, { acknowledged_at: tx.at }, tx.at);
        } else {
          // A cooperating post's acknowledgement changes no state: it is its part, sent as a note.
          await transition(ctx, tx, actor, event, 'note', { text: '协办岗位已接单', postId }, {}, tx.at, { acknowledge: true });
        }
        await ctx.repo.updateAssignment(tx.sql, mine.id, { acknowledged_at: tx.at });
      },
      () => ctx.permitPost(actor, postId),
    );
  }

  arrive(actor: Actor, eventId: string, postId: string): Promise<void> {
    const { ctx } = this;
    return this.onEvent(
      'arrive',
      actor,
      'arrive',
      eventId,
      async (tx, event) => {
        const mine = (await ctx.repo.assignments(tx.sql, eventId)).find((a) => a.active === 1 && a.post_id === postId);
        if (!mine) refuse('not_post_holder', `post ${postId} has no active task on this event`, { postId });
        const changes: Partial<EventRecord> = mine.role === 'lead' && !event.arrived_at ? { arrived_at: tx.at } : {};
        await transition(ctx, tx, actor, event, 'arrive', { postId }, changes, tx.at);
        await ctx.repo.updateAssignment(tx.sql, mine.id, { arrived_at: tx.at });
      },
      () => ctx.permitPost(actor, postId),
    );
  }

  reportBack(actor: Actor, eventId: string, result: string): Promise<void> {
    return this.onEvent('reportBack', actor, 'report_back', eventId, (tx, event) => {
      if (event.lead_post_id) this.ctx.permitPost(actor, event.lead_post_id);
      return transition(this.ctx, tx, actor, event, 'report_back', { result }, { resolved_at: tx.at, handler_id: actor.id }, tx.at);
    });
  }

  verify(actor: Actor, eventId: string): Promise<void> {
    return this.onEvent('verify', actor, 'verify', eventId, (tx, event) => {
      if (event.state === 'resolved' && event.handler_id === actor.id) {
        refuse('same_handler', 'the person who reported back cannot verify their own work');
      }
      return transition(this.ctx, tx, actor, event, 'verify', {}, { closed_at: tx.at }, tx.at);
    });
  }

  reject(actor: Actor, eventId: string, reason: string): Promise<void> {
    return this.onEvent('reject', actor, 'reject', eventId, (tx, event) => {
      if (event.state === 'resolved' && event.handler_id === actor.id) {
        refuse('same_handler', 'the person who reported back cannot judge their own work');
      }
      return transition(this.ctx, tx, actor, event, 'reject', { reason }, { resolved_at: null }, tx.at);
    });
  }

  close(actor: Actor, eventId: string, result: string): Promise<void> {
    return this.simple('close', actor, 'close', eventId, 'close', { result }, (at) => ({ closed_at: at, handler_id: actor.id }));
  }

  escalate(actor: Actor, eventId: string, reason: string): Promise<void> {
    return this.simple('escalate', actor, 'escalate', eventId, 'escalate', { reason });
  }

  markInvalid(actor: Actor, eventId: string, reason: string): Promise<void> {
    return this.simple('markInvalid', actor, 'invalid', eventId, 'invalid', { reason }, (at) => ({ closed_at: at }));
  }

  note(actor: Actor, eventId: string, text: string, postId?: string): Promise<void> {
    return this.simple('note', actor, 'note', eventId, 'note', postId ? { text, postId } : { text }, undefined, () => {
      if (!postId) return;
      if (!this.ctx.town.posts.has(postId)) refuse('unknown_post', `unknown post ${postId}`, { id: postId });
      this.ctx.permitPost(actor, postId);
    });
  }

  /** The duty leader's own return (approved by themself): see EventApprovals for everyone else's. */
  returnByLeader(actor: Actor, eventId: string, reason: string): Promise<void> {
    return this.simple('requestReturn', actor, 'requestReturn', eventId, 'return', { reason, approvedBy: actor.id });
  }

  merge(actor: Actor, eventId: string, intoEventId: string, reason: string): Promise<void> {
    return this.ctx.run('merge', actor, 'merge', (tx) => mergeIn(this.ctx, tx, actor, eventId, intoEventId, reason));
  }
}
