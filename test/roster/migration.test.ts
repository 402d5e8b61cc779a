/**
 * Migration 0003 (the watch's tables): a database made before it migrates, its entities agree with
 * its tables, the duty log's full-text index is trigram FTS5 in the bundled SQLite and stays in step
 * with the table, and the indexes the hot reads need are used.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDataSource } from '../../main/core/db/data-source';
import { MIGRATIONS } from '../../main/core/db/migrations';
import { Roster1700000000003 } from '../../main/core/db/migrations/0003-roster';
import { makeCore, type TestCore } from '../support/core';

const MY_TABLES = ['shift_template', 'roster', 'shift', 'shift_slot', 'absence', 'roster_swap', 'duty_notice', 'duty_log', 'handover', 'handover_item'];

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('migration 0003-roster', () => {
  it('migrates a database made before it, and creates every table of the watch', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'roster-migration-'));
    try {
      const file = path.join(dir, 'db.sqlite');
      const index = MIGRATIONS.indexOf(Roster1700000000003);
      expect(index).toBeGreaterThan(0);
      const old = await openDataSource(file, { migrations: MIGRATIONS.slice(0, index) });
      await old.query(`INSERT INTO meta (key, value) VALUES ('kept', 'yes')`);
      await old.destroy();
      const ds = await openDataSource(file);
      const tables = ((await ds.query(`SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name`)) as { name: string }[]).map((r) => r.name);
      for (const table of [...MY_TABLES, 'duty_log_fts', 'handover_signed_update', 'handover_item_signed_delete', 'duty_log_fts_insert']) expect(tables).toContain(table);
      expect(await ds.query(`SELECT value FROM meta WHERE key = 'kept'`)).toEqual([{ value: 'yes' }]);
      await ds.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('its entities agree with its tables (TypeORM would change none of them)', async () => {
    t = await makeCore();
    const log = await t.core.db.dataSource.driver.createSchemaBuilder().log();
    const mine = log.upQueries.map((q) => q.query).filter((q) => !/INDEX/.test(q) && MY_TABLES.some((table) => q.includes(`"${table}"`)));
    expect(mine).toEqual([]);
  });

  it('the duty log’s full-text index is trigram FTS5 and follows inserts, edits and deletes', async () => {
    t = await makeCore();
    const found = (q: string) => t!.core.db.read((sql) => sql.all<{ rowid: number }>(`SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH ?`, [q]));
    await t.core.db.write(async (sql) => {
      await sql.run(
        `INSERT INTO duty_log (id, shift_id, at, kind, text, author_id, created_at, updated_at, version, hlc) VALUES ('a', NULL, 'x', 'call', '河道水位上涨', 'p', 'x', 'x', 1, 'h')`,
      );
    });
    expect(await found('"水位上"')).toHaveLength(1);
    await t.core.db.write((sql) => sql.run(`UPDATE duty_log SET text = '山体滑坡预警' WHERE id = 'a'`));
    expect(await found('"水位上"')).toHaveLength(0);
    expect(await found('"滑坡预"')).toHaveLength(1);
    await t.core.db.write((sql) => sql.run(`DELETE FROM duty_log WHERE id = 'a'`));
    expect(await found('"滑坡预"')).toHaveLength(0);
  });

  it('reads by time use their indexes', async () => {
    t = await makeCore();
    const plan = async (q: string, params: unknown[]) =>
      (await t!.core.db.read((sql) => sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q}`, params))).map((p) => p.detail).join(' | ');
    expect(await plan(`SELECT id FROM shift WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at`, ['a', 'b'])).toMatch(/idx_shift_time/);
    expect(await plan(`SELECT * FROM duty_log WHERE shift_id = ? AND deleted_at IS NULL ORDER BY at, seq`, ['a'])).toMatch(/idx_duty_log_shift/);
    expect(await plan(`SELECT * FROM absence WHERE cancelled_at IS NULL AND person_id IN (?) ORDER BY starts_at`, ['a'])).toMatch(/idx_absence_person/);
    expect(await plan(`SELECT id FROM handover WHERE shift_id = ?`, ['a'])).toMatch(/idx_handover_shift/);
  });
});
