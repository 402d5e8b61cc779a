import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The town kept by hand (main/core/town/admin) and the audit log viewer (main/core/audit):
 * - a person can be deactivated (kept, with their history) and belongs to a board; a post can be
 *   deactivated; a grid has its village's code. Person and grid carry the version and HLC of their
 *   last change, as a post already does, so a district upsert folds in by HLC (PROTOCOL.md v1.1).
 * - indexes for the viewer's filters over 100k+ rows: the audit by time, by person and time, by kind
 *   and time; the event timeline (listed beside it) the same.
 */
export class TownAdmin1700000000009 implements MigrationInterface {
  name = 'TownAdmin1700000000009';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE person ADD COLUMN active INTEGER NOT NULL DEFAULT 1`,
      `ALTER TABLE person ADD COLUMN board_code TEXT`,
      `ALTER TABLE person ADD COLUMN version INTEGER NOT NULL DEFAULT 1`,
      `ALTER TABLE person ADD COLUMN hlc TEXT NOT NULL DEFAULT ''`,
      `ALTER TABLE post ADD COLUMN active INTEGER NOT NULL DEFAULT 1`,
      `ALTER TABLE grid ADD COLUMN village_code TEXT NOT NULL DEFAULT ''`,
      `ALTER TABLE grid ADD COLUMN version INTEGER NOT NULL DEFAULT 1`,
      `ALTER TABLE grid ADD COLUMN hlc TEXT NOT NULL DEFAULT ''`,
      `CREATE INDEX idx_audit_at ON audit_log (at, id)`,
      `CREATE INDEX idx_audit_actor ON audit_log (actor_id, at, id)`,
      `CREATE INDEX idx_audit_action ON audit_log (action, at, id)`,
      `CREATE INDEX idx_timeline_at ON event_timeline (at, id)`,
      `CREATE INDEX idx_timeline_actor ON event_timeline (actor_id, at, id)`,
      `CREATE INDEX idx_timeline_action ON event_timeline (action, at, id)`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['idx_timeline_action', 'idx_timeline_actor', 'idx_timeline_at', 'idx_audit_action', 'idx_audit_actor', 'idx_audit_at']) {
      await q.query(`DROP INDEX ${index}`);
    }
    for (const [table, column] of [
      ['grid', 'hlc'],
      ['grid', 'version'],
      ['grid', 'village_code'],
      ['post', 'active'],
      ['person', 'hlc'],
      ['person', 'version'],
      ['person', 'board_code'],
      ['person', 'active'],
    ] as const) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    }
  }
}
