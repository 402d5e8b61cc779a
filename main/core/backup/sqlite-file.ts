/**
 * The database as a file: short-lived connections of their own (never the core's), to check a
 * file's integrity, read its schema version, and copy a consistent snapshot of it with
 * `VACUUM INTO` while the core goes on writing (WAL lets a reader and the writer run together).
 * Also the file-system steps that make a copy or a swap survive a crash: fsync, then rename.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync } from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';

export const DB_SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

function openDb(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (error) => (error ? reject(error) : resolve(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))));
}

function closeDb(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}

/** Runs `fn` on a private connection to `file` and always closes it. */
export async function withFile<T>(file: string, fn: (q: <R>(sql: string, params?: unknown[]) => Promise<R[]>) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
  const db = await openDb(file, options.readOnly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE);
  try {
    await all(db, 'PRAGMA busy_timeout = 10000');
    return await fn((sql, params) => all(db, sql, params));
  } finally {
    await closeDb(db);
  }
}

export interface IntegrityResult {
  readonly ok: boolean;
  /** SQLite's own words for what is wrong (at most 20 lines), or why the file could not be read. */
  readonly problems: readonly string[];
  /** `PRAGMA user_version` when the file could be read. */
  readonly schemaVersion: number | null;
  readonly ms: number;
}

/** Error codes that mean "this file is damaged or not a database", as opposed to "cannot get at it now". */
const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_FORMAT']);

export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CORRUPTION_CODES.has(code);
}

/**
 * `PRAGMA integrity_check` (or `quick_check`) on a file. A damaged file answers `ok: false` with the
 * problems; a file that cannot be opened for another reason (permissions, locked) throws.
 */
export async function checkIntegrity(file: string, kind: 'integrity_check' | 'quick_check' = 'integrity_check'): Promise<IntegrityResult> {
  const started = performance.now();
  try {
    return await withFile(file, async (q) => {
      const rows = await q<Record<string, string>>(`PRAGMA ${kind}(20)`);
      const lines = rows.map((r) => String(Object.values(r)[0]));
      const version = (await q<{ user_version: number }>('PRAGMA user_version'))[0]?.user_version ?? null;
      const ok = lines.length === 1 && lines[0] === 'ok';
      return { ok, problems: ok ? [] : lines, schemaVersion: version, ms: performance.now() - started };
    });
  } catch (error) {
    if (isCorruptionError(error)) {
      return { ok: false, problems: [error instanceof Error ? error.message : String(error)], schemaVersion: null, ms: performance.now() - started };
    }
    throw error;
  }
}

export async function schemaVersionOf(file: string): Promise<number> {
  return withFile(file, async (q) => (await q<{ user_version: number }>('PRAGMA user_version'))[0]?.user_version ?? 0, { readOnly: true });
}

/**
 * Copies a consistent snapshot of `source` to `dest` with `VACUUM INTO` (compact, defragmented,
 * without the WAL), on its own connection so the core's writes go on meanwhile; `dest` must not exist.
 */
export async function vacuumInto(source: string, dest: string): Promise<void> {
  if (existsSync(dest)) throw new Error(`${dest} already exists`);
  await withFile(source, async (q) => {
    await q('VACUUM INTO ?', [dest]);
  });
  fsyncFile(dest);
}

export function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename inside a folder durable (a no-op where folders cannot be opened, i.e. Windows). */
export function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Renames `from` to `to` and makes it durable. */
export function durableRename(from: string, to: string): void {
  renameSync(from, to);
  fsyncDir(path.dirname(to));
}
