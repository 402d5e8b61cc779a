/**
 * Opens the console's SQLite file through TypeORM (sqlite3 driver): migrations as classes, never
 * `synchronize`; WAL with synchronous=FULL so a power cut loses no acknowledged action.
 */
import 'reflect-metadata';
import { DataSource, type MigrationInterface } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { quietSqlite3 } from './quiet-sqlite3';
import { assertSqliteEngine } from './sqlite-engine';

export interface OpenOptions {
  /** The migrations to run (tests of the migration path pass a prefix of the list). */
  migrations?: readonly (new () => MigrationInterface)[];
}

export async function openDataSource(file: string, options: OpenOptions = {}): Promise<DataSource> {
  await assertSqliteEngine();
  const migrations = [...(options.migrations ?? MIGRATIONS)];
  const ds = new DataSource({
    type: 'sqlite',
    database: file,
    driver: quietSqlite3,
    entities: ENTITIES,
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  });
  await ds.initialize();
  await ds.query('PRAGMA journal_mode = WAL');
  await ds.query('PRAGMA synchronous = FULL');
  await ds.query('PRAGMA foreign_keys = ON');
  await ds.query('PRAGMA busy_timeout = 5000');
  // Checkpoints run from the core's idle timer (Db.checkpoint); the automatic one is only a
  // backstop, so a person's command rarely pays for copying the WAL back.
  await ds.query('PRAGMA wal_autocheckpoint = 10000');
  const [{ user_version: fileVersion }] = (await ds.query('PRAGMA user_version')) as [{ user_version: number }];
  if (fileVersion > migrations.length) {
    await ds.destroy();
    throw new Error(`database ${file} is at schema ${fileVersion}, newer than this program knows (${migrations.length}); use a newer program`);
  }
  // All pending migrations in one transaction: a failure anywhere leaves the file at the version it had.
  try {
    await ds.runMigrations({ transaction: 'all' });
  } catch (error) {
    await ds.destroy();
    throw error;
  }
  await ds.query(`PRAGMA user_version = ${migrations.length}`);
  return ds;
}
