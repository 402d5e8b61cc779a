/**
 * Read-only connections beside the core's one connection, for long reads that need not wait for the
 * writer nor hold it up (考核评价's figures: a month's scans take a few hundred milliseconds).
 *
 * In WAL mode a reader sees the database as it was at its transaction's first read, whatever the
 * writer commits meanwhile. `Db.together` starts every reader's transaction while it holds the
 * writer's queue, so all of them see the same state, the one a `read` at that moment would see; then
 * lets the writer go on and runs the reads side by side (node-sqlite3 runs each connection's
 * statements on libuv's thread pool: two readers use two cores).
 *
 * Opened with SQLITE_OPEN_READONLY and `query_only`: nothing written through here, ever. The one
 * write path (the kernel's command runner, over `Db.write`) is unchanged.
 */
import sqlite3 from 'sqlite3';
import type { Sql } from './db';

/** A reader's page cache: half the writer's (data-source.ts); a month of the figures' indexes is about 15 MiB. */
const READER_CACHE_KIB = 32768;

export class SnapshotReader implements Sql {
  private constructor(private readonly conn: sqlite3.Database) {}

  static open(file: string, mmapBytes: number): Promise<SnapshotReader> {
    return new Promise((resolve, reject) => {
      const conn = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
        if (error) return reject(error);
        const reader = new SnapshotReader(conn);
        const pragmas = ['query_only = 1', 'busy_timeout = 5000', `cache_size = -${READER_CACHE_KIB}`, `mmap_size = ${mmapBytes}`];
        void pragmas
          .reduce<Promise<void>>((p, pragma) => p.then(() => reader.run(`PRAGMA ${pragma}`)), Promise.resolve())
          .then(() => resolve(reader))
          .catch((e: unknown) => {
            conn.close();
            reject(e as Error);
          });
      });
    });
  }

  all<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.conn.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))));
  }

  get<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => this.conn.get(sql, params, (error, row) => (error ? reject(error) : resolve(row as T | undefined))));
  }

  run(sql: string, params: readonly unknown[] = []): Promise<void> {
    return new Promise((resolve, reject) => this.conn.run(sql, params, (error) => (error ? reject(error) : resolve())));
  }

  /** Starts a read transaction and takes its snapshot now (a deferred BEGIN takes it at the first read). */
  async pin(): Promise<void> {
    await this.run('BEGIN');
    await this.get('SELECT 1 FROM sqlite_schema LIMIT 1');
  }

  /** Ends the read transaction, if one is open. */
  async unpin(): Promise<void> {
    await this.run('ROLLBACK').catch(() => undefined);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.conn.close(() => resolve()));
  }
}

/** At most this many readers: the machines the console runs on have two cores or more. */
export const MAX_READERS = 2;

/** The idle readers of one database file, opened on first use. */
export class ReaderPool {
  private readonly idle: SnapshotReader[] = [];
  private readonly all = new Set<SnapshotReader>();
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly mmapBytes: number,
  ) {}

  /** `count` readers (count ≤ MAX_READERS), idle ones first. */
  async take(count: number): Promise<SnapshotReader[]> {
    if (this.closed) throw new Error('database is closed');
    const taken = this.idle.splice(0, count);
    try {
      while (taken.length < count) {
        const reader = await SnapshotReader.open(this.file, this.mmapBytes);
        this.all.add(reader);
        taken.push(reader);
      }
    } catch (error) {
      this.give(taken);
      throw error;
    }
    return taken;
  }

  /** Readers back to the pool (closed if the pool was closed meanwhile). */
  give(readers: readonly SnapshotReader[]): void {
    for (const r of readers) {
      if (this.closed) {
        this.all.delete(r);
        void r.close();
      } else if (this.idle.length < MAX_READERS) this.idle.push(r);
      else {
        this.all.delete(r);
        void r.close();
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle.splice(0);
    for (const r of idle) this.all.delete(r);
    await Promise.all(idle.map((r) => r.close()));
  }
}
