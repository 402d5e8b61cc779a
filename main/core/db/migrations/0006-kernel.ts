import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kernel's own tables: the first result of every command that came with a client command id
 * (a repeat of the id returns it and changes nothing), and the pulled district ops that could not be
 * applied (kept whole with the reason, listed in 同步问题, never blocking the ops after them).
 */
export class Kernel1700000000006 implements MigrationInterface {
  name = 'Kernel1700000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE command_result (command_id TEXT NOT NULL, name TEXT NOT NULL, actor_id TEXT NOT NULL,
      at TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY (command_id, name))`);
    await q.query(`CREATE INDEX idx_command_result_at ON command_result (at)`);
    await q.query(`CREATE TABLE sync_inbox_problem (seq INTEGER PRIMARY KEY AUTOINCREMENT, op_id TEXT, server_seq INTEGER,
      entity TEXT, entity_id TEXT, action TEXT, reason TEXT NOT NULL, message TEXT NOT NULL, op TEXT NOT NULL, at TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX idx_sync_inbox_problem_op ON sync_inbox_problem (op_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_sync_inbox_problem_op`);
    await q.query(`DROP TABLE sync_inbox_problem`);
    await q.query(`DROP INDEX idx_command_result_at`);
    await q.query(`DROP TABLE command_result`);
  }
}
