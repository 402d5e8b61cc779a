/**
 * 值班日报's content over a period [from, to): a read of what the other parts already know, never a
 * second computation of it (docs/duty-reports.md):
 * - the headline figures (按时受理率, 按期办结率, 超期件数, 挂账数 …) are core.metrics' (figures.ts);
 * - the alarms and their acknowledgement (who, how fast, median and slowest) are 告警记录's (alarm-history.ts);
 * - who was on duty is the roster's shifts; the handovers are the handover's own list.
 * What is read here directly are the lists of events behind the report (by category and state, the
 * serious ones with their 首报/续报/终报 from the timeline, the overdue and the held ones): read-only SQL
 * over the event table and its timeline.
 */
import type { AlarmHistory } from '../../../preload/contract/escalation-schemas';
import type { MetricsFigures } from '../../../preload/contract/metrics-schemas';
import type { DutyReportContent, DutyReportKind, ReportEvent, SituationReportEntry } from '../../../preload/contract/report-schemas';
import type { HandoverSummary } from '../../../preload/contract/roster-schemas';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import type { Sql } from '../db/db';

/** What a report reads, each through the part that owns it (wired in app-core.ts). */
export interface ReportSources {
  readonly town: () => {
    readonly townCode: string;
    readonly centreName: string;
    readonly categoryOf: (itemCode: string) => { code: string; name: string } | null;
    readonly gridName: (code: string) => string | null;
    readonly postName: (id: string) => string | null;
    readonly personName: (id: string) => string | null;
  };
  /** core.metrics.compute('town', range). */
  readonly figures: (range: { from: string; to: string }) => Promise<MetricsFigures>;
  /** 告警记录 over [from, to] (newest first; its counts, median and slowest over every alarm of the period). */
  readonly alarms: (range: { from: string; to: string }) => Promise<AlarmHistory>;
  /** The roster's shifts that overlap [fromMs, toMs), each role with the ids of its people. */
  readonly shifts: (fromMs: number, toMs: number) => readonly ReportShift[];
  /** The handovers of these roster months (YYYY-MM). */
  readonly handovers: (months: readonly string[]) => Promise<readonly HandoverSummary[]>;
}

/** A shift of the roster as a report names it. */
export interface ReportShift {
  readonly date: string;
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly roles: readonly { readonly label: string; readonly personIds: readonly string[] }[];
}

/** The most rows a list of a report holds (a month of a busy town stays printable). */
export const REPORT_LIST_MAX = 500;

const SERIOUS = ['serious', 'especially_serious'];

/** `2026-11-02 08:30` in Beijing time. */
export function beijingMinute(iso: string): string {
  const t = new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

interface EventRow {
  id: string;
  title: string;
  level: string;
  state: string;
  category_code: string;
  grid_code: string | null;
  lead_post_id: string | null;
  reported_at: string;
  resolve_due: string | null;
  closed_at: string | null;
  hold_review_by?: string | null;
  carry_over_note?: string | null;
}

const EVENT_COLUMNS = `id, title, level, state, category_code, grid_code, lead_post_id, reported_at, resolve_due, closed_at`;

export interface ContentRequest {
  readonly kind: DutyReportKind;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly shiftName: string | null;
  readonly generatedAt: string;
  readonly generatedByName: string | null;
}

/** The months (YYYY-MM, Beijing) a period touches. */
function monthsOf(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  const first = new Date(fromMs + BEIJING_OFFSET_MS);
  const last = new Date(toMs - 1 + BEIJING_OFFSET_MS);
  for (let y = first.getUTCFullYear(), m = first.getUTCMonth(); y < last.getUTCFullYear() || (y === last.getUTCFullYear() && m <= last.getUTCMonth());) {
    out.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return out;
}

/** Everything a report over [from, to) holds, read at `now`. */
export async function reportContent(read: <T>(fn: (sql: Sql) => Promise<T>) => Promise<T>, sources: ReportSources, req: ContentRequest, now: string): Promise<DutyReportContent> {
  const town = sources.town();
  const range = { from: req.from, to: req.to };
  const fromMs = Date.parse(req.from);
  const toMs = Date.parse(req.to);
  // The headline figures: core.metrics' own, for the whole town (the group '').
  const metrics = await sources.figures(range);
  const group = metrics.groups.find((g) => g.key === '') ?? metrics.groups[0];
  // 告警记录 over the period ([from, to] there: the last millisecond of the period is its end).
  const alarms = await sources.alarms({ from: req.from, to: new Date(toMs - 1).toISOString() });
  const end = req.to < now ? req.to : now;

  const rows = await read(async (sql) => {
    const counts = await sql.all<{ category_code: string; state: string; n: number }>(
      `SELECT category_code, state, count(*) AS n FROM event WHERE town_code = ? AND reported_at >= ? AND reported_at < ? GROUP BY category_code, state`,
      [town.townCode, req.from, req.to],
    );
    const serious = await sql.all<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event WHERE town_code = ? AND level IN (${SERIOUS.map(() => '?').join(',')})
        AND reported_at < ? AND (reported_at >= ? OR is_open = 1) ORDER BY reported_at LIMIT ${REPORT_LIST_MAX}`,
      [town.townCode, ...SERIOUS, req.to, req.from],
    );
    const situation =
      serious.length === 0
        ? []
        : await sql.all<{ event_id: string; actor_id: string | null; at: string; payload: string }>(
            `SELECT event_id, actor_id, at, payload FROM event_timeline WHERE action = 'situation_report' AND at < ?
              AND event_id IN (${serious.map(() => '?').join(',')}) ORDER BY id`,
            [req.to, ...serious.map((e) => e.id)],
          );
    // Open (not held, not the district's) past the resolve limit at the period's end; closed late in the period.
    const openLate = await sql.all<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event WHERE town_code = ? AND is_open = 1 AND carried_over = 0 AND state NOT IN ('returned', 'escalated')
        AND resolve_due IS NOT NULL AND resolve_due < ? AND reported_at < ? ORDER BY resolve_due LIMIT ${REPORT_LIST_MAX}`,
      [town.townCode, end, req.to],
    );
    const closedLate = await sql.all<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event WHERE town_code = ? AND state = 'closed' AND closed_at >= ? AND closed_at < ?
        AND resolve_due IS NOT NULL AND closed_at > resolve_due ORDER BY closed_at LIMIT ${REPORT_LIST_MAX}`,
      [town.townCode, req.from, req.to],
    );
    const held = await sql.all<EventRow>(
      `SELECT ${EVENT_COLUMNS}, hold_review_by, carry_over_note FROM event WHERE town_code = ? AND is_open = 1 AND carried_over = 1
        ORDER BY hold_review_by, reported_at LIMIT ${REPORT_LIST_MAX}`,
      [town.townCode],
    );
    return { counts, serious, situation, openLate, closedLate, held };
  });

  const event = (r: EventRow): ReportEvent => ({
    id: r.id,
    title: r.title,
    level: r.level,
    state: r.state,
    categoryName: town.categoryOf(r.category_code)?.name ?? r.category_code,
    gridName: r.grid_code ? (town.gridName(r.grid_code) ?? r.grid_code) : null,
    leadPostName: r.lead_post_id ? town.postName(r.lead_post_id) : null,
    reportedAt: r.reported_at,
    resolveDue: r.resolve_due,
    closedAt: r.closed_at,
  });

  const byCategory = new Map<string, { code: string; name: string; count: number }>();
  const byState = new Map<string, number>();
  for (const c of rows.counts) {
    const cat = town.categoryOf(c.category_code) ?? { code: c.category_code, name: c.category_code };
    const entry = byCategory.get(cat.code) ?? { ...cat, count: 0 };
    entry.count += c.n;
    byCategory.set(cat.code, entry);
    byState.set(c.state, (byState.get(c.state) ?? 0) + c.n);
  }

  const reportsOf = new Map<string, SituationReportEntry[]>();
  for (const s of rows.situation) {
    const payload = JSON.parse(s.payload) as { stage?: string; text?: string };
    if (payload.stage !== 'first' && payload.stage !== 'update' && payload.stage !== 'final') continue;
    const list = reportsOf.get(s.event_id) ?? [];
    list.push({ stage: payload.stage, text: payload.text ?? '', at: s.at, byName: s.actor_id ? town.personName(s.actor_id) : null });
    reportsOf.set(s.event_id, list);
  }

  const handovers = (await sources.handovers(monthsOf(fromMs, toMs)))
    .filter((h) => h.signedAt !== null && h.signedAt >= req.from && h.signedAt < req.to)
    .sort((a, b) => (a.signedAt! < b.signedAt! ? -1 : 1))
    .map((h) => ({
      id: h.id,
      shift: `${h.shift.date} ${h.shift.name}`.trim(),
      outgoingName: h.outgoingName,
      incomingName: h.incomingName,
      signedAt: h.signedAt,
    }));

  const duty = sources.shifts(fromMs, toMs).map((s) => ({
    date: s.date,
    name: s.name,
    startsAt: new Date(s.startMs).toISOString(),
    endsAt: new Date(s.endMs).toISOString(),
    roles: s.roles.map((role) => ({ label: role.label, names: role.personIds.map((id) => town.personName(id) ?? id) })),
  }));

  return {
    centreName: town.centreName,
    townCode: town.townCode,
    kind: req.kind,
    from: req.from,
    to: req.to,
    label: req.label,
    shiftName: req.shiftName,
    generatedAt: req.generatedAt,
    generatedByName: req.generatedByName,
    figures: group.current,
    previous: group.previous,
    heldNow: group.heldNow,
    byCategory: [...byCategory.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    byState: [...byState.entries()].map(([state, count]) => ({ state, count })).sort((a, b) => b.count - a.count || a.state.localeCompare(b.state)),
    serious: rows.serious.map((r) => ({ ...event(r), situationReports: reportsOf.get(r.id) ?? [] })),
    overdue: [...rows.openLate.map((r) => ({ ...event(r), closedLate: false })), ...rows.closedLate.map((r) => ({ ...event(r), closedLate: true }))],
    held: rows.held.map((r) => ({ ...event(r), reviewBy: r.hold_review_by ?? null, note: r.carry_over_note ?? null })),
    alarms: {
      total: alarms.rows.length,
      acked: alarms.acked,
      medianAckSeconds: alarms.medianAckSeconds,
      maxAckSeconds: alarms.maxAckSeconds,
      rows: alarms.rows.slice(0, REPORT_LIST_MAX).map((a) => ({
        kind: a.kind,
        eventTitle: a.eventTitle,
        raisedAt: a.raisedAt,
        ackedAt: a.ackedAt,
        ackedByName: a.ackedByName,
        ackSeconds: a.ackSeconds,
      })),
    },
    duty,
    handovers,
  };
}
