/**
 * A core on a withdrawn SQLite does not start: createCore fails with the Chinese sentence before any
 * file is opened or created (the shell shows it in its start-failure dialog, the web console and
 * headless print it and exit 1), and openDataSource refuses too. The driver is replaced here by one
 * that reports 3.52.0, the release sqlite3 6.0.1 bundles.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';

vi.mock('sqlite3', () => {
  class Database {
    constructor(_file: string, callback?: (error: Error | null) => void) {
      queueMicrotask(() => callback?.(null));
    }
    get(_sql: string, callback: (error: Error | null, row: { v: string }) => void): void {
      queueMicrotask(() => callback(null, { v: '3.52.0' }));
    }
    close(): void {}
  }
  const sqlite3 = { Database, verbose: () => sqlite3 };
  return { default: sqlite3, ...sqlite3 };
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('createCore refuses to start on SQLite 3.52.0 and opens nothing', async () => {
  const { createCore } = await import('../../main/core/app-core');
  const { SqliteEngineError } = await import('../../main/core/db/sqlite-engine');
  const root = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-engine-'));
  dirs.push(root);
  const dataDir = path.join(root, 'data');
  const started = createCore({ demo: true, dataDir, kdfLogN: 10, sweepIntervalMs: 0 });
  await expect(started).rejects.toBeInstanceOf(SqliteEngineError);
  await expect(started).rejects.toThrow('值班台拒绝打开数据库：数据库引擎 SQLite 3.52.0 是已撤回的版本');
  await expect(started).rejects.toMatchObject({ code: 'sqlite_engine_refused', version: '3.52.0', why: 'withdrawn' });
  expect(existsSync(dataDir)).toBe(false);
});

it('openDataSource refuses too', async () => {
  const { openDataSource } = await import('../../main/core/db/data-source');
  const root = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-engine-'));
  dirs.push(root);
  await expect(openDataSource(path.join(root, 'x.sqlite'))).rejects.toThrow(/SQLite 3\.52\.0 是已撤回的版本/);
  expect(existsSync(path.join(root, 'x.sqlite'))).toBe(false);
});
