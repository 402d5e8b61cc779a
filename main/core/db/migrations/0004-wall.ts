import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The video wall: layouts with every saved version kept (a save never overwrites), per-screen
 * viewer tokens (only their SHA-256 is stored; revoked, never deleted) and the wall's settings; and
 * the indexes the cockpit reads: the time windows (today / 7 / 30 days) by report and by close time
 * — led by the time, so they never tempt the planner away from the queue's index, and carrying the
 * columns the counts need, so those never touch the table — and a covering index of the open events
 * in the order the cockpit groups them (one scan gives the live counts, the grid map and the open
 * breakdown).
 */
export class Wall1700000000004 implements MigrationInterface {
  name = 'Wall1700000000004';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE wall_layout (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT)`,
      `CREATE TABLE wall_layout_version (layout_id TEXT NOT NULL, version INTEGER NOT NULL,
        name TEXT NOT NULL, definition TEXT NOT NULL, saved_by TEXT NOT NULL, saved_at TEXT NOT NULL, note TEXT,
        PRIMARY KEY (layout_id, version))`,
      `CREATE TABLE wall_token (id TEXT PRIMARY KEY NOT NULL, layout_id TEXT NOT NULL,
        screen_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, label TEXT NOT NULL, created_by TEXT NOT NULL,
        created_at TEXT NOT NULL, revoked_at TEXT, revoked_by TEXT, last_seen_at TEXT)`,
      `CREATE INDEX idx_wall_token_layout ON wall_token (layout_id, screen_id)`,
      `CREATE TABLE wall_setting (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)`,
      `CREATE INDEX idx_event_reported ON event (reported_at, town_code, category_code, board_code)`,
      `CREATE INDEX idx_event_closed ON event (closed_at, town_code, state) WHERE closed_at IS NOT NULL`,
      `CREATE INDEX idx_event_wall ON event (town_code, grid_code, state, category_code, board_code, due_at, level_rank) WHERE is_open = 1`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['idx_event_wall', 'idx_event_closed', 'idx_event_reported', 'idx_wall_token_layout']) await q.query(`DROP INDEX ${index}`);
    for (const table of ['wall_setting', 'wall_token', 'wall_layout_version', 'wall_layout']) await q.query(`DROP TABLE ${table}`);
  }
}
