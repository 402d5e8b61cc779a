/**
 * Counts the calls the project's code makes into node-sqlite3 (each one a trip through libuv's
 * thread pool, ~0.1 ms), by wrapping the methods of the core's own sqlite3 Database object.
 */
import type { DataSource } from 'typeorm';

type Method = (...args: unknown[]) => unknown;
const METHODS = ['run', 'all', 'get', 'exec', 'each', 'prepare'] as const;

export interface CallRecorder {
  /** Calls (method + SQL) since the last reset. */
  calls(): { method: string; sql: string }[];
  reset(): void;
  /** Puts the original methods back. */
  restore(): void;
}

export function recordSqliteCalls(dataSource: DataSource): CallRecorder {
  const connection = (dataSource.driver as unknown as { databaseConnection: Record<string, Method> }).databaseConnection;
  let log: { method: string; sql: string }[] = [];
  const originals = new Map<string, Method>();
  for (const name of METHODS) {
    const original = connection[name];
    if (typeof original !== 'function') continue;
    originals.set(name, original);
    connection[name] = function (this: unknown, ...args: unknown[]): unknown {
      log.push({ method: name, sql: typeof args[0] === 'string' ? args[0].replace(/\s+/g, ' ').trim() : '' });
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
