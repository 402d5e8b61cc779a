/**
 * Opens the console's SQLite file through TypeORM (sqlite3 driver): migrations as classes, never
 * `synchronize`; WAL with synchronous=FULL so a power cut loses no acknowledged action.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { quietSqlite3 } from './quiet-sqlite3';

export async function openDataSource(file: string): Promise<DataSource> {
  const ds = new DataSource({
    type: 'sqlite',
    database: file,
    driver: quietSqlite3,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  });
  await ds.initialize();
  await ds.query('PRAGMA journal_mode = WAL');
  await ds.query('PRAGMA synchronous = FULL');
  await ds.query('PRAGMA foreign_keys = ON');
  await ds.query('PRAGMA busy_timeout = 5000');
  const [{ user_version: fileVersion }] = (await ds.query('PRAGMA user_version')) as [{ user_version: number }];
  if (fileVersion > MIGRATIONS.length) {
    await ds.destroy();
    throw new Error(
      `database ${file} is at schema ${fileVersion}, newer than this program knows (${MIGRATIONS.length}); use a newer program`,
    );
  }
  await ds.runMigrations({ transaction: 'each' });
  await ds.query(`PRAGMA user_version = ${MIGRATIONS.length}`);
  return ds;
}
