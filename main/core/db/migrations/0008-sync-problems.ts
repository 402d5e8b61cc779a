import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A quarantined district op can be ignored (同步问题 → 忽略, by a leader or an administrator): the row
 * stays, whole, with who ignored it and when, and leaves the list and the counts. An index over the
 * rows still open, for the list, the count and the oldest one's time (the quarantine alarm).
 */
export class SyncProblems1700000000008 implements MigrationInterface {
  name = 'SyncProblems1700000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_inbox_problem ADD COLUMN ignored_at TEXT`);
    await q.query(`ALTER TABLE sync_inbox_problem ADD COLUMN ignored_by TEXT`);
    await q.query(`CREATE INDEX idx_sync_inbox_problem_open ON sync_inbox_problem (seq) WHERE ignored_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_sync_inbox_problem_open`);
    await q.query(`ALTER TABLE sync_inbox_problem DROP COLUMN ignored_by`);
    await q.query(`ALTER TABLE sync_inbox_problem DROP COLUMN ignored_at`);
  }
}
