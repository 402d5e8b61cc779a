import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event's life (issue #15): 挂账 and the paused clock.
 * - `event.hold_review_by`: the review date (Beijing, YYYY-MM-DD) of a held event (挂账); NULL when
 *   the event is not held. `carried_over` stays the flag, `carry_over_note` the reason.
 * - `event.clock_paused_at`: when the event's clock stopped (held, or a return waiting for the
 *   leader's consent); NULL when it runs. While it is set the event has no `due_at`: it is in no
 *   overdue list, count or sweep. When it runs again every clock still running moves on by the time
 *   it stood (docs/protocol-decisions.md, "The event's clock").
 * - `idx_event_held`: the held events (the 挂账 list and the review reminders) without a scan.
 */
export class EventLife1700000000013 implements MigrationInterface {
  name = 'EventLife1700000000013';

  async up(q: QueryRunner): Promise<void> {
    const columns = new Set(((await q.query(`PRAGMA table_info(event)`)) as { name: string }[]).map((c) => c.name));
    if (!columns.has('hold_review_by')) await q.query(`ALTER TABLE event ADD COLUMN hold_review_by TEXT`);
    if (!columns.has('clock_paused_at')) await q.query(`ALTER TABLE event ADD COLUMN clock_paused_at TEXT`);
    await q.query(`CREATE INDEX IF NOT EXISTS idx_event_held ON event (hold_review_by) WHERE hold_review_by IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_event_held`);
    await q.query(`ALTER TABLE event DROP COLUMN clock_paused_at`);
    await q.query(`ALTER TABLE event DROP COLUMN hold_review_by`);
  }
}
