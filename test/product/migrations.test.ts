/**
 * Migrations from every earlier schema version, on a copy of real-looking data: a database is built
 * at version v with TypeORM's own runner (the first v migrations only), filled with the rows a real
 * desk makes (copied, column by column, from a desk the current services filled), then started the
 * way the product starts — integrity check, a backup of the old file, all pending migrations in one
 * transaction — and checked: every row survived unchanged, the schema is exactly a fresh database's,
 * the copy taken before migrating is the old database, and the desk works on the result.
 * Also: a migration that fails half-way leaves the file exactly at the version it had.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataSource } from '../../main/core/db/data-source';
import { MIGRATIONS } from '../../main/core/db/migrations';
import { makeCore, type TestCore } from '../support/core';
import { fillRealLookingDesk } from './real-data';

const LATEST = MIGRATIONS.length;
const DB = 'duty-desk.sqlite';
const root = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-migrations-'));
let liveFile: string;
let freshSchema: Schema;
let endOfData: string;

type Rows = Record<string, unknown>[];
type Schema = Record<string, { columns: string[]; indexes: string[] }>;

/**
 * Ordinary tables only: a virtual table (full-text search) and its shadow tables are derived from
 * their content table by its triggers, so they are rebuilt as its rows are copied, not copied.
 */
function userTables(db: Database.Database, schema = 'main'): string[] {
  return (db.prepare(`PRAGMA ${schema}.table_list`).all() as { name: string; type: string }[])
    .filter((t) => t.type === 'table' && !t.name.startsWith('sqlite_'))
    .map((t) => t.name)
    .sort();
}

function columns(db: Database.Database, table: string, schema = 'main'): string[] {
  return (db.prepare(`PRAGMA ${schema}.table_info(${JSON.stringify(table)})`).all() as { name: string }[]).map((c) => c.name);
}

function schemaOf(file: string): Schema {
  const db = new Database(file, { readonly: true });
  try {
    const out: Schema = {};
    const all = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    for (const t of all) {
      const indexes = (
        db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).all(t) as { name: string }[]
      ).map((r) => r.name);
      out[t] = { columns: columns(db, t), indexes };
    }
    return out;
  } finally {
    db.close();
  }
}

/** Every row of every table (but TypeORM's own `migrations`), in rowid order, only the given columns. */
function rowsOf(file: string, only?: Record<string, string[]>): Record<string, Rows> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, Rows> = {};
    for (const t of userTables(db)) {
      if (t === 'migrations') continue;
      const cols = only ? only[t] : columns(db, t);
      if (!cols) continue;
      // Ordered by every column: the same order on both sides whatever the table's key.
      out[t] = db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}" ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`).all() as Rows;
    }
    return out;
  } finally {
    db.close();
  }
}

/** A database at schema `version` holding the live desk's rows (the columns that existed then). */
async function buildAt(version: number, dir: string): Promise<{ file: string; columnsThen: Record<string, string[]>; rows: Record<string, Rows> }> {
  const file = path.join(dir, DB);
  const ds = await openDataSource(file, { migrations: MIGRATIONS.slice(0, version) });
  await ds.destroy();
  const db = new Database(file);
  const columnsThen: Record<string, string[]> = {};
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    db.prepare('ATTACH DATABASE ? AS live').run(liveFile);
    db.exec('BEGIN');
    for (const t of userTables(db)) {
      if (t === 'migrations') continue;
      const then = columns(db, t);
      const live = new Set(columns(db, t, 'live'));
      const shared = then.filter((c) => live.has(c));
      expect(shared, `table ${t} at schema ${version}`).toEqual(then); // columns are only ever added
      columnsThen[t] = then;
      // The history's search keys (migration 0012) are made by the event table's trigger as its rows are copied.
      if (t === 'event_doc') continue;
      const list = shared.map((c) => `"${c}"`).join(', ');
      db.exec(`INSERT INTO main."${t}" (${list}) SELECT ${list} FROM live."${t}"`);
    }
    db.exec('COMMIT');
    db.exec('DETACH DATABASE live');
  } finally {
    db.close();
  }
  return { file, columnsThen, rows: rowsOf(file) };
}

beforeAll(async () => {
  // A desk the current program filled through its services: the source of every version's rows.
  const liveDir = path.join(root, 'live');
  const t: TestCore = await makeCore(undefined, liveDir);
  await fillRealLookingDesk(t);
  await t.core.db.write((sql) =>
    sql.run(`INSERT INTO sync_record (entity, entity_id, version, hlc, payload) VALUES (?,?,?,?,?)`, [
      'roster',
      'district-roster-2026-11',
      3,
      '0001764810000000-0000-district',
      JSON.stringify({ month: '2026-11', shifts: 60 }),
    ]),
  );
  endOfData = t.clock.now().toISOString();
  await t.core.close();
  liveFile = path.join(liveDir, DB);
  freshSchema = schemaOf(liveFile);
  const counts = rowsOf(liveFile);
  // The data is worth migrating: every table that matters has rows.
  for (const table of [
    'event',
    'event_timeline',
    'assignment',
    'alarm',
    'approval',
    'audit_log',
    'outbox',
    'person',
    'post',
    'grid',
    'catalogue_item',
    'meta',
    'calendar_override',
    'sync_record',
  ]) {
    expect(counts[table]?.length ?? 0, table).toBeGreaterThan(0);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('migrations from every earlier schema version', () => {
  for (let version = 1; version <= LATEST; version++) {
    it(`schema ${version} → ${LATEST}: every row survives, the schema is the fresh one, the desk works`, async () => {
      const dir = path.join(root, `v${version}`);
      const before = await buildAt(version, dir);
      const keep = path.join(root, `v${version}-copy.sqlite`);
      copyFileSync(before.file, keep);

      // Started as the product starts.
      const t = await makeCore(endOfData, dir);
      try {
        const startup = t.core.backups.startup!;
        expect(startup.integrity).toBe('ok');
        expect(startup.schemaVersion).toBe(version);
        const db = new Database(t.core.dbFile, { readonly: true });
        expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
        expect((db.prepare('SELECT name FROM migrations ORDER BY id').all() as { name: string }[]).map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name ?? M.name));
        db.close();

        // Every row of the old database, unchanged, in the columns it had.
        expect(rowsOf(t.core.dbFile, before.columnsThen)).toEqual(before.rows);
        // The new columns and tables are there: the same schema as a database made fresh.
        expect(schemaOf(t.core.dbFile)).toEqual(freshSchema);

        if (version < LATEST) {
          // The old file was copied before it was migrated, and the copy is the old database.
          expect(startup.preMigrationBackup).toMatch(/-pre-migration\.sqlite$/);
          const copy = path.join(t.core.backups.paths.backupDir, startup.preMigrationBackup!);
          expect(new Database(copy, { readonly: true }).pragma('user_version', { simple: true })).toBe(version);
          expect(rowsOf(copy)).toEqual(rowsOf(keep));
        } else {
          expect(startup.preMigrationBackup).toBeNull();
        }

        // The desk works on it: the queue shows the open events, a new call goes in and is dispatched.
        const openCount = (before.rows.event ?? []).filter((e) => e.is_open === 1).length;
        const queue = await t.core.events.queue(t.officer, { limit: 500 });
        expect(queue.rows.length).toBe(openCount);
        const id = await t.core.events.report(t.officer, { title: '迁移后第一件', categoryCode: 'SAFE-001', level: 'general', source: 'phone', gridCode: 'G01' });
        const p = await t.core.events.proposeDispatch(t.officer, id);
        await t.core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
        const seqs = await t.core.db.read((sql) => sql.all<{ seq: number }>('SELECT seq FROM outbox ORDER BY seq'));
        expect(seqs.map((s) => s.seq)).toEqual(seqs.map((_, i) => i + 1)); // the outbox counts on with no gap
        const check = await t.core.db.read((sql) => sql.all<{ integrity_check: string }>('PRAGMA integrity_check'));
        expect(check).toEqual([{ integrity_check: 'ok' }]);
      } finally {
        await t.close();
      }
    });
  }
});

class BrokenMigration1700000009999 implements MigrationInterface {
  name = 'BrokenMigration1700000009999';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE half_done (id INTEGER PRIMARY KEY)`);
    await q.query(`ALTER TABLE event ADD COLUMN half_done INTEGER`);
    throw new Error('the disk filled up half-way');
  }
  async down(): Promise<void> {}
}

describe('a migration that fails', () => {
  it('leaves the file exactly at the version it had: all pending migrations are one transaction', async () => {
    const dir = path.join(root, 'broken');
    const before = await buildAt(1, dir);
    const schemaBefore = schemaOf(before.file);
    await expect(openDataSource(before.file, { migrations: [...MIGRATIONS, BrokenMigration1700000009999] })).rejects.toThrow(/half-way/);
    const db = new Database(before.file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect((db.prepare('SELECT name FROM migrations').all() as { name: string }[]).map((m) => m.name)).toEqual([MIGRATIONS[0]!.name]);
    db.close();
    expect(schemaOf(before.file)).toEqual(schemaBefore);
    expect(rowsOf(before.file)).toEqual(before.rows);
    // And the real program still migrates it afterwards.
    const ds = await openDataSource(before.file);
    await ds.destroy();
    expect(schemaOf(before.file)).toEqual(freshSchema);
  });
});
