import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 值班日报 (issue #16, docs/duty-reports.md): the reports generated — daily, weekly and monthly, on
 * demand or at a shift's end when its handover is signed. Each row keeps its period [period_from,
 * period_to), who made it and when, and its content as taken at that moment (JSON, the contract's
 * DutyReportContent): the PDF and the .xlsx are printed from it, so a report reads the same whenever
 * it is downloaded. `handover_id`: the handover whose signature made it (at most one report each).
 * This console's own record: not synced (each console of the town makes its own).
 */
export class DutyReports1700000000017 implements MigrationInterface {
  name = 'DutyReports1700000000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS duty_report (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, period_from TEXT NOT NULL,
      period_to TEXT NOT NULL, label TEXT NOT NULL, trigger TEXT NOT NULL, shift_id TEXT, handover_id TEXT, created_at TEXT NOT NULL,
      created_by TEXT NOT NULL, content TEXT NOT NULL)`);
    await q.query(`CREATE INDEX IF NOT EXISTS idx_duty_report_created ON duty_report (created_at)`);
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS idx_duty_report_handover ON duty_report (handover_id) WHERE handover_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE duty_report`);
  }
}
