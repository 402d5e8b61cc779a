/**
 * 考核评价 (issue #16): the SQL behind 首报及时率 (docs/metrics.md): serious and especially serious events
 * reported in the range whose first report (首报) is due, on time or late at `now`.
 */
import type { Sql } from '../db/db';
import type { MetricsGroupBy, Range } from './metrics-queries';
import { bind, GROUP_KEY } from './metrics-queries';

/** Levels serious (2) and above (event-types.ts LEVEL_RANK). */
export const SERIOUS_RANK = 2;

/** 1 on time, 0 late, NULL not yet due: the first report against its limit, judged at `:now`. */
export const FIRST_REPORT_OK = `CASE WHEN e.first_report_at IS NOT NULL THEN (e.first_report_at <= e.first_report_due)
  WHEN e.first_report_due < :now THEN 0 END`;

export interface FirstReportRow {
  k: string;
  on_time: number | null;
  late: number | null;
}

export function firstReports(sql: Sql, groupBy: MetricsGroupBy, townCode: string, r: Range, now: string): Promise<FirstReportRow[]> {
  return sql.all<FirstReportRow>(
    ...bind(
      `SELECT k, sum(ok = 1) AS on_time, sum(ok = 0) AS late
      FROM (SELECT ${GROUP_KEY[groupBy]} AS k, ${FIRST_REPORT_OK} AS ok
        FROM event e INDEXED BY idx_event_reported
        WHERE e.reported_at >= :from AND e.reported_at < :to AND e.town_code = :town
          AND e.level_rank >= ${SERIOUS_RANK} AND e.first_report_due IS NOT NULL)
      GROUP BY k`,
      { from: r.from, to: r.to, town: townCode, now },
    ),
  );
}
