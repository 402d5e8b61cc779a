import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 考核评价's speed (issue #16, docs/metrics.md "Speed"): three indexes for the month's figures
 * (main/core/metrics/metrics-queries.ts), each small or partial:
 * - `idx_timeline_district_close`: the events the district closed (`district_close` rows only), so that
 *   "did the district close it" is one probe per closed event instead of reading its whole timeline;
 * - `idx_timeline_assessed`: the timeline rows the figures count (return, reject, reopen, report_back,
 *   hold) by action and time, holding the event's id, so the rows of a month are read from the index
 *   alone;
 * - `idx_event_open_due`: the open events by town, held or not, and resolve limit: 超期未办结 reads only
 *   the open events whose limit ran out in the range, and 挂账数 only the held ones.
 */
export class AssessmentSpeed1700000000018 implements MigrationInterface {
  name = 'AssessmentSpeed1700000000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS idx_timeline_district_close ON event_timeline (event_id) WHERE action = 'district_close'`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS idx_timeline_assessed ON event_timeline (action, at, event_id) WHERE action IN ('return', 'reject', 'reopen', 'report_back', 'hold')`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS idx_event_open_due ON event (town_code, carried_over, resolve_due) WHERE is_open = 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_event_open_due`);
    await q.query(`DROP INDEX IF EXISTS idx_timeline_assessed`);
    await q.query(`DROP INDEX IF EXISTS idx_timeline_district_close`);
  }
}
