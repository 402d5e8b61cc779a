import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 语音播报 and the grouped alarm view (issue #17):
 * - `voice_template`: the spoken line per alarm kind, as the administrator edited it (a kind with no
 *   row speaks the built-in template, main/core/alarms/voice-text.ts);
 * - `voice_screen`: per screen (`desk`, `wall:<screen id>`) whether it speaks, its volume and quiet hours;
 * - `voice_option`: the repeat interval and the grouping window (key → JSON value);
 * - `voice_mute`: mutes with their reason, who, from and until, and who ended one early (the log).
 */
export class Voice1700000000014 implements MigrationInterface {
  name = 'Voice1700000000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS voice_template (kind TEXT PRIMARY KEY NOT NULL, template TEXT NOT NULL,
      enabled INTEGER NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL)`);
    await q.query(`CREATE TABLE IF NOT EXISTS voice_screen (screen TEXT PRIMARY KEY NOT NULL, enabled INTEGER NOT NULL,
      volume INTEGER NOT NULL, quiet_from TEXT, quiet_to TEXT, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL)`);
    await q.query(`CREATE TABLE IF NOT EXISTS voice_option (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)`);
    await q.query(`CREATE TABLE IF NOT EXISTS voice_mute (id TEXT PRIMARY KEY NOT NULL, reason TEXT NOT NULL, by_id TEXT NOT NULL,
      from_at TEXT NOT NULL, until_at TEXT NOT NULL, ended_at TEXT, ended_by TEXT)`);
    await q.query(`CREATE INDEX IF NOT EXISTS idx_voice_mute_until ON voice_mute (until_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE voice_mute`);
    await q.query(`DROP TABLE voice_option`);
    await q.query(`DROP TABLE voice_screen`);
    await q.query(`DROP TABLE voice_template`);
  }
}
