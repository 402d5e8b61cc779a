import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 24-hour watch: shift templates, monthly rosters with their shifts and role slots, absences,
 * swaps, personal shift notices, the duty log (with a trigram full-text index, so Chinese text is
 * found by any three characters) and the handover with its items. A signed handover is final:
 * triggers refuse any later change to it or its items, whatever code tries.
 */
export class Roster1700000000003 implements MigrationInterface {
  name = 'Roster1700000000003';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE shift_template (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, start_minute INTEGER NOT NULL,
        hours INTEGER NOT NULL, roles TEXT NOT NULL, sort INTEGER NOT NULL)`,
      `CREATE TABLE roster (id TEXT PRIMARY KEY NOT NULL, month TEXT NOT NULL, templates TEXT NOT NULL, seed INTEGER,
        generated_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL, hlc TEXT NOT NULL)`,
      `CREATE UNIQUE INDEX idx_roster_month ON roster (month)`,
      `CREATE TABLE shift (id TEXT PRIMARY KEY NOT NULL, roster_id TEXT NOT NULL, date TEXT NOT NULL, template_code TEXT NOT NULL,
        name TEXT NOT NULL, starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, night INTEGER NOT NULL, day_kind TEXT NOT NULL,
        roles TEXT NOT NULL, version INTEGER NOT NULL, hlc TEXT NOT NULL)`,
      `CREATE UNIQUE INDEX idx_shift_roster ON shift (roster_id, date, template_code)`,
      `CREATE INDEX idx_shift_time ON shift (starts_at, ends_at)`,
      `CREATE TABLE shift_slot (shift_id TEXT NOT NULL, role_key TEXT NOT NULL, slot INTEGER NOT NULL, person_id TEXT,
        PRIMARY KEY (shift_id, role_key, slot))`,
      `CREATE INDEX idx_shift_slot_person ON shift_slot (person_id) WHERE person_id IS NOT NULL`,
      `CREATE TABLE absence (id TEXT PRIMARY KEY NOT NULL, person_id TEXT NOT NULL, kind TEXT NOT NULL, starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL, note TEXT, created_by TEXT, created_at TEXT NOT NULL, cancelled_at TEXT, cancelled_by TEXT,
        version INTEGER NOT NULL, hlc TEXT NOT NULL)`,
      `CREATE INDEX idx_absence_person ON absence (person_id, starts_at)`,
      `CREATE TABLE roster_swap (id TEXT PRIMARY KEY NOT NULL, roster_id TEXT NOT NULL, a_shift_id TEXT NOT NULL,
        a_role_key TEXT NOT NULL, a_slot INTEGER NOT NULL, a_person_id TEXT, b_shift_id TEXT NOT NULL, b_role_key TEXT NOT NULL,
        b_slot INTEGER NOT NULL, b_person_id TEXT, reason TEXT NOT NULL, status TEXT NOT NULL, requested_by TEXT NOT NULL,
        requested_at TEXT NOT NULL, decided_by TEXT, decided_at TEXT, note TEXT)`,
      `CREATE INDEX idx_roster_swap ON roster_swap (roster_id, requested_at)`,
      `CREATE TABLE duty_notice (id TEXT PRIMARY KEY NOT NULL, key TEXT NOT NULL, person_id TEXT NOT NULL, kind TEXT NOT NULL,
        shift_id TEXT NOT NULL, at TEXT NOT NULL, read_at TEXT)`,
      `CREATE UNIQUE INDEX idx_duty_notice_key ON duty_notice (key)`,
      `CREATE INDEX idx_duty_notice_person ON duty_notice (person_id, at)`,
      // An explicit INTEGER PRIMARY KEY: the full-text index points at it, and VACUUM (every backup
      // is a VACUUM INTO) keeps it, where it may renumber an implicit rowid.
      `CREATE TABLE duty_log (seq INTEGER PRIMARY KEY NOT NULL, id TEXT NOT NULL, shift_id TEXT, at TEXT NOT NULL,
        kind TEXT NOT NULL, text TEXT NOT NULL, author_id TEXT NOT NULL, event_id TEXT, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, deleted_at TEXT, version INTEGER NOT NULL, hlc TEXT NOT NULL)`,
      `CREATE UNIQUE INDEX idx_duty_log_id ON duty_log (id)`,
      `CREATE INDEX idx_duty_log_shift ON duty_log (shift_id, at)`,
      `CREATE INDEX idx_duty_log_at ON duty_log (at)`,
      `CREATE VIRTUAL TABLE duty_log_fts USING fts5(text, content='duty_log', content_rowid='seq', tokenize='trigram')`,
      `CREATE TRIGGER duty_log_fts_insert AFTER INSERT ON duty_log BEGIN
        INSERT INTO duty_log_fts (rowid, text) VALUES (new.seq, new.text); END`,
      `CREATE TRIGGER duty_log_fts_delete AFTER DELETE ON duty_log BEGIN
        INSERT INTO duty_log_fts (duty_log_fts, rowid, text) VALUES ('delete', old.seq, old.text); END`,
      `CREATE TRIGGER duty_log_fts_update AFTER UPDATE OF text ON duty_log BEGIN
        INSERT INTO duty_log_fts (duty_log_fts, rowid, text) VALUES ('delete', old.seq, old.text);
        INSERT INTO duty_log_fts (rowid, text) VALUES (new.seq, new.text); END`,
      `CREATE TABLE handover (id TEXT PRIMARY KEY NOT NULL, shift_id TEXT NOT NULL, next_shift_id TEXT, generated_at TEXT NOT NULL,
        generated_by TEXT, refreshed_at TEXT NOT NULL, stats TEXT NOT NULL, outgoing_person_id TEXT, outgoing_signed_at TEXT,
        incoming_person_id TEXT, incoming_signed_at TEXT, signed_at TEXT, content_hash TEXT, version INTEGER NOT NULL,
        hlc TEXT NOT NULL)`,
      `CREATE UNIQUE INDEX idx_handover_shift ON handover (shift_id)`,
      `CREATE TABLE handover_item (id TEXT PRIMARY KEY NOT NULL, handover_id TEXT NOT NULL, kind TEXT NOT NULL, ref_id TEXT,
        title TEXT NOT NULL, detail TEXT NOT NULL, sort INTEGER NOT NULL, confirmed_by TEXT, confirmed_at TEXT, note TEXT,
        noted_by TEXT, noted_at TEXT)`,
      `CREATE INDEX idx_handover_item ON handover_item (handover_id, sort)`,
      `CREATE TRIGGER handover_signed_update BEFORE UPDATE ON handover WHEN OLD.signed_at IS NOT NULL BEGIN
        SELECT RAISE(ABORT, 'a signed handover never changes'); END`,
      `CREATE TRIGGER handover_signed_delete BEFORE DELETE ON handover WHEN OLD.signed_at IS NOT NULL BEGIN
        SELECT RAISE(ABORT, 'a signed handover never changes'); END`,
      `CREATE TRIGGER handover_item_signed_insert BEFORE INSERT ON handover_item
        WHEN (SELECT signed_at FROM handover WHERE id = NEW.handover_id) IS NOT NULL BEGIN
        SELECT RAISE(ABORT, 'a signed handover never changes'); END`,
      `CREATE TRIGGER handover_item_signed_update BEFORE UPDATE ON handover_item
        WHEN (SELECT signed_at FROM handover WHERE id = OLD.handover_id) IS NOT NULL BEGIN
        SELECT RAISE(ABORT, 'a signed handover never changes'); END`,
      `CREATE TRIGGER handover_item_signed_delete BEFORE DELETE ON handover_item
        WHEN (SELECT signed_at FROM handover WHERE id = OLD.handover_id) IS NOT NULL BEGIN
        SELECT RAISE(ABORT, 'a signed handover never changes'); END`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const trigger of [
      'handover_item_signed_delete',
      'handover_item_signed_update',
      'handover_item_signed_insert',
      'handover_signed_delete',
      'handover_signed_update',
      'duty_log_fts_update',
      'duty_log_fts_delete',
      'duty_log_fts_insert',
    ]) {
      await q.query(`DROP TRIGGER ${trigger}`);
    }
    for (const table of ['handover_item', 'handover', 'duty_log_fts', 'duty_log', 'duty_notice', 'roster_swap', 'absence', 'shift_slot', 'shift', 'roster', 'shift_template']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
