import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 升级提醒 (escalation chains, issue #17):
 * - `escalation_chain`: per alarm kind, whether it escalates and its steps (JSON [{to, afterMinutes}]);
 *   a kind with no row follows the built-in chain (main/core/alarms/escalation-rules.ts);
 * - `escalation_option`: the centre director (the last step's person), key → value;
 * - `alarm_step`: the steps each alarm took — who was told, when, automatically or by whose hand, and
 *   what the message gateway answered. One row per alarm and step.
 * - `message_log`: what was handed to the message gateway (短信/政务通道), by its idempotency key.
 */
export class Escalation1700000000015 implements MigrationInterface {
  name = 'Escalation1700000000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS escalation_chain (kind TEXT PRIMARY KEY NOT NULL, enabled INTEGER NOT NULL,
      steps TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL)`);
    await q.query(`CREATE TABLE IF NOT EXISTS escalation_option (key TEXT PRIMARY KEY NOT NULL, value TEXT)`);
    await q.query(`CREATE TABLE IF NOT EXISTS alarm_step (alarm_id TEXT NOT NULL, step INTEGER NOT NULL, target TEXT NOT NULL,
      person_id TEXT, at TEXT NOT NULL, by_id TEXT, note TEXT, event_id TEXT, run_id TEXT, task_id TEXT, delivery TEXT,
      PRIMARY KEY (alarm_id, step))`);
    await q.query(`CREATE INDEX IF NOT EXISTS idx_alarm_step_person ON alarm_step (person_id, at)`);
    await q.query(`CREATE INDEX IF NOT EXISTS idx_alarm_step_event ON alarm_step (event_id) WHERE event_id IS NOT NULL`);
    await q.query(`CREATE TABLE IF NOT EXISTS message_log (key TEXT PRIMARY KEY NOT NULL, at TEXT NOT NULL, person_id TEXT NOT NULL,
      phone TEXT, text TEXT NOT NULL, gateway TEXT NOT NULL, status TEXT NOT NULL, error TEXT)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE message_log`);
    await q.query(`DROP TABLE alarm_step`);
    await q.query(`DROP TABLE escalation_option`);
    await q.query(`DROP TABLE escalation_chain`);
  }
}
