/**
 * TypeORM calls `sqlite3.verbose()`, which makes every statement keep a formatted copy of its SQL
 * text and parameters for stack traces: a large share of the time of a small command or a big
 * INSERT. Hand TypeORM the module with verbose() as a no-op; errors still carry the SQL through
 * TypeORM's own QueryFailedError.
 */
import sqlite3 from 'sqlite3';

export const quietSqlite3: typeof sqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, {
  verbose: () => quietSqlite3,
});
