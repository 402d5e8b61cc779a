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

class RunnerSql implements Sql {
  constructor(private readonly runner: QueryRunner) {}
  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.runner.query(sql, params as unknown[]) as Promise<T[]>;
  }
  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    const rows = (await this.runner.query(sql, params as unknown[])) as T[];
    return rows[0];
  }
  async run(sql: string, params: readonly unknown[] = []): Promise<void> {
    await this.runner.query(sql, params as unknown[]);
  }
}

export class Db {
  private readonly runner: QueryRunner;
  private readonly sql: Sql;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(readonly dataSource: DataSource) {
    this.runner = dataSource.createQueryRunner();
    this.sql = new RunnerSql(this.runner);
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
      await this.runner.release();
      await this.dataSource.destroy();
    });
  }
}
