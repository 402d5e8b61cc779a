/**
 * Counts the calls the project's code makes into node-sqlite3 (each one a trip through libuv's
 * thread pool, ~0.1 ms), by wrapping the methods of the core's own sqlite3 Database object; and
 * replays them, with their parameters, on better-sqlite3 (the raw side of a benchmark: the same
 * SQL in the same order, called synchronously).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource } from 'typeorm';

type Method = (...args: unknown[]) => unknown;
const METHODS = ['run', 'all', 'get', 'exec', 'each', 'prepare'] as const;

export interface SqliteCall {
  method: string;
  /** The SQL, whitespace folded (for counting). */
  sql: string;
  /** The SQL as sent, and its parameters. */
  text: string;
  params: unknown[];
}

export interface CallRecorder {
  /** Calls (method + SQL) since the last reset. */
  calls(): SqliteCall[];
  reset(): void;
  /** Puts the original methods back. */
  restore(): void;
}

/**
 * With `everyConnection`, the calls of every node-sqlite3 connection in the process are recorded (the
 * methods of its prototype are wrapped): the core's read-only readers (Db.together) too.
 */
export function recordSqliteCalls(dataSource: DataSource, options: { everyConnection?: boolean } = {}): CallRecorder {
  const own = (dataSource.driver as unknown as { databaseConnection: Record<string, Method> }).databaseConnection;
  const connection = options.everyConnection ? (Object.getPrototypeOf(own) as Record<string, Method>) : own;
  let log: SqliteCall[] = [];
  const originals = new Map<string, Method>();
  for (const name of METHODS) {
    const original = connection[name];
    if (typeof original !== 'function') continue;
    originals.set(name, original);
    connection[name] = function (this: unknown, ...args: unknown[]): unknown {
      const text = typeof args[0] === 'string' ? args[0] : '';
      log.push({ method: name, sql: text.replace(/\s+/g, ' ').trim(), text, params: Array.isArray(args[1]) ? (args[1] as unknown[]) : [] });
      return original.apply(this, args);
    };
  }
  return {
    calls: () => log,
    reset: () => {
      log = [];
    },
    restore: () => {
      for (const [name, original] of originals) connection[name] = original;
    },
  };
}

/**
 * Runs recorded calls on a better-sqlite3 connection, in order, each statement prepared once (as
 * better-sqlite3 is meant to be used); returns the seconds it took. Values node-sqlite3 binds but
 * better-sqlite3 refuses are bound as node-sqlite3 binds them (true → 1, undefined → NULL).
 */
export function replayOnBetterSqlite(db: BetterSqlite3.Database, calls: readonly SqliteCall[]): number {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const bind = (v: unknown): unknown => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);
  const prepared = calls
    .filter((c) => c.method === 'run' || c.method === 'all' || c.method === 'get')
    .map((c) => {
      let s = statements.get(c.text);
      if (!s) {
        s = db.prepare(c.text);
        statements.set(c.text, s);
      }
      return { s, params: c.params.map(bind) };
    });
  const started = performance.now();
  for (const { s, params } of prepared) {
    if (s.reader) s.all(...params);
    else s.run(...params);
  }
  return (performance.now() - started) / 1000;
}
