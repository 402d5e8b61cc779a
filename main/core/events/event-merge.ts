/**
 * Merge (合并): an event reported twice goes into the other report of the same thing, with a reason.
 *
 * Refused, each with its own code and nothing changed:
 *   - no reason, or a blank one (`merge_reason_required`);
 *   - an event into itself (`merge_into_self`);
 *   - into an event that is itself merged (`merge_target_merged`: merge into the one it went into);
 *   - into a closed or invalid one (`merge_target_closed`: nothing more happens to it);
 *   - into an event of another town (`merge_other_town`).
 * The source's own state is the lifecycle's (PROTOCOL.md: reported or accepted, else `conflict`).
 *
 * The reason goes in both timelines: the source's `merge` row (and its op's payload, where PROTOCOL.md
 * allows more fields than `intoEventId`) and the target's `merged_from` row. The timeline is the event's
 * audit trail (the audit log lists it beside the audit rows).
 *
 * A difference of category is no refusal: the merge dialog compares the two events' categories and
 * asks to confirm (renderer/src/components/MergeDialog.tsx).
 */
import { refuse } from '../errors';
import type { Actor, Tx } from '../kernel';
import type { EventContext } from './event-context';
import type { EventRecord } from './event.repository';
import { transition } from './event-transition';

/** The refusals of a merge of `event` into `target`, in the order above (the reason is checked first). */
function refuseMerge(event: EventRecord, target: EventRecord): void {
  if (target.town_code !== event.town_code) refuse('merge_other_town', 'the target event belongs to another town', { title: target.title });
  if (target.state === 'merged') refuse('merge_target_merged', 'the target event is merged itself', { title: target.title });
  if (!target.is_open) refuse('merge_target_closed', 'the target event is no longer open', { title: target.title, state: target.state });
}

export async function mergeIn(ctx: EventContext, tx: Tx, actor: Actor, eventId: string, intoEventId: string, reason: string): Promise<void> {
  const why = reason.trim();
  if (!why) refuse('merge_reason_required', 'a merge needs a reason', { field: 'reason' });
  if (eventId === intoEventId) refuse('merge_into_self', 'an event cannot be merged into itself');
  const event = await ctx.loadTarget(tx.sql, eventId);
  const target = await ctx.load(tx.sql, intoEventId);
  refuseMerge(event, target);
  await transition(ctx, tx, actor, event, 'merge', { intoEventId, reason: why }, { merged_into: intoEventId, closed_at: tx.at }, tx.at);
  // The target's timeline records the merge too (local only; the district folds merges itself).
  await ctx.repo.appendTimeline(tx.sql, {
    eventId: intoEventId,
    action: 'merged_from',
    fromState: null,
    toState: null,
    actorId: actor.id,
    at: tx.at,
    payload: { eventId, title: event.title, reason: why },
  });
  tx.emit({ topic: 'events', ids: [eventId, intoEventId] });
}
