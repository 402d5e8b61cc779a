import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema: town data, events with their timeline and assignments, alarms, approvals, outbox. */
export class Initial1700000000001 implements MigrationInterface {
  name = 'Initial1700000000001';
  // TypeORM orders migrations by the 13-digit number at the end of the name: 1700000000000 + n.

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)`,
      `CREATE TABLE person (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL,
        username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, roles TEXT NOT NULL,
        available INTEGER NOT NULL DEFAULT 1)`,
      `CREATE TABLE board (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL)`,
      `CREATE TABLE post (id TEXT PRIMARY KEY NOT NULL, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        board_code TEXT NOT NULL, kind TEXT NOT NULL, a_person_id TEXT, b_person_id TEXT, phone TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1, hlc TEXT NOT NULL DEFAULT '')`,
      `CREATE TABLE grid (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, village TEXT NOT NULL,
        households INTEGER NOT NULL, grid_worker_id TEXT, geometry TEXT NOT NULL)`,
      `CREATE TABLE catalogue_item (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, pinyin TEXT NOT NULL,
        category_code TEXT NOT NULL, category_name TEXT NOT NULL, board_code TEXT NOT NULL, standard TEXT NOT NULL,
        lead_post_id TEXT NOT NULL, coop_post_ids TEXT NOT NULL, default_level TEXT NOT NULL, limits TEXT NOT NULL,
        answer_template TEXT NOT NULL, sensor_types TEXT NOT NULL)`,
      `CREATE TABLE event (id TEXT PRIMARY KEY NOT NULL, town_code TEXT NOT NULL, title TEXT NOT NULL,
        description TEXT, category_code TEXT NOT NULL, board_code TEXT NOT NULL, level TEXT NOT NULL,
        level_rank INTEGER NOT NULL, source TEXT NOT NULL, grid_code TEXT, lng REAL, lat REAL,
        caller_name TEXT, caller_phone TEXT, state TEXT NOT NULL, is_open INTEGER NOT NULL,
        reported_at TEXT NOT NULL, accepted_at TEXT, dispatched_at TEXT, acknowledged_at TEXT, arrived_at TEXT,
        resolved_at TEXT, closed_at TEXT, accept_due TEXT, ack_due TEXT, on_scene_due TEXT, resolve_due TEXT,
        due_at TEXT, due_kind TEXT, lead_post_id TEXT, coop_post_ids TEXT NOT NULL DEFAULT '[]', handler_id TEXT,
        possible_duplicate_of TEXT, merged_into TEXT, carried_over INTEGER NOT NULL DEFAULT 0,
        carry_over_note TEXT, version INTEGER NOT NULL, hlc TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      // The queue: open events of the town, most severe first, then oldest. Partial, so closed history
      // (most of the table) costs the queue nothing.
      `CREATE INDEX idx_event_queue ON event (town_code, level_rank DESC, reported_at) WHERE is_open = 1`,
      `CREATE INDEX idx_event_due ON event (due_at) WHERE is_open = 1 AND due_at IS NOT NULL`,
      `CREATE INDEX idx_event_duplicate ON event (category_code, grid_code, reported_at) WHERE is_open = 1`,
      `CREATE TABLE event_timeline (id INTEGER PRIMARY KEY NOT NULL, event_id TEXT NOT NULL, action TEXT NOT NULL,
        from_state TEXT, to_state TEXT, actor_id TEXT, at TEXT NOT NULL, payload TEXT NOT NULL)`,
      `CREATE INDEX idx_timeline_event ON event_timeline (event_id, id)`,
      `CREATE TABLE assignment (id INTEGER PRIMARY KEY NOT NULL, event_id TEXT NOT NULL, post_id TEXT NOT NULL,
        role TEXT NOT NULL, person_id TEXT, holder_as TEXT, dispatched_at TEXT NOT NULL, ack_due TEXT,
        acknowledged_at TEXT, arrived_at TEXT, active INTEGER NOT NULL)`,
      `CREATE INDEX idx_assignment_event ON assignment (event_id, id)`,
      `CREATE INDEX idx_assignment_post ON assignment (post_id, active)`,
      `CREATE TABLE alarm (id TEXT PRIMARY KEY NOT NULL, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        event_id TEXT, message TEXT NOT NULL, raised_at TEXT NOT NULL, acked_at TEXT, acked_by TEXT, ack_note TEXT)`,
      `CREATE INDEX idx_alarm_open ON alarm (raised_at) WHERE acked_at IS NULL`,
      `CREATE TABLE approval (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, event_id TEXT NOT NULL,
        requested_by TEXT NOT NULL, requested_at TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL,
        decided_by TEXT, decided_at TEXT, decision_note TEXT)`,
      `CREATE INDEX idx_approval_event ON approval (event_id)`,
      `CREATE INDEX idx_approval_pending ON approval (requested_at) WHERE status = 'pending'`,
      `CREATE TABLE audit_log (id INTEGER PRIMARY KEY NOT NULL, at TEXT NOT NULL, actor_id TEXT,
        action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT, detail TEXT NOT NULL)`,
      `CREATE TABLE calendar_override (date TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL)`,
      // The sync outbox: `seq` counts up by one per node with no gaps (PROTOCOL.md), which an INTEGER
      // PRIMARY KEY written inside the change's own transaction guarantees.
      `CREATE TABLE outbox (seq INTEGER PRIMARY KEY NOT NULL, op_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL,
        entity_id TEXT NOT NULL, kind TEXT NOT NULL, action TEXT, base_version INTEGER, payload TEXT NOT NULL,
        hlc TEXT NOT NULL, at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', result TEXT)`,
      `CREATE INDEX idx_outbox_pending ON outbox (seq) WHERE status = 'pending'`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'calendar_override',
      'audit_log',
      'approval',
      'alarm',
      'assignment',
      'event_timeline',
      'event',
      'catalogue_item',
      'grid',
      'post',
      'board',
      'person',
      'meta',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
