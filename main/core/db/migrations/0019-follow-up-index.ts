import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 回访率's speed (issue #16, docs/metrics.md "Speed"): `idx_timeline_follow_up` holds the `follow_up` rows
 * alone, by event and time, so that "was this closed event called back since its close" is one probe of
 * a small index instead of a read of the event's whole timeline (each row fetched from the table for its
 * action), once per event closed in the month.
 */
export class FollowUpIndex1700000000019 implements MigrationInterface {
  name = 'FollowUpIndex1700000000019';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS idx_timeline_follow_up ON event_timeline (event_id, at) WHERE action = 'follow_up'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_timeline_follow_up`);
  }
}
