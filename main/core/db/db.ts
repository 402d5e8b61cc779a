/**
 * The single way into the database for services: one connection, one writer at a time.
 * `write` runs a function inside one transaction (all or nothing); `read` runs it outside one.
 * Both are serialized so a read never sees another command's half-done transaction. `together` runs
 * long reads side by side on read-only connections of their own (snapshot-readers.ts), all on one
 * snapshot, while the writer goes on.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { MMAP_BYTES } from './data-source';
import { MAX_READERS, ReaderPool } from './snapshot-readers';

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
  /** Null where readers cannot be had: an in-memory database, or the better-sqlite3 what-if of a benchmark. */
  private readonly readers: ReaderPool | null;

  constructor(readonly dataSource: DataSource) {
    this.runner = dataSource.createQueryRunner();
    this.sql = new RunnerSql(this.runner);
    const file = dataSource.options.type === 'sqlite' ? dataSource.options.database : '';
    this.readers = file && file !== ':memory:' ? new ReaderPool(file, MMAP_BYTES) : null;
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

  /**
   * Reads, each on a read-only connection of its own, side by side, all on the database as it stands
   * when they start (between two commits: a command half done is never seen), while commands go on.
   * For long reads only: each costs a connection's start the first time. Where there are no readers,
   * the reads run one after the other as one `read`.
   */
  async together<T extends readonly unknown[]>(...fns: { [K in keyof T]: (sql: Sql) => Promise<T[K]> }): Promise<T> {
    const pool = this.readers;
    if (!pool || fns.length > MAX_READERS)
      return this.read(async (sql) => {
        const out: unknown[] = [];
        for (const fn of fns) out.push(await fn(sql));
        return out as unknown as T;
      });
    const readers = await pool.take(fns.length);
    try {
      // Every snapshot taken while the writer waits: all the same, and between two commits.
      await this.exclusive(async () => {
        for (const r of readers) await r.pin();
      });
      return (await Promise.all(fns.map((fn, i) => fn(readers[i]!)))) as unknown as T;
    } finally {
      await Promise.all(readers.map((r) => r.unpin()));
      pool.give(readers);
    }
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
      await this.readers?.close();
      await this.runner.release();
      await this.dataSource.destroy();
    });
  }
}
