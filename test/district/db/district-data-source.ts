/**
 * The district server's own DataSource: `<dataDir>/district.sqlite`, WAL, synchronous=FULL (an
 * acknowledged push survives a power cut), migrations as classes, never synchronize.
 */
import 'reflect-metadata';
import path from 'node:path';
import { quietSqlite3 } from '../../../main/core/db/quiet-sqlite3';
import { DataSource } from 'typeorm';
import { DISTRICT_SCHEMAS } from './district-schema';
import { DistrictInit1764000000001 } from './migrations/0001-district-init';

/** Ordered, append-only. */
export const DISTRICT_MIGRATIONS = [DistrictInit1764000000001];

export async function openDistrictDataSource(dataDir: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'sqlite',
    driver: quietSqlite3,
    database: path.join(dataDir, 'district.sqlite'),
    enableWAL: true,
    busyTimeout: 5000,
    entities: DISTRICT_SCHEMAS,
    migrations: DISTRICT_MIGRATIONS,
    migrationsTableName: 'district_migrations',
    synchronize: false,
    logging: false,
  });
  await dataSource.initialize();
  try {
    await dataSource.query('PRAGMA synchronous = FULL');
    // Random opId/entityId keys touch pages all over their B-trees: keep more of them in memory.
    await dataSource.query('PRAGMA cache_size = -65536');
    await dataSource.query('PRAGMA wal_autocheckpoint = 16384');
    // Refuse a database written by a newer server: its schema may mean something we do not know.
    const known = new Set(DISTRICT_MIGRATIONS.map((m) => m.name));
    const hasTable = (await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'district_migrations'`)) as unknown[];
    if (hasTable.length > 0) {
      const applied = (await dataSource.query('SELECT name FROM district_migrations')) as { name: string }[];
      const unknown = applied.filter((row) => !known.has(row.name));
      if (unknown.length > 0) {
        throw new Error(`district database is newer than this server (migration ${unknown[0].name})`);
      }
    }
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
