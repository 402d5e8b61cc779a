/**
 * Intake: a new event reported at this desk. Checks the report, flags a possible duplicate (the
 * same item in the same grid within two hours), starts the accept clock, alarms a serious one and a
 * sensor's (event-alarms.ts), and tells the report hooks — all in the report's one command. A
 * deactivated grid or catalogue item takes no new report (event-reportable.ts).
 */
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { type Actor, newId } from '../kernel';
import { deadline } from '../sla/sla';
import { sensorAlertKey } from './event-alarms';
import type { EventContext } from './event-context';
import { checkAction } from './event-lifecycle';
import { refuseInactive } from './event-reportable';
import { DUPLICATE_WINDOW_MS, LEVEL_RANK, type ReportInput } from './event-types';
import type { EventRecord } from './event.repository';

/**
 * The open event a new report may duplicate: the same catalogue item in the same grid, reported
 * within DUPLICATE_WINDOW_MS of it (the latest such). One check for a report made at this desk and
 * for an event the district sends down (event-remote.ts, `report` / `assign_to_town`). While the sync
 * worker applies a page of ops, the page's own events count as they stand in the page.
 */
export async function possibleDuplicate(
  ctx: EventContext,
  sql: Sql,
  eventId: string,
  categoryCode: string,
  gridCode: string | null | undefined,
  reportedAt: string,
): Promise<{ id: string } | undefined> {
  if (!gridCode) return undefined;
  const t = Date.parse(reportedAt);
  const since = new Date(t - DUPLICATE_WINDOW_MS).toISOString();
  const until = new Date(t + DUPLICATE_WINDOW_MS).toISOString();
  const stored = await ctx.repo.findPossibleDuplicate(sql, categoryCode, gridCode, since, until);
  const page = ctx.page;
  if (!page) return stored?.id === eventId ? undefined : stored;
  let best: EventRecord | undefined;
  for (const e of page.events.values()) {
    if (!e || e.id === eventId || !e.is_open || e.category_code !== categoryCode || e.grid_code !== gridCode) continue;
    if (e.reported_at < since || e.reported_at > until) continue;
    if (!best || e.reported_at > best.reported_at) best = e;
  }
  // A stored hit the page has changed (closed, merged) is judged as the page holds it.
  const fromStore = stored && stored.id !== eventId && !page.has(stored.id) ? await ctx.repo.get(sql, stored.id) : undefined;
  if (fromStore && (!best || fromStore.reported_at > best.reported_at)) best = fromStore;
  return best ? { id: best.id } : undefined;
}

/** A report time further ahead of the clock than this is refused (a wrong PC clock, a typo). */
const FUTURE_SLACK_MS = 5 * 60_000;

export class EventIntake {
  constructor(private readonly ctx: EventContext) {}

  report(actor: Actor, input: ReportInput): Promise<string> {
    const { ctx } = this;
    return ctx.run('report', actor, 'report', async (tx) => {
      const item = ctx.item(input.categoryCode);
      if (input.gridCode && !ctx.town.grids.has(input.gridCode)) refuse('unknown_grid', `unknown grid ${input.gridCode}`, { code: input.gridCode });
      refuseInactive(ctx.town, item, input.gridCode, 'desk');
      const at = tx.at;
      const now = new Date(at);
      const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
      if (reportedAt.getTime() > now.getTime() + FUTURE_SLACK_MS) refuse('invalid', 'reportedAt is in the future', { field: 'reportedAt' });
      const id = newId();
      const payload: Record<string, unknown> = {
        title: input.title,
        categoryCode: input.categoryCode,
        level: input.level,
        source: input.source,
        reportedAt: reportedAt.toISOString(),
      };
      if (input.gridCode) payload.gridCode = input.gridCode;
      if (input.description) payload.description = input.description;
      if (input.location) payload.location = input.location;
      if (input.sensor) payload.sensor = input.sensor;
      const refusal = checkAction('report', undefined, payload, 'console');
      if (refusal) refuse('invalid', refusal.message);
      const acceptDue = deadline(ctx.calendar.current(), reportedAt, 'accept', item.limits, input.level).toISOString();
      const duplicate = await possibleDuplicate(ctx, tx.sql, id, input.categoryCode, input.gridCode, reportedAt.toISOString());
      const hlc = ctx.hlc.now();
      const event = ctx.newRecord(id, { ...input, reportedAt: reportedAt.toISOString() }, item, acceptDue, duplicate?.id ?? null, hlc, at);
      await ctx.repo.insert(tx.sql, event);
      await ctx.repo.appendTimeline(tx.sql, {
        eventId: id,
        action: 'report',
        fromState: null,
        toState: 'reported',
        actorId: actor.id,
        at,
        payload: { ...payload, callerName: input.callerName, callerPhone: input.callerPhone, possibleDuplicateOf: duplicate?.id },
      });
      await tx.outbox({ entity: 'event', entityId: id, kind: 'action', action: 'report', payload, hlc, at });
      tx.emit({ topic: 'events', ids: [id] });
      if (LEVEL_RANK[input.level] >= LEVEL_RANK.serious) {
        await tx.raiseAlarm({ key: `new_serious:${id}`, kind: 'new_serious', eventId: id, detail: { level: input.level }, at });
        tx.emit({ topic: 'alarms' });
      }
      if (input.source === 'sensor') {
        const detail: Record<string, string> = { title: input.title, level: input.level };
        if (input.sensor) Object.assign(detail, { sensorType: input.sensor.type, sensorValue: String(input.sensor.value) });
        await tx.raiseAlarm({ key: sensorAlertKey(id), kind: 'sensor_alert', eventId: id, detail, at });
        tx.emit({ topic: 'alarms' });
      }
      await ctx.recorded(tx, { id, title: input.title, categoryCode: input.categoryCode, level: input.level, source: input.source, sensor: input.sensor ?? null }, at);
      return id;
    });
  }
}
