import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in that holds (main/core/auth): per account, the failures in a row (sign-in, screen unlock and
 * handover signature alike), the lock they lead to, the one-time password an administrator's reset
 * gives (it must be changed at the next sign-in), and when the password was last changed.
 */
export class Accounts1700000000007 implements MigrationInterface {
  name = 'Accounts1700000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE person ADD COLUMN locked_until TEXT`);
    await q.query(`ALTER TABLE person ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE person ADD COLUMN password_changed_at TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person DROP COLUMN password_changed_at`);
    await q.query(`ALTER TABLE person DROP COLUMN must_change_password`);
    await q.query(`ALTER TABLE person DROP COLUMN locked_until`);
    await q.query(`ALTER TABLE person DROP COLUMN failed_attempts`);
  }
}
