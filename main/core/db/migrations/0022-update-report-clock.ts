import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 续报's clock (situation reports, issue #15, main/core/events/event-situation-report.ts):
 * - `event.update_report_due`: when the next update (续报) is due — the latest first report or update
 *   plus the level's interval (系统设置 → 情况报告; 720 minutes by default: twice a day for 重大 and
 *   above, STANDARDS.md), set for events of level serious and above once their first report is filed;
 *   NULL when none is owed (below serious, no first report yet, the final report filed, or the event
 *   closed, invalid or merged).
 * - `idx_event_update_report`: the events owing an update (the sweep's 续报超时, the wall) without a scan.
 * An event already reporting when this runs owes its next update 720 minutes after its latest report
 * (no interval could be set before this version, so the default is the setting on every console).
 */
export class UpdateReportClock1700000000022 implements MigrationInterface {
  name = 'UpdateReportClock1700000000022';

  async up(q: QueryRunner): Promise<void> {
    const columns = new Set(((await q.query(`PRAGMA table_info(event)`)) as { name: string }[]).map((c) => c.name));
    if (!columns.has('update_report_due')) await q.query(`ALTER TABLE event ADD COLUMN update_report_due TEXT`);
    await q.query(
      `UPDATE event SET update_report_due = (
          SELECT strftime('%Y-%m-%dT%H:%M:%fZ', MAX(t.at), '+720 minutes') FROM event_timeline t
           WHERE t.event_id = event.id AND t.action = 'situation_report' AND t.payload ->> '$.stage' IN ('first', 'update'))
        WHERE level_rank >= 2 AND first_report_at IS NOT NULL AND final_report_at IS NULL AND state NOT IN ('closed', 'invalid', 'merged')
          AND update_report_due IS NULL`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS idx_event_update_report ON event (update_report_due) WHERE update_report_due IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_event_update_report`);
    await q.query(`ALTER TABLE event DROP COLUMN update_report_due`);
  }
}
