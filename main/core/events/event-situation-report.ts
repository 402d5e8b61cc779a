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
 */
import { REPORT_LIMIT_MAX, REPORT_LIMIT_MIN, type ReportLimits } from '../../../preload/contract/situation-report-schemas';
import type { Level } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { getMeta, SYSTEM, type Actor } from '../kernel';
import { settleAlarm } from '../kernel/alarm.repository';
import { setMeta } from '../kernel/meta.repository';
import { permit } from '../kernel/permissions';
import type { EventContext, EventWrite } from './event-context';
import { canStart, situationStageConflict, type EventState, type SituationStage } from './event-lifecycle';
import type { EventRecord } from './event.repository';
import { transition } from './event-transition';
import { LEVEL_RANK } from './event-types';

/** Where the limits are kept (the `meta` table, JSON of ReportLimits). */
export const REPORT_LIMITS_KEY = 'situation_report.first_minutes';

/** 60 minutes for 重大 and 特别重大: in writing within 1 hour (State Council, 2015; STANDARDS.md). */
export const DEFAULT_REPORT_LIMITS: Readonly<ReportLimits> = { serious: 60, especially_serious: 60 };

export const firstReportAlarmKey = (eventId: string): string => `first_report_overdue:${eventId}`;

/** What a settled 首报超时 says (the alarm list shows it). */
export const SETTLED_FIRST_REPORT = '首报已报送';
export const SETTLED_FIRST_REPORT_GONE = '事件已无需首报';

/** Whether an event of this level owes the district its situation reports (serious and above). */
export function owesReports(level: string): level is keyof ReportLimits {
  return (LEVEL_RANK[level as Level] ?? 0) >= LEVEL_RANK.serious;
}

export async function readReportLimits(sql: Sql): Promise<ReportLimits> {
  const raw = await getMeta(sql, REPORT_LIMITS_KEY);
  if (!raw) return { ...DEFAULT_REPORT_LIMITS };
  const stored = JSON.parse(raw) as Partial<ReportLimits>;
  return { ...DEFAULT_REPORT_LIMITS, ...stored };
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

/** The row after a report of this stage: the first's and the final's times (the earliest first kept). */
export function reportChanges(e: EventRecord, stage: SituationStage, at: string): Partial<EventRecord> {
  if (stage === 'first' && !e.first_report_at) return { first_report_at: at };
  if (stage === 'final' && !e.final_report_at) return { final_report_at: at };
  return {};
}

/** Settles the event's 首报超时 once its first report is filed (in a sync page: with the page's writes). */
export async function settleFirstReportAlarm(ctx: Pick<EventContext, 'page'>, sql: Sql, actorId: string, eventId: string, at: string): Promise<void> {
  if (ctx.page) ctx.page.settleAlarm(firstReportAlarmKey(eventId), actorId, SETTLED_FIRST_REPORT, at);
  else await settleAlarm(sql, firstReportAlarmKey(eventId), actorId, SETTLED_FIRST_REPORT, at);
}

/** Applies a situation report from the other console (through the district): the row and the alarm. */
export async function applyRemoteReport(ctx: EventContext, w: EventWrite, actor: Actor, e: EventRecord, p: Record<string, unknown>, at: string): Promise<Partial<EventRecord>> {
  const stage = p.stage as SituationStage;
  if (stage === 'first') await settleFirstReportAlarm(ctx, w.sql, actor.id, e.id, at);
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
      await transition(ctx, tx, actor, e, 'situation_report', { stage: req.stage, text }, reportChanges(e, req.stage, tx.at), tx.at, extra);
      if (req.stage === 'first') {
        await tx.settleAlarm(firstReportAlarmKey(e.id), SETTLED_FIRST_REPORT);
        tx.emit({ topic: 'alarms' });
      }
      tx.emit({ topic: 'events', ids: [e.id] });
    });
  }

  limits(actor: Actor): Promise<ReportLimits> {
    permit(actor, 'read');
    return this.ctx.kernel.read((sql) => readReportLimits(sql));
  }

  /** 系统设置 → 情况报告: the first report's limit per level (whole minutes, 5 to 1440); audited. Events already accepted keep their due time. */
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
        await setMeta(tx.sql, REPORT_LIMITS_KEY, JSON.stringify({ serious: limits.serious, especially_serious: limits.especially_serious }));
      },
    );
  }

  /**
   * The sweep's part: 首报超时 once per event whose first report is past due (not invalid, not merged),
   * and the settling of those whose reason went some other way (filed through a sync page, the event
   * reclassified below serious, merged or invalid).
   */
  async sweep(at: string): Promise<number> {
    const { ctx } = this;
    const [late, stale] = await ctx.kernel.read(
      async (sql) =>
        [
          await sql.all<{ id: string; level: string; first_report_due: string }>(
            `SELECT e.id, e.level, e.first_report_due FROM event e
              WHERE e.first_report_due IS NOT NULL AND e.first_report_at IS NULL AND e.first_report_due <= ? AND e.state NOT IN ('invalid', 'merged')
                AND NOT EXISTS (SELECT 1 FROM alarm a WHERE a.key = 'first_report_overdue:' || e.id)
              ORDER BY e.first_report_due LIMIT 500`,
            [at],
          ),
          await sql.all<{ key: string; filed: number }>(
            `SELECT a.key, e.first_report_at IS NOT NULL AS filed FROM alarm a LEFT JOIN event e ON e.id = a.event_id
              WHERE a.kind = 'first_report_overdue' AND a.acked_at IS NULL
                AND COALESCE(e.first_report_at IS NOT NULL OR e.first_report_due IS NULL OR e.state IN ('invalid', 'merged'), 1)
              LIMIT 500`,
          ),
        ] as const,
    );
    if (late.length === 0 && stale.length === 0) return 0;
    return ctx.kernel.run({ name: 'events.sweep', actor: SYSTEM, audit: false }, async (tx) => {
      let raised = 0;
      for (const row of late) {
        const detail = { dueAt: row.first_report_due, level: row.level };
        if (await tx.raiseAlarm({ key: firstReportAlarmKey(row.id), kind: 'first_report_overdue', eventId: row.id, detail, at })) raised += 1;
      }
      for (const a of stale) await tx.settleAlarm(a.key, a.filed ? SETTLED_FIRST_REPORT : SETTLED_FIRST_REPORT_GONE);
      tx.emit({ topic: 'alarms' });
      if (late.length > 0) tx.emit({ topic: 'events', ids: late.map((r) => r.id) });
      return raised + stale.length;
    });
  }
}
