/**
 * 首报 / 续报 / 终报 (situation reports to the district, issue #15, PROTOCOL.md v1.1
 * `situation_report`): what an event of level serious and above owes the district — a first report,
 * numbered updates (续报一, 续报二 …) and a final report — each an action on the event with its
 * `stage` and `text`, in any state but invalid and merged, the state unchanged.
 *
 * The rules (README "An event's life", docs in the migration 0016):
 * - PROTOCOL's: a second `final` is refused, and an `update` before any `first`. This console also
 *   refuses a second `first` and a `final` before any `first` (a report the district could not place);
 *   an op from the other console is applied as the district accepted it.
 * - Any level may file them (PROTOCOL does not limit them to serious events; a 较大 event that turns
 *   sensitive is reported whatever its level, STANDARDS.md); only serious and above owe them: their
 *   first report has a clock and an alarm.
 * - The clock: once an event of level serious or above is accepted, its first report is due within the
 *   level's limit (系统设置 → 情况报告). Defaults: 60 minutes for 重大 and 特别重大 — the State Council
 *   duty office's rule for 重特大 events, in writing within 1 hour (STANDARDS.md, "Situation reports";
 *   provinces and counties may tighten it, e.g. Henan's 35 minutes, by changing the setting). An event
 *   reclassified to serious after its acceptance counts from the reclassification. The due time is set
 *   once, on the row (`first_report_due`), and each console computes it with its own setting when it
 *   learns of the acceptance; a reclassification below serious before the first report clears it.
 * - Late: the sweep raises 首报超时 (`first_report_overdue`, once per event), which follows its
 *   升级提醒 chain and is settled when the first report is filed (here, or from the other console).
 * - 首报及时率: of the events with `first_report_due` set, those with `first_report_at <= first_report_due`.
 * - 续报's clock: once the first report is filed, the next update is due the level's interval after the
 *   latest first report or update (系统设置 → 情况报告). Defaults: 720 minutes for 重大 and 特别重大 — updates
 *   "at least daily, twice daily for 重大 and above" (国务院令493, STANDARDS.md); Henan's fixed times (before
 *   08:00 and 17:00) are not modelled: a town sets a shorter interval instead. Each console keeps it on the
 *   row (`update_report_due`) from the latest report's own time (the op's `at`; the latest of the reports
 *   filed, whatever order two consoles' reports arrive in), so two consoles with the same setting agree. It ends
 *   (cleared) when the final report is filed, when the event is closed, invalid or merged, or reclassified
 *   below serious; it starts again from a reopen, or from a reclassification to serious of an event whose
 *   first report is filed. A reclassification between 重大 and 特别重大 keeps the due time: the new interval
 *   counts from the next report. A held event (挂账) or a return waiting for consent does not stop it
 *   (the district is owed its reports whatever the handling clock does).
 * - Late: the same sweep raises 续报超时 (`update_report_overdue`, once per event and due time), which
 *   follows its own 升级提醒 chain through the same machinery and is settled by the next report (续报 or
 *   终报, here or from the other console) or when the event no longer owes one.
 */
import {
  REPORT_LIMIT_MAX,
  REPORT_LIMIT_MIN,
  UPDATE_INTERVAL_MAX,
  UPDATE_INTERVAL_MIN,
  type ReportLimits,
  type UpdateIntervals,
} from '../../../preload/contract/situation-report-schemas';
import type { Level } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { getMeta, SYSTEM, type Actor } from '../kernel';
import { settleAlarm } from '../kernel/alarm.repository';
import { setMeta } from '../kernel/meta.repository';
import { permit } from '../kernel/permissions';
import type { EventContext, EventWrite } from './event-context';
import { canStart, situationStageConflict, TERMINAL_STATES, type EventAction, type EventState, type SituationStage } from './event-lifecycle';
import type { EventRecord } from './event.repository';
import { transition } from './event-transition';
import { LEVEL_RANK } from './event-types';

/** Where the limits are kept (the `meta` table, JSON of ReportLimits). */
export const REPORT_LIMITS_KEY = 'situation_report.first_minutes';

/** 60 minutes for 重大 and 特别重大: in writing within 1 hour (State Council, 2015; STANDARDS.md). */
export const DEFAULT_REPORT_LIMITS: Readonly<ReportLimits> = { serious: 60, especially_serious: 60 };

/** Where the updates' intervals are kept (the `meta` table, JSON of UpdateIntervals). */
export const UPDATE_INTERVALS_KEY = 'situation_report.update_minutes';

/** 720 minutes (twice a day) for 重大 and 特别重大: updates at least daily, twice daily for 重大 and above (国务院令493; STANDARDS.md). */
export const DEFAULT_UPDATE_INTERVALS: Readonly<UpdateIntervals> = { serious: 720, especially_serious: 720 };

export const firstReportAlarmKey = (eventId: string): string => `first_report_overdue:${eventId}`;
/** One 续报超时 per event and due time: each update missed is an alarm of its own. */
export const updateReportAlarmKey = (eventId: string, dueAt: string): string => `update_report_overdue:${eventId}:${dueAt}`;

/** What a settled 首报超时 / 续报超时 says (the alarm list shows it). */
export const SETTLED_FIRST_REPORT = '首报已报送';
export const SETTLED_FIRST_REPORT_GONE = '事件已无需首报';
export const SETTLED_UPDATE_REPORT = '续报已报送';
export const SETTLED_FINAL_REPORT = '终报已报送';
export const SETTLED_UPDATE_REPORT_GONE = '事件已无需续报';

/** The limits as read: the first report's per level and the updates' intervals. */
export type AllReportLimits = ReportLimits & { update: UpdateIntervals };

/** Whether an event of this level owes the district its situation reports (serious and above). */
export function owesReports(level: string): level is keyof UpdateIntervals {
  return (LEVEL_RANK[level as Level] ?? 0) >= LEVEL_RANK.serious;
}

export async function readReportLimits(sql: Sql): Promise<AllReportLimits> {
  const raw = await getMeta(sql, REPORT_LIMITS_KEY);
  const stored = raw ? (JSON.parse(raw) as Partial<ReportLimits>) : {};
  return {
    serious: stored.serious ?? DEFAULT_REPORT_LIMITS.serious,
    especially_serious: stored.especially_serious ?? DEFAULT_REPORT_LIMITS.especially_serious,
    update: await readUpdateIntervals(sql),
  };
}

export async function readUpdateIntervals(sql: Sql): Promise<UpdateIntervals> {
  const raw = await getMeta(sql, UPDATE_INTERVALS_KEY);
  if (!raw) return { ...DEFAULT_UPDATE_INTERVALS };
  return { ...DEFAULT_UPDATE_INTERVALS, ...(JSON.parse(raw) as Partial<UpdateIntervals>) };
}

/** Both report clocks after a change (every transition asks, event-transition.ts). */
export async function reportClocks(
  ctx: Pick<EventContext, 'page'>,
  sql: Sql,
  before: EventRecord,
  next: EventRecord,
  action: EventAction,
  payload: Record<string, unknown>,
  at: string,
): Promise<Partial<EventRecord>> {
  const first = await firstReportClock(sql, before, next, at);
  return { ...first, ...(await updateReportClock(ctx, sql, { ...next, ...first }, action, payload, at)) };
}

/**
 * The first report's clock after a change (every transition asks, event-transition.ts): set once when
 * an event of level serious or above is accepted (or reclassified to serious after it), cleared when it
 * is reclassified below serious before its first report. Nothing once the first report is filed.
 */
export async function firstReportClock(sql: Sql, before: EventRecord, next: EventRecord, at: string): Promise<Partial<EventRecord>> {
  if (next.first_report_at) return {};
  if (!owesReports(next.level)) return next.first_report_due ? { first_report_due: null } : {};
  if (next.first_report_due || !next.accepted_at) return {};
  // Only the change that starts the clock: the acceptance, or the reclassification that made an
  // accepted event serious (an event accepted before this console kept the clock starts none).
  const accepting = !before.accepted_at;
  if (!accepting && owesReports(before.level)) return {};
  const limits = await readReportLimits(sql);
  const from = accepting ? next.accepted_at : at;
  return { first_report_due: new Date(Date.parse(from) + limits[next.level] * 60_000).toISOString() };
}

/**
 * 续报's clock after a change: none owed below serious, before the first report, after the final one or
 * once the event is closed, invalid or merged; a first report or update sets it to the latest report's
 * time plus the level's interval (the latest of this one and those before it: two consoles' reports may
 * arrive in either order, and both end on the same latest report); an event that comes to owe updates
 * again (a reopen, a reclassification to serious) counts from that change. Any other change keeps it.
 */
export async function updateReportClock(
  ctx: Pick<EventContext, 'page'>,
  sql: Sql,
  next: EventRecord,
  action: EventAction,
  payload: Record<string, unknown>,
  at: string,
): Promise<Partial<EventRecord>> {
  const current = next.update_report_due ?? null;
  if (!owesReports(next.level) || !next.first_report_at || next.final_report_at || TERMINAL_STATES.has(next.state as EventState)) {
    return current ? { update_report_due: null } : {};
  }
  const reported = action === 'situation_report' && (payload.stage === 'first' || payload.stage === 'update');
  if (current && !reported) return {};
  const latest = reported ? await latestReportAt(ctx, sql, next.id) : null;
  const from = latest && latest > at ? latest : at;
  const intervals = await readUpdateIntervals(sql);
  return { update_report_due: new Date(Date.parse(from) + intervals[next.level] * 60_000).toISOString() };
}

/** The latest first report or update of the event filed before this change (written, or still in the sync page). */
async function latestReportAt(ctx: Pick<EventContext, 'page'>, sql: Sql, eventId: string): Promise<string | null> {
  const row = await sql.get<{ at: string | null }>(
    // The event's own rows (idx_timeline_event), not every report of the town (idx_timeline_action, which SQLite picks unhinted).
    `SELECT MAX(at) AS at FROM event_timeline INDEXED BY idx_timeline_event WHERE event_id = ? AND action = 'situation_report' AND payload ->> '$.stage' IN ('first', 'update')`,
    [eventId],
  );
  const written = row?.at ?? null;
  const buffered = ctx.page?.latestReportAt(eventId) ?? null;
  return written && buffered ? (written > buffered ? written : buffered) : (written ?? buffered);
}

/** The row after a report of this stage: the first's and the final's times (the earliest first kept). */
export function reportChanges(e: EventRecord, stage: SituationStage, at: string): Partial<EventRecord> {
  if (stage === 'first' && !e.first_report_at) return { first_report_at: at };
  if (stage === 'final' && !e.final_report_at) return { final_report_at: at };
  return {};
}

/** What a report of this stage settles on the event as it was: 首报超时 (a first report), the running 续报超时 (any report). */
export function settledByReport(e: EventRecord, stage: SituationStage): [key: string, note: string][] {
  const settled: [string, string][] = [];
  if (stage === 'first') settled.push([firstReportAlarmKey(e.id), SETTLED_FIRST_REPORT]);
  if (e.update_report_due) settled.push([updateReportAlarmKey(e.id, e.update_report_due), stage === 'final' ? SETTLED_FINAL_REPORT : SETTLED_UPDATE_REPORT]);
  return settled;
}

/** Applies a situation report from the other console (through the district): the row and the alarms (in a sync page: with the page's writes). */
export async function applyRemoteReport(ctx: EventContext, w: EventWrite, actor: Actor, e: EventRecord, p: Record<string, unknown>, at: string): Promise<Partial<EventRecord>> {
  const stage = p.stage as SituationStage;
  for (const [key, note] of settledByReport(e, stage)) {
    if (ctx.page) ctx.page.settleAlarm(key, actor.id, note, at);
    else await settleAlarm(w.sql, key, actor.id, note, at);
  }
  return reportChanges(e, stage, at);
}

/** 续报's number: the updates filed before this one, plus one. */
async function updateNumber(sql: Sql, eventId: string): Promise<number> {
  const row = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM event_timeline WHERE event_id = ? AND action = 'situation_report' AND payload ->> '$.stage' = 'update'`, [
    eventId,
  ]);
  return (row?.n ?? 0) + 1;
}

export class EventSituationReport {
  constructor(private readonly ctx: EventContext) {}

  /** Files a 首报 / 续报 / 终报: the timeline row (with its number and whether it was late), the op, the alarm settled. */
  file(actor: Actor, req: { eventId: string; stage: SituationStage; text: string }): Promise<void> {
    const { ctx } = this;
    return ctx.run('situationReport', actor, 'situationReport', async (tx) => {
      const e = await ctx.loadTarget(tx.sql, req.eventId);
      const text = req.text.trim();
      // The state first (the transition refuses it); then the order of the stages.
      if (canStart('situation_report', e.state as EventState)) {
        const filed = [...(e.first_report_at ? ['first'] : []), ...(e.final_report_at ? ['final'] : [])];
        if (req.stage === 'first' && e.first_report_at) refuse('first_report_filed', 'the first report is filed already: file an update', { at: e.first_report_at });
        if (req.stage === 'final' && e.final_report_at) refuse('final_report_filed', situationStageConflict('final', filed) ?? 'final filed', { at: e.final_report_at });
        if (req.stage !== 'first' && !e.first_report_at) refuse('first_report_missing', situationStageConflict('update', filed) ?? 'first report missing', { stage: req.stage });
      }
      const extra: Record<string, unknown> = {};
      if (req.stage === 'update') extra.n = await updateNumber(tx.sql, e.id);
      if (req.stage === 'first' && e.first_report_due) Object.assign(extra, { dueAt: e.first_report_due, late: tx.at > e.first_report_due });
      if (req.stage === 'update' && e.update_report_due) Object.assign(extra, { dueAt: e.update_report_due, late: tx.at > e.update_report_due });
      await transition(ctx, tx, actor, e, 'situation_report', { stage: req.stage, text }, reportChanges(e, req.stage, tx.at), tx.at, extra);
      const settled = settledByReport(e, req.stage);
      for (const [key, note] of settled) await tx.settleAlarm(key, note);
      if (settled.length > 0) tx.emit({ topic: 'alarms' });
      tx.emit({ topic: 'events', ids: [e.id] });
    });
  }

  limits(actor: Actor): Promise<AllReportLimits> {
    permit(actor, 'read');
    return this.ctx.kernel.read((sql) => readReportLimits(sql));
  }

  /**
   * 系统设置 → 情况报告: the first report's limit per level (whole minutes, 5 to 1440) and the updates'
   * interval per level (whole minutes, 30 to 1440; kept as they are when not given); one command, audited.
   * Events already accepted keep their first report's due time, and events owing an update their next
   * update's: a new interval counts from the next report.
   */
  saveLimits(actor: Actor, limits: ReportLimits): Promise<void> {
    return this.ctx.kernel.run(
      { name: 'events.saveReportLimits', actor, permission: 'manageReportLimits', audit: { entity: 'settings', entityId: REPORT_LIMITS_KEY, detail: limits } },
      async (tx) => {
        for (const level of ['serious', 'especially_serious'] as const) {
          const m = limits[level];
          if (!Number.isInteger(m) || m < REPORT_LIMIT_MIN || m > REPORT_LIMIT_MAX) {
            refuse('report_limit_invalid', `the limit of ${level} must be whole minutes from ${REPORT_LIMIT_MIN} to ${REPORT_LIMIT_MAX}`, {
              level,
              min: REPORT_LIMIT_MIN,
              max: REPORT_LIMIT_MAX,
            });
          }
        }
        for (const level of ['serious', 'especially_serious'] as const) {
          const m = limits.update?.[level];
          if (m !== undefined && (!Number.isInteger(m) || m < UPDATE_INTERVAL_MIN || m > UPDATE_INTERVAL_MAX)) {
            refuse('update_interval_invalid', `the update interval of ${level} must be whole minutes from ${UPDATE_INTERVAL_MIN} to ${UPDATE_INTERVAL_MAX}`, {
              level,
              min: UPDATE_INTERVAL_MIN,
              max: UPDATE_INTERVAL_MAX,
            });
          }
        }
        await setMeta(tx.sql, REPORT_LIMITS_KEY, JSON.stringify({ serious: limits.serious, especially_serious: limits.especially_serious }));
        if (limits.update) {
          await setMeta(tx.sql, UPDATE_INTERVALS_KEY, JSON.stringify({ serious: limits.update.serious, especially_serious: limits.update.especially_serious }));
        }
      },
    );
  }

  /**
   * The sweep's part, for both report clocks (REPORT_CLOCKS): 首报超时 once per event whose first report
   * is past due, 续报超时 once per event and due time of an update past due; and the settling of those
   * whose reason went some other way (filed through a sync page, the event reclassified below serious,
   * closed, merged or invalid). The raised alarms follow their 升级提醒 chains (main/core/alarms).
   */
  async sweep(at: string): Promise<number> {
    const { ctx } = this;
    const found = await ctx.kernel.read(async (sql) => {
      const out: { clock: ReportClock; late: LateReport[]; stale: { key: string; note: string }[] }[] = [];
      for (const clock of REPORT_CLOCKS) out.push({ clock, late: await sql.all<LateReport>(clock.late, [at]), stale: await sql.all<{ key: string; note: string }>(clock.stale) });
      return out;
    });
    if (found.every((f) => f.late.length === 0 && f.stale.length === 0)) return 0;
    return ctx.kernel.run({ name: 'events.sweep', actor: SYSTEM, audit: false }, async (tx) => {
      let touched = 0;
      const ids: string[] = [];
      for (const { clock, late, stale } of found) {
        for (const row of late) {
          const detail = { dueAt: row.due, level: row.level };
          if (await tx.raiseAlarm({ key: clock.key(row.id, row.due), kind: clock.kind, eventId: row.id, detail, at })) touched += 1;
          ids.push(row.id);
        }
        for (const a of stale) await tx.settleAlarm(a.key, a.note);
        touched += stale.length;
      }
      tx.emit({ topic: 'alarms' });
      if (ids.length > 0) tx.emit({ topic: 'events', ids });
      return touched;
    });
  }
}

interface LateReport {
  id: string;
  level: string;
  due: string;
}

interface ReportClock {
  kind: 'first_report_overdue' | 'update_report_overdue';
  key(eventId: string, dueAt: string): string;
  /** Events past due with no alarm for that due time yet (bound: now). */
  late: string;
  /** Open alarms of the kind whose reason is gone, with what their settling says. */
  stale: string;
}

/** The two report clocks the sweep watches: one query each for the late and the stale, through idx_event_first_report / idx_event_update_report. */
const REPORT_CLOCKS: readonly ReportClock[] = [
  {
    kind: 'first_report_overdue',
    key: (eventId) => firstReportAlarmKey(eventId),
    late: `SELECT e.id, e.level, e.first_report_due AS due FROM event e
      WHERE e.first_report_due IS NOT NULL AND e.first_report_at IS NULL AND e.first_report_due <= ? AND e.state NOT IN ('invalid', 'merged')
        AND NOT EXISTS (SELECT 1 FROM alarm a WHERE a.key = 'first_report_overdue:' || e.id)
      ORDER BY e.first_report_due LIMIT 500`,
    stale: `SELECT a.key, CASE WHEN e.first_report_at IS NOT NULL THEN '${SETTLED_FIRST_REPORT}' ELSE '${SETTLED_FIRST_REPORT_GONE}' END AS note
      FROM alarm a LEFT JOIN event e ON e.id = a.event_id
      WHERE a.kind = 'first_report_overdue' AND a.acked_at IS NULL
        AND COALESCE(e.first_report_at IS NOT NULL OR e.first_report_due IS NULL OR e.state IN ('invalid', 'merged'), 1)
      LIMIT 500`,
  },
  {
    kind: 'update_report_overdue',
    key: updateReportAlarmKey,
    // update_report_due is cleared once nothing is owed (final report, closed, invalid, merged, below serious).
    late: `SELECT e.id, e.level, e.update_report_due AS due FROM event e
      WHERE e.update_report_due IS NOT NULL AND e.update_report_due <= ?
        AND NOT EXISTS (SELECT 1 FROM alarm a WHERE a.key = 'update_report_overdue:' || e.id || ':' || e.update_report_due)
      ORDER BY e.update_report_due LIMIT 500`,
    stale: `SELECT a.key, CASE WHEN e.final_report_at IS NOT NULL THEN '${SETTLED_FINAL_REPORT}'
          WHEN e.update_report_due > a.message ->> '$.dueAt' THEN '${SETTLED_UPDATE_REPORT}' ELSE '${SETTLED_UPDATE_REPORT_GONE}' END AS note
      FROM alarm a LEFT JOIN event e ON e.id = a.event_id
      WHERE a.kind = 'update_report_overdue' AND a.acked_at IS NULL AND NOT COALESCE(e.update_report_due = a.message ->> '$.dueAt', 0)
      LIMIT 500`,
  },
];
