/**
 * The cockpit's aggregate SQL over the event table: the open events folded for the live counts, the
 * grid map and the open breakdown; overdue events; on-time rates; breakdowns and hourly trends over a
 * window. Read-only; each query is one statement on an index (idx_event_wall covers the open events
 * in the order they are grouped; idx_event_reported and idx_event_closed the time windows;
 * idx_event_due the overdue list), so a refresh costs milliseconds with 10,000 open events.
 */
import type { Sql } from '../db/db';

export interface OpenSummaryRow {
  grid_code: string | null;
  state: string;
  category_code: string;
  board_code: string;
  n: number;
  overdue: number;
  serious: number;
}

export interface OnTimeRow {
  on_time_today: number;
  late_today: number;
  on_time_7d: number;
  late_7d: number;
  on_time_30d: number;
  late_30d: number;
}

export interface Windows {
  today: string;
  d7: string;
  d30: string;
  now: string;
}

export class CockpitRepository {
  /**
   * The open events of the town folded by grid, state, category and board, with how many are overdue
   * and how many serious: one scan of idx_event_wall, in its own order (no sort), from which the
   * live counts, the grid map and the open breakdown are all taken.
   */
  openSummary(sql: Sql, townCode: string, now: string): Promise<OpenSummaryRow[]> {
    return sql.all(
      `SELECT grid_code, state, category_code, board_code, count(*) AS n,
          sum(CASE WHEN due_at IS NOT NULL AND due_at < ? THEN 1 ELSE 0 END) AS overdue,
          sum(CASE WHEN level_rank >= 2 THEN 1 ELSE 0 END) AS serious
        FROM event INDEXED BY idx_event_wall WHERE town_code = ? AND is_open = 1
        GROUP BY grid_code, state, category_code, board_code`,
      [now, townCode],
    );
  }

  async reportedSince(sql: Sql, townCode: string, since: string): Promise<number> {
    const row = await sql.get<{ n: number }>(`SELECT count(*) AS n FROM event WHERE town_code = ? AND reported_at >= ?`, [townCode, since]);
    return row?.n ?? 0;
  }

  async closedSince(sql: Sql, townCode: string, since: string): Promise<number> {
    const row = await sql.get<{ n: number }>(`SELECT count(*) AS n FROM event WHERE town_code = ? AND closed_at IS NOT NULL AND closed_at >= ? AND state = 'closed'`, [
      townCode,
      since,
    ]);
    return row?.n ?? 0;
  }

  /** Open events past their current clock, most overdue first (idx_event_due; one town per database, as in the SLA sweep). */
  overdue(
    sql: Sql,
    now: string,
    limit: number,
  ): Promise<{ id: string; title: string; level: string; state: string; grid_code: string | null; category_code: string; due_at: string; due_kind: string | null }[]> {
    return sql.all(
      `SELECT id, title, level, state, grid_code, category_code, due_at, due_kind FROM event
        WHERE is_open = 1 AND due_at IS NOT NULL AND due_at < ? ORDER BY due_at LIMIT ?`,
      [now, limit],
    );
  }

  /**
   * Acceptance on time, per window, over the events reported in it: the accept clock (which, as on
   * the desk, runs until the event is dispatched or closed at once) stopped by its deadline; late if
   * it stopped after, or is still running past it. Events handed back to or up to the district
   * count neither way.
   */
  async acceptOnTime(sql: Sql, townCode: string, w: Windows): Promise<OnTimeRow> {
    const row = await sql.get<OnTimeRow>(
      `SELECT
          sum(CASE WHEN ok = 1 AND reported_at >= ? THEN 1 ELSE 0 END) AS on_time_today,
          sum(CASE WHEN ok = 0 AND reported_at >= ? THEN 1 ELSE 0 END) AS late_today,
          sum(CASE WHEN ok = 1 AND reported_at >= ? THEN 1 ELSE 0 END) AS on_time_7d,
          sum(CASE WHEN ok = 0 AND reported_at >= ? THEN 1 ELSE 0 END) AS late_7d,
          sum(CASE WHEN ok = 1 THEN 1 ELSE 0 END) AS on_time_30d,
          sum(CASE WHEN ok = 0 THEN 1 ELSE 0 END) AS late_30d
        FROM (SELECT reported_at,
            CASE WHEN coalesce(dispatched_at, closed_at) IS NOT NULL THEN (coalesce(dispatched_at, closed_at) <= accept_due)
                 WHEN state IN ('returned', 'escalated') THEN NULL
                 WHEN accept_due < ? THEN 0 END AS ok
          FROM event WHERE town_code = ? AND reported_at >= ? AND reported_at <= ? AND accept_due IS NOT NULL)`,
      [w.today, w.today, w.d7, w.d7, w.now, townCode, w.d30, w.now],
    );
    return zeroes(row);
  }

  /**
   * Closure on time, per window: events closed in it by their resolve deadline (or with none: closed
   * at the desk), against those closed late plus the open ones whose deadline ran out in it.
   */
  async closeOnTime(sql: Sql, townCode: string, w: Windows): Promise<OnTimeRow> {
    const closed = await sql.get<OnTimeRow>(
      `SELECT
          sum(CASE WHEN ok = 1 AND closed_at >= ? THEN 1 ELSE 0 END) AS on_time_today,
          sum(CASE WHEN ok = 0 AND closed_at >= ? THEN 1 ELSE 0 END) AS late_today,
          sum(CASE WHEN ok = 1 AND closed_at >= ? THEN 1 ELSE 0 END) AS on_time_7d,
          sum(CASE WHEN ok = 0 AND closed_at >= ? THEN 1 ELSE 0 END) AS late_7d,
          sum(CASE WHEN ok = 1 THEN 1 ELSE 0 END) AS on_time_30d,
          sum(CASE WHEN ok = 0 THEN 1 ELSE 0 END) AS late_30d
        FROM (SELECT closed_at, CASE WHEN resolve_due IS NULL OR closed_at <= resolve_due THEN 1 ELSE 0 END AS ok
          FROM event WHERE town_code = ? AND closed_at IS NOT NULL AND closed_at >= ? AND closed_at <= ? AND state = 'closed')`,
      [w.today, w.today, w.d7, w.d7, townCode, w.d30, w.now],
    );
    const open = await sql.get<{ today: number; d7: number; d30: number }>(
      `SELECT sum(CASE WHEN resolve_due >= ? THEN 1 ELSE 0 END) AS today, sum(CASE WHEN resolve_due >= ? THEN 1 ELSE 0 END) AS d7, count(*) AS d30
        FROM event WHERE town_code = ? AND is_open = 1 AND resolve_due IS NOT NULL AND resolve_due >= ? AND resolve_due < ?`,
      [w.today, w.d7, townCode, w.d30, w.now],
    );
    const c = zeroes(closed);
    return { ...c, late_today: c.late_today + (open?.today ?? 0), late_7d: c.late_7d + (open?.d7 ?? 0), late_30d: c.late_30d + (open?.d30 ?? 0) };
  }

  /** Events per catalogue item reported since a time (folded into categories by the service). */
  reportedByItem(sql: Sql, townCode: string, since: string): Promise<{ category_code: string; board_code: string; n: number }[]> {
    return sql.all(`SELECT category_code, board_code, count(*) AS n FROM event WHERE town_code = ? AND reported_at >= ? GROUP BY category_code, board_code`, [townCode, since]);
  }

  /** Counts per UTC hour ('YYYY-MM-DDTHH') in [since, until): reported, and closed. */
  async perHour(sql: Sql, townCode: string, since: string, until: string): Promise<{ reported: Map<string, number>; closed: Map<string, number> }> {
    const reported = await sql.all<{ h: string; n: number }>(
      `SELECT substr(reported_at, 1, 13) AS h, count(*) AS n FROM event WHERE town_code = ? AND reported_at >= ? AND reported_at < ? GROUP BY h`,
      [townCode, since, until],
    );
    const closed = await sql.all<{ h: string; n: number }>(
      `SELECT substr(closed_at, 1, 13) AS h, count(*) AS n FROM event
        WHERE town_code = ? AND closed_at IS NOT NULL AND closed_at >= ? AND closed_at < ? AND state = 'closed' GROUP BY h`,
      [townCode, since, until],
    );
    return { reported: new Map(reported.map((r) => [r.h, r.n])), closed: new Map(closed.map((r) => [r.h, r.n])) };
  }
}

function zeroes(row: Partial<OnTimeRow> | undefined): OnTimeRow {
  return {
    on_time_today: row?.on_time_today ?? 0,
    late_today: row?.late_today ?? 0,
    on_time_7d: row?.on_time_7d ?? 0,
    late_7d: row?.late_7d ?? 0,
    on_time_30d: row?.on_time_30d ?? 0,
    late_30d: row?.late_30d ?? 0,
  };
}
