import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every record both ways (issue #14): what the sync sinks need to fold the records of the other
 * consoles of the town and of the district into the tables people see (docs/protocol-decisions.md,
 * "Every record both ways").
 * - `shift_slot.hlc`: the HLC of a roster cell's last change (per cell, the newest wins); NULL in a
 *   cell written before: its shift's HLC stands for it.
 * - `wall_layout.hlc`: the HLC of a layout's current version (the newest wins across consoles).
 * - `event_kept_limits`: the catalogue limits an open event started with, kept when the district's
 *   catalogue replaced them (open events keep the limits they started with).
 */
export class SyncKinds1700000000011 implements MigrationInterface {
  name = 'SyncKinds1700000000011';

  async up(q: QueryRunner): Promise<void> {
    const columns = async (table: string): Promise<Set<string>> => new Set(((await q.query(`PRAGMA table_info(${table})`)) as { name: string }[]).map((c) => c.name));
    if (!(await columns('shift_slot')).has('hlc')) await q.query(`ALTER TABLE shift_slot ADD COLUMN hlc TEXT`);
    if (!(await columns('wall_layout')).has('hlc')) await q.query(`ALTER TABLE wall_layout ADD COLUMN hlc TEXT NOT NULL DEFAULT ''`);
    await q.query(`CREATE TABLE IF NOT EXISTS event_kept_limits (event_id TEXT PRIMARY KEY NOT NULL, category_code TEXT NOT NULL,
      limits TEXT NOT NULL, kept_at TEXT NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_kept_limits`);
    await q.query(`ALTER TABLE wall_layout DROP COLUMN hlc`);
    await q.query(`ALTER TABLE shift_slot DROP COLUMN hlc`);
  }
}
