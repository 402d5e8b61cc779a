/** The database file: migrations, pragmas, refusal of a newer schema, and query plans that fit. */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDataSource } from '../../main/core/db/data-source';
import { MIGRATIONS } from '../../main/core/db/migrations';
import { QUEUE_SQL } from '../../main/core/events/event.repository';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('database', () => {
  it('migrates a fresh file, records its version, and runs WAL with synchronous=FULL', async () => {
    t = await makeCore();
    const rows = await t.core.db.read(async (sql) => ({
      journal: await sql.get<{ journal_mode: string }>('PRAGMA journal_mode'),
      sync: await sql.get<{ synchronous: number }>('PRAGMA synchronous'),
      version: await sql.get<{ user_version: number }>('PRAGMA user_version'),
      migrations: await sql.all<{ name: string }>('SELECT name FROM migrations'),
    }));
    expect(rows.journal?.journal_mode).toBe('wal');
    expect(rows.sync?.synchronous).toBe(2); // FULL
    // Every migration of the list, in order (each issue appends its own).
    expect(rows.version?.user_version).toBe(MIGRATIONS.length);
    expect(rows.migrations.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => new m().name));
    expect(rows.migrations.map((m) => m.name).slice(0, 3)).toEqual(['Initial1700000000001', 'Sync1700000000002', 'Roster1700000000003']);
  });

  it('the entities agree with the migrations (TypeORM would change nothing)', async () => {
    t = await makeCore();
    const log = await t.core.db.dataSource.driver.createSchemaBuilder().log();
    const changes = log.upQueries.map((q) => q.query).filter((q) => !/INDEX/.test(q));
    expect(changes).toEqual([]);
  });

  it('refuses to open a database made by a newer program, and leaves it alone', async () => {
    t = await makeCore();
    const file = t.core.dbFile;
    await t.core.close();
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    await expect(openDataSource(file)).rejects.toThrow(/newer than this program/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(99);
    again.close();
    t = { ...t, close: async () => undefined };
  });

  it('the queue query walks the partial queue index with no temporary B-tree', async () => {
    t = await makeCore();
    const plan = await t.core.db.read((sql) => sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${QUEUE_SQL}`, ['330110105000', 200]));
    const text = plan.map((p) => p.detail).join(' | ');
    expect(text).toMatch(/idx_event_queue/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });

  it('the SLA sweep and duplicate check use their indexes', async () => {
    t = await makeCore();
    const due = await t.core.db.read((sql) =>
      sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT id FROM event WHERE is_open = 1 AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT 500`, ['x']),
    );
    expect(due.map((p) => p.detail).join(' ')).toMatch(/idx_event_due/);
    const dup = await t.core.db.read((sql) =>
      sql.all<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT id FROM event WHERE is_open = 1 AND category_code = ? AND grid_code = ? AND reported_at >= ? AND reported_at <= ? ORDER BY reported_at DESC LIMIT 1`,
        ['a', 'b', 'c', 'd'],
      ),
    );
    expect(dup.map((p) => p.detail).join(' ')).toMatch(/idx_event_duplicate/);
  });
});
