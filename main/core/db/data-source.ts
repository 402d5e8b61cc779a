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
  /**
   * The driver: `sqlite3` (the product's). `better-sqlite3` (a dev dependency, never in the
   * installers) only for the raw side of a benchmark: the same code and SQL over an in-process,
   * synchronous driver.
   */
  engine?: 'sqlite3' | 'better-sqlite3';
}

/**
 * The connection's settings, in this order (README, "The storage engine", has the figures):
 * - WAL with synchronous=FULL: a power cut loses no acknowledged action;
 * - a 64 MiB page cache (SQLite's default is 2 MiB; better-sqlite3 builds with 16 MiB) and reads
 *   memory-mapped up to 256 MiB of the file, chosen by measurement on the development machine (a
 *   sync page's SQLite work ran 1.1–2× faster, a command's p99 fell);
 * - checkpoints from the core's idle timer (Db.checkpoint); the automatic one is only a backstop, so
 *   a person's command rarely pays for copying the WAL back.
 */
export const CACHE_KIB = 65536;
export const MMAP_BYTES = 256 * 1024 * 1024;
export const STORAGE_PRAGMAS: readonly string[] = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  `cache_size = -${CACHE_KIB}`,
  `mmap_size = ${MMAP_BYTES}`,
  'wal_autocheckpoint = 10000',
];

export async function openDataSource(file: string, options: OpenOptions = {}): Promise<DataSource> {
  const migrations = [...(options.migrations ?? MIGRATIONS)];
  const common = { database: file, entities: ENTITIES, migrations, migrationsRun: false, synchronize: false, logging: false } as const;
  let ds: DataSource;
  if (options.engine === 'better-sqlite3') {
    ds = new DataSource({ type: 'better-sqlite3', statementCacheSize: 100, ...common });
  } else {
    await assertSqliteEngine();
    ds = new DataSource({ type: 'sqlite', driver: quietSqlite3, ...common });
  }
  await ds.initialize();
  for (const pragma of STORAGE_PRAGMAS) await ds.query(`PRAGMA ${pragma}`);
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
