import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 首报 / 续报 / 终报 (situation reports, issue #15, PROTOCOL.md v1.1 `situation_report`):
 * - `event.first_report_due`: when the first report (首报) is due — the acceptance plus the level's
 *   limit (系统设置 → 情况报告; 60 minutes by default), set for events of level serious and above;
 *   NULL when the event owes none (below serious, or not accepted yet).
 * - `event.first_report_at`: when the first report was filed (the earliest); NULL until then.
 * - `event.final_report_at`: when the final report (终报) was filed; NULL until then.
 * 首报及时率 in one query: of the events with `first_report_due` set, those with
 * `first_report_at <= first_report_due`.
 * - `idx_event_first_report`: the events still owing a first report (the sweep's 首报超时) without a scan.
 */
export class SituationReport1700000000016 implements MigrationInterface {
  name = 'SituationReport1700000000016';

  async up(q: QueryRunner): Promise<void> {
    const columns = new Set(((await q.query(`PRAGMA table_info(event)`)) as { name: string }[]).map((c) => c.name));
    if (!columns.has('first_report_due')) await q.query(`ALTER TABLE event ADD COLUMN first_report_due TEXT`);
    if (!columns.has('first_report_at')) await q.query(`ALTER TABLE event ADD COLUMN first_report_at TEXT`);
    if (!columns.has('final_report_at')) await q.query(`ALTER TABLE event ADD COLUMN final_report_at TEXT`);
    await q.query(`CREATE INDEX IF NOT EXISTS idx_event_first_report ON event (first_report_due) WHERE first_report_due IS NOT NULL AND first_report_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_event_first_report`);
    await q.query(`ALTER TABLE event DROP COLUMN final_report_at`);
    await q.query(`ALTER TABLE event DROP COLUMN first_report_at`);
    await q.query(`ALTER TABLE event DROP COLUMN first_report_due`);
  }
}
