import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sync with the district: the wire `seq` of each pushed op (assigned when the server accepts a
 * batch, so a quarantined op leaves no gap), the server's answer, and the records of entities this
 * console does not model yet (folded last-writer-wins by HLC, so every replica converges).
 */
export class Sync1700000000002 implements MigrationInterface {
  name = 'Sync1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN wire_seq INTEGER`);
    await q.query(`ALTER TABLE outbox ADD COLUMN server_seq INTEGER`);
    await q.query(`CREATE INDEX idx_outbox_problem ON outbox (seq) WHERE status IN ('rejected', 'quarantined')`);
    await q.query(`CREATE TABLE sync_record (entity TEXT NOT NULL, entity_id TEXT NOT NULL, version INTEGER NOT NULL,
      hlc TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (entity, entity_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sync_record`);
    await q.query(`DROP INDEX idx_outbox_problem`);
    await q.query(`ALTER TABLE outbox DROP COLUMN server_seq`);
    await q.query(`ALTER TABLE outbox DROP COLUMN wire_seq`);
  }
}
