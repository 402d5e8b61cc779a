/**
 * A database made by the program before the storage-engine work (#20) opens in this one and holds
 * everything it held: test/kernel/fixtures/previous-version.json is a database written by that program
 * (schema 6, random v4 ids, made by fixtures/make-previous-version.ts in a checkout of it), kept as
 * text (fixtures/sqlite-text.ts) and written back to a file here. Opened
 * the way the product opens a file — the engine check, integrity check, a backup of the old file,
 * every pending migration in one transaction — every row of every table reads back with the same
 * values (numbers bit for bit), and the desk works on it: the queue lists its open events, a command
 * runs on an event with an old id, a new event gets a time-ordered one.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../main/core/db/migrations';
import { makeCore } from '../support/core';
import { restoreDatabase } from './fixtures/sqlite-text';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-previous-version-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The old program's file, as it wrote it (the repository keeps it as text).
const FIXTURE = path.join(dir, 'previous-version-as-made.sqlite');
restoreDatabase(path.join(__dirname, 'fixtures', 'previous-version.json'), FIXTURE);

type Rows = Record<string, unknown>[];

/** Every ordinary table's rows (full-text search tables are derived by triggers), ordered by every column. */
function rowsOf(file: string): Record<string, { columns: string[]; rows: Rows }> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, { columns: string[]; rows: Rows }> = {};
    const tables = (db.prepare(`PRAGMA table_list`).all() as { name: string; type: string; schema: string }[]).filter(
      (t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_') && t.name !== 'migrations',
    );
    for (const { name } of tables) {
      const columns = (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
      const rows = db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${name}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).all() as Rows;
      out[name] = { columns, rows };
    }
    return out;
  } finally {
    db.close();
  }
}

describe('a database made by the previous version', () => {
  it('is migrated on open, and every row it held is found with the same values', async () => {
    const before = rowsOf(FIXTURE);
    expect(new Database(FIXTURE, { readonly: true }).pragma('user_version', { simple: true })).toBe(6);
    expect(before.event!.rows.length).toBeGreaterThan(40);
    const file = path.join(dir, 'duty-desk.sqlite');
    copyFileSync(FIXTURE, file);

    const t = await makeCore(undefined, dir);
    try {
      const read = <T>(text: string, params: unknown[] = []) => t.core.db.read((sql) => sql.all<T>(text, params));
      expect(await read(`PRAGMA user_version`)).toEqual([{ user_version: MIGRATIONS.length }]);
      expect(await read(`PRAGMA integrity_check`)).toEqual([{ integrity_check: 'ok' }]);
      for (const [table, { columns, rows }] of Object.entries(before)) {
        const now = await read(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`);
        // A number read back through the driver is the same double (toEqual compares with Object.is).
        expect(now, `table ${table}`).toEqual(rows);
      }
      const record = await read<{ payload: string }>(`SELECT payload FROM sync_record WHERE entity_id = 'district-roster-2026-11'`);
      expect(JSON.parse(record[0]!.payload)).toEqual({ month: '2026-11', shifts: 60, share: 39.818994 });

      // The desk works on it.
      const open = before.event!.rows.filter((e) => e.is_open === 1);
      const queue = await t.core.events.queue(t.officer, { limit: 200 });
      expect(queue.total).toBe(open.length);
      const old = before.event!.rows.find((e) => e.state === 'reported')!;
      expect(String(old.id)[14]).toBe('4'); // a random (v4) id of the old program
      await t.core.events.accept(t.officer, String(old.id));
      expect(await read(`SELECT state, version FROM event WHERE id = ?`, [old.id])).toEqual([{ state: 'accepted', version: Number(old.version) + 1 }]);
      const item = [...t.core.town.catalogue.values()][0]!;
      const fresh = await t.core.events.report(t.officer, { title: '迁移后的新事件', categoryCode: item.code, level: 'general', source: 'phone' });
      expect(fresh[14]).toBe('7'); // time-ordered (UUIDv7)
    } finally {
      await t.close();
    }
  });
});
