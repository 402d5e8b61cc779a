/**
 * The cockpit's aggregate SQL over the event table: the open events folded for the live counts, the
 * grid map and the open breakdown; overdue events; breakdowns and hourly trends over a window. The
 * on-time rates are not here: they are the assessment figures' (main/core/metrics/figures.ts).
 * Read-only; each query is one statement on an index (idx_event_wall covers the open events in the
 * order they are grouped; idx_event_reported and idx_event_closed the time windows; idx_event_due the
 * overdue list), so a refresh costs milliseconds with 10,000 open events.
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
  ): Promise<
    {
      id: string;
      title: string;
      level: string;
      state: string;
      grid_code: string | null;
      category_code: string;
      due_at: string;
      due_kind: string | null;
      first_report_late: number;
      update_report_late: number;
      report_stage: string | null;
    }[]
  > {
    // 首报 / 续报 / 终报 (issue #15): the latest report's stage, and whether the first report or the next update is late.
    return sql.all(
      `SELECT id, title, level, state, grid_code, category_code, due_at, due_kind,
          (first_report_due IS NOT NULL AND first_report_at IS NULL AND first_report_due < ?) AS first_report_late,
          (update_report_due IS NOT NULL AND update_report_due < ?) AS update_report_late,
          (SELECT t.payload ->> '$.stage' FROM event_timeline t WHERE t.event_id = event.id AND t.action = 'situation_report' ORDER BY t.id DESC LIMIT 1) AS report_stage
        FROM event
        WHERE is_open = 1 AND due_at IS NOT NULL AND due_at < ? ORDER BY due_at LIMIT ?`,
      [now, now, now, limit],
    );
  }

  /**
   * Open events late only on their 首报 (issue #15): a serious event whose first report is past due and
   * not filed, while no handling clock of it has run out (those are in `overdue` already) — escalated,
   * or within its limits. Shaped as `overdue`'s rows, the first report's due time as `due_at`; the
   * earliest `limit` of them, and how many there are (idx_event_first_report holds only unfiled ones).
   */
  firstReportOverdue(sql: Sql, now: string, limit: number): Promise<{ total: number; rows: Awaited<ReturnType<CockpitRepository['overdue']>> }> {
    return this.lateOnReport(sql, now, limit, REPORT_LATE.first);
  }

  /**
   * Open events late only on their next 续报 (issue #15): an update past due (its 首报 filed, so never in
   * firstReportOverdue) while no handling clock has run out; the update's due time as `due_at`
   * (idx_event_update_report holds only the updates owed).
   */
  updateReportOverdue(sql: Sql, now: string, limit: number): Promise<{ total: number; rows: Awaited<ReturnType<CockpitRepository['overdue']>> }> {
    return this.lateOnReport(sql, now, limit, REPORT_LATE.update);
  }

  private async lateOnReport(
    sql: Sql,
    now: string,
    limit: number,
    r: (typeof REPORT_LATE)[keyof typeof REPORT_LATE],
  ): Promise<{ total: number; rows: Awaited<ReturnType<CockpitRepository['overdue']>> }> {
    const where = `FROM event INDEXED BY ${r.index} WHERE ${r.late} AND is_open = 1 AND (due_at IS NULL OR due_at >= ?)`;
    const rows = await sql.all<Awaited<ReturnType<CockpitRepository['overdue']>>[number]>(
      `SELECT id, title, level, state, grid_code, category_code, ${r.due} AS due_at, NULL AS due_kind, ${r.marks},
          (SELECT t.payload ->> '$.stage' FROM event_timeline t WHERE t.event_id = event.id AND t.action = 'situation_report' ORDER BY t.id DESC LIMIT 1) AS report_stage
        ${where} ORDER BY ${r.due} LIMIT ?`,
      [now, now, limit],
    );
    const total = rows.length < limit ? rows.length : ((await sql.get<{ n: number }>(`SELECT count(*) AS n ${where}`, [now, now]))?.n ?? 0);
    return { total, rows };
  }

  /**
   * The open events held (挂账) per state, for the live counts to take out of their states (counted
   * apart): a range of idx_event_open_due (town, carried_over), so only held events are read.
   */
  heldByState(sql: Sql, townCode: string): Promise<{ state: string; n: number }[]> {
    return sql.all(`SELECT state, count(*) AS n FROM event INDEXED BY idx_event_open_due WHERE town_code = ? AND is_open = 1 AND carried_over = 1 GROUP BY state`, [townCode]);
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

/** The two reports an open event may be late on alone (the wall's 超期事件): each one's index, due column, test and marks. */
const REPORT_LATE = {
  first: {
    index: 'idx_event_first_report',
    due: 'first_report_due',
    late: 'first_report_due IS NOT NULL AND first_report_at IS NULL AND first_report_due < ?',
    marks: '1 AS first_report_late, 0 AS update_report_late',
  },
  update: {
    index: 'idx_event_update_report',
    due: 'update_report_due',
    late: 'update_report_due IS NOT NULL AND update_report_due < ?',
    marks: '0 AS first_report_late, 1 AS update_report_late',
  },
} as const;
