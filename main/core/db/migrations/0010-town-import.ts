import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Importing a town from its own spreadsheets (main/core/town/import): a person's code (人员编号,
 * what a re-import updates by; people made by hand or by the set-up have none and are never touched
 * by an import), a grid and a catalogue item can be deactivated, and the villages (村社区) with their
 * codes and shapes. The columns of the town's admin pages (0009: active, board, version and HLC of
 * people and grids, a post's active, a grid's village code) are added here too when missing, so this
 * migration stands on its own.
 */
export class TownImport1700000000010 implements MigrationInterface {
  name = 'TownImport1700000000010';

  async up(q: QueryRunner): Promise<void> {
    const columns = async (table: string): Promise<Set<string>> => new Set(((await q.query(`PRAGMA table_info(${table})`)) as { name: string }[]).map((c) => c.name));
    const add = async (table: string, column: string, definition: string): Promise<void> => {
      if (!(await columns(table)).has(column)) await q.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    };
    await add('person', 'code', 'TEXT');
    await add('person', 'active', 'INTEGER NOT NULL DEFAULT 1');
    await add('person', 'board_code', 'TEXT');
    await add('person', 'version', 'INTEGER NOT NULL DEFAULT 1');
    await add('person', 'hlc', "TEXT NOT NULL DEFAULT ''");
    await add('post', 'active', 'INTEGER NOT NULL DEFAULT 1');
    await add('grid', 'village_code', "TEXT NOT NULL DEFAULT ''");
    await add('grid', 'version', 'INTEGER NOT NULL DEFAULT 1');
    await add('grid', 'hlc', "TEXT NOT NULL DEFAULT ''");
    await add('grid', 'active', 'INTEGER NOT NULL DEFAULT 1');
    await add('catalogue_item', 'active', 'INTEGER NOT NULL DEFAULT 1');
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS idx_person_code ON person (code) WHERE code IS NOT NULL`);
    await q.query(`CREATE TABLE IF NOT EXISTS village (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, geometry TEXT,
      active INTEGER NOT NULL DEFAULT 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE village`);
    await q.query(`DROP INDEX idx_person_code`);
    await q.query(`ALTER TABLE catalogue_item DROP COLUMN active`);
    await q.query(`ALTER TABLE grid DROP COLUMN active`);
    await q.query(`ALTER TABLE person DROP COLUMN code`);
  }
}
