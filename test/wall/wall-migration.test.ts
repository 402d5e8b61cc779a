/**
 * Migration 0004 (the wall) on its own: a database at the schema before it, with events in it, is
 * migrated; the wall's tables and the cockpit's indexes appear, the events are untouched, and the
 * migration can be taken back down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDataSource } from '../../main/core/db/data-source';
import { MIGRATIONS } from '../../main/core/db/migrations';
import { Wall1700000000004 } from '../../main/core/db/migrations/0004-wall';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('adds the wall tables and the cockpit indexes to a database that had none, and comes back down', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-wall-migration-'));
  dirs.push(dir);
  const file = path.join(dir, 'db.sqlite');
  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(Wall1700000000004));
  let ds = await openDataSource(file, { migrations: before });
  await ds.query(
    `INSERT INTO event (id, town_code, title, category_code, board_code, level, level_rank, source, state, is_open, reported_at, version, hlc, updated_at)
      VALUES ('e1', 'T', 't', 'C', 'b', 'general', 0, 'grid', 'reported', 1, '2026-11-23T01:00:00.000Z', 1, 'h', '2026-11-23T01:00:00.000Z')`,
  );
  const names = async (type: string): Promise<string[]> =>
    (
      (await ds.query(`SELECT name FROM sqlite_master WHERE type = ? AND (name LIKE 'wall%' OR name LIKE 'idx_event_%' OR name LIKE 'idx_wall%') ORDER BY name`, [type])) as {
        name: string;
      }[]
    ).map((r) => r.name);
  expect(await names('table')).toEqual([]);
  await ds.destroy();

  ds = await openDataSource(file);
  expect(await names('table')).toEqual(['wall_layout', 'wall_layout_version', 'wall_setting', 'wall_token']);
  expect(await names('index')).toEqual(expect.arrayContaining(['idx_event_closed', 'idx_event_reported', 'idx_event_wall', 'idx_wall_token_layout']));
  expect(((await ds.query(`PRAGMA user_version`)) as { user_version: number }[])[0]!.user_version).toBe(MIGRATIONS.length);
  expect(await ds.query(`SELECT id, state FROM event`)).toEqual([{ id: 'e1', state: 'reported' }]);

  const runner = ds.createQueryRunner();
  await new Wall1700000000004().down(runner);
  await runner.release();
  expect(await names('table')).toEqual([]);
  expect(await names('index')).not.toContain('idx_event_wall');
  await ds.destroy();
});
