/**
 * The single way into the database for services: one connection, one writer at a time.
 * `write` runs a function inside one transaction (all or nothing); `read` runs it outside one.
 * Both are serialized so a read never sees another command's half-done transaction.
 */
import type { DataSource, QueryRunner } from 'typeorm';

export interface Sql {
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
}

/** The parts of node-sqlite3's Statement the cache uses. */
interface Statement {
  all(params: unknown[], callback: (error: Error | null, rows: unknown[]) => void): void;
  finalize(callback: () => void): void;
}
interface Connection {
  prepare(sql: string, callback: (error: Error | null) => void): Statement;
}

/**
 * SQL through the TypeORM DataSource's own sqlite3 connection, with prepared statements kept
 * for reuse: node-sqlite3 otherwise prepares, runs and finalizes every statement, each a trip to
 * its worker thread (three per statement instead of one). Only `all()` is used on a cached
 * statement: it steps to the end and resets it, so no read snapshot is held between calls.
 */
class CachedSql implements Sql {
  private readonly cache = new Map<string, Statement>();
  private static readonly LIMIT = 256;

  constructor(private readonly connection: () => Connection) {}

  private statement(sql: string): Promise<Statement> {
    const cached = this.cache.get(sql);
    if (cached) return Promise.resolve(cached);
    return new Promise((resolve, reject) => {
      const statement = this.connection().prepare(sql, (error) => {
        if (error) {
          reject(new Error(`${error.message} — in: ${sql.slice(0, 200)}`));
          return;
        }
        if (this.cache.size >= CachedSql.LIMIT) {
          const [oldestSql, oldest] = this.cache.entries().next().value as [string, Statement];
          this.cache.delete(oldestSql);
          oldest.finalize(() => undefined);
        }
        this.cache.set(sql, statement);
        resolve(statement);
      });
    });
  }

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const statement = await this.statement(sql);
    return new Promise<T[]>((resolve, reject) =>
      statement.all([...params], (error, rows) => (error ? reject(new Error(`${error.message} — in: ${sql.slice(0, 200)}`)) : resolve(rows as T[]))),
    );
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<void> {
    await this.all(sql, params);
  }

  async finalizeAll(): Promise<void> {
    const statements = [...this.cache.values()];
    this.cache.clear();
    await Promise.all(statements.map((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))));
  }
}

export class Db {
  private readonly runner: QueryRunner;
  private readonly sql: CachedSql;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(readonly dataSource: DataSource) {
    this.runner = dataSource.createQueryRunner();
    // TypeORM's sqlite driver keeps one connection; transactions begin and end on it through the
    // runner, and the statements in between run on the same connection.
    this.sql = new CachedSql(() => (dataSource.driver as unknown as { databaseConnection: Connection }).databaseConnection);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('database is closed'));
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }

  read<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.exclusive(() => fn(this.sql));
  }

  write<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.runner.startTransaction();
      try {
        const value = await fn(this.sql);
        await this.runner.commitTransaction();
        return value;
      } catch (error) {
        await this.runner.rollbackTransaction();
        throw error;
      }
    });
  }

  /** Copies the WAL back into the database without waiting for readers (run when idle). */
  checkpoint(): Promise<void> {
    return this.read((sql) => sql.run('PRAGMA wal_checkpoint(PASSIVE)'));
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      this.closed = true;
      await this.sql.finalizeAll();
      await this.runner.release();
      await this.dataSource.destroy();
    });
  }
}
